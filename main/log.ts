// One tiny logger per module: a prefix tells where a line comes from. Main's logs go to stderr so
// stdout stays free for what the user must see (the web shell's URL), and, once a shell called
// `configureLogFile`, also to the rotating, redacted log file in `<dataDir>/logs/`
// (./logging/log-file.ts) that About shows and agents send to support.
import path from 'node:path';
import { LogFile, type LogLevel } from './logging/log-file.ts';

export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

let logFile: LogFile | null = null;

/**
 * Starts writing every module's lines to `<dataDir>/logs/loket.log` (both shells call it at
 * start, before the services). Returns the file's path. `LOKET_LOG=silent` quiets stderr only.
 */
export function configureLogFile(dataDir: string): string {
  logFile = new LogFile(path.join(dataDir, 'logs'));
  return logFile.path;
}

/** The log file lines go to, or null before `configureLogFile` (tests, tools). */
export function currentLogFile(): string | null {
  return logFile?.path ?? null;
}

export function createLogger(module: string): Logger {
  const prefix = `[${module}]`;
  const quiet = process.env.LOKET_LOG === 'silent';
  const toFile = (level: LogLevel, message: string, details: unknown[]) => logFile?.write(level, module, message, details);
  return {
    info: (message, ...details) => {
      toFile('INFO', message, details);
      if (!quiet) console.error(prefix, message, ...details);
    },
    warn: (message, ...details) => {
      toFile('WARN', message, details);
      if (!quiet) console.error(prefix, 'WARN', message, ...details);
    },
    error: (message, ...details) => {
      toFile('ERROR', message, details);
      console.error(prefix, 'ERROR', message, ...details);
    },
  };
}
