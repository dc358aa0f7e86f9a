// One tiny logger per module: a prefix tells where a line comes from. Main's logs go to stderr so
// stdout stays free for what the user must see (the web shell's URL).
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export function createLogger(module: string): Logger {
  const prefix = `[${module}]`;
  const quiet = process.env.LOKET_LOG === 'silent';
  return {
    info: (message, ...details) => {
      if (!quiet) console.error(prefix, message, ...details);
    },
    warn: (message, ...details) => {
      if (!quiet) console.error(prefix, 'WARN', message, ...details);
    },
    error: (message, ...details) => console.error(prefix, 'ERROR', message, ...details),
  };
}
