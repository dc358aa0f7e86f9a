import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { redact } from './redact.ts';

/** 1 MB per file, 5 files: `loket.log` (newest) and `loket.1.log` … `loket.4.log`. */
export const LOG_FILE_BYTES = 1024 * 1024;
export const LOG_FILES = 5;
/** One line never takes more than this (a huge payload in a detail is cut). */
const MAX_LINE_CHARS = 8 * 1024;

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/**
 * The console's rotating log file in `<dataDir>/logs/`. Every line is redacted (phone numbers,
 * e-mail addresses: ./redact.ts) before it is written, and written with one synchronous append,
 * so a line is whole in the file before the call returns even when main crashes right after, and
 * lines of one process never interleave. When the next line would pass 1 MB the files shift by
 * one and the oldest goes. A write that fails (disk full, folder removed by the end-of-access
 * wipe) is dropped: logging must never take main down.
 */
export class LogFile {
  readonly path: string;
  #size: number;
  readonly #maxBytes: number;
  readonly #files: number;

  constructor(dir: string, options: { maxBytes?: number; files?: number } = {}) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = path.join(dir, 'loket.log');
    this.#maxBytes = options.maxBytes ?? LOG_FILE_BYTES;
    this.#files = options.files ?? LOG_FILES;
    this.#size = sizeOf(this.path);
  }

  write(level: LogLevel, module: string, message: string, details: readonly unknown[], at = new Date()): void {
    const text = [message, ...details.map(formatDetail)].join(' ');
    const line = `${at.toISOString()} ${level} [${module}] ${redact(text).slice(0, MAX_LINE_CHARS)}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
      this.#append(line);
    } catch {
      // The folder may be gone (removed with the data folder): make it again, once.
      try {
        mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
        this.#size = sizeOf(this.path);
        this.#append(line);
      } catch {
        // Disk full or no rights: this line is lost, main goes on.
      }
    }
  }

  #append(line: string): void {
    appendFileSync(this.path, line, { mode: 0o600 });
    this.#size += Buffer.byteLength(line);
  }

  /** Every file of this log, newest first (for tests and support). */
  files(): string[] {
    return Array.from({ length: this.#files }, (_, index) => this.#fileAt(index));
  }

  #rotate(): void {
    rmSync(this.#fileAt(this.#files - 1), { force: true });
    for (let index = this.#files - 2; index >= 0; index -= 1) {
      try {
        renameSync(this.#fileAt(index), this.#fileAt(index + 1));
      } catch {
        // A missing older file is fine: the log is younger than five files.
      }
    }
    this.#size = 0;
  }

  #fileAt(index: number): string {
    return index === 0 ? this.path : path.join(path.dirname(this.path), `loket.${index}.log`);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function formatDetail(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  return inspect(detail, { depth: 4, breakLength: Infinity, maxStringLength: 2_000, maxArrayLength: 50 });
}
