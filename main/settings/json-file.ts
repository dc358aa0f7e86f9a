import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * A small JSON document on disk, validated on read and replaced atomically on write (temp file,
 * fsync, rename), so a crash mid-write leaves either the old or the new file, never half of one.
 */
export class JsonFile<T> {
  readonly file: string;
  readonly #schema: z.ZodType<T>;

  constructor(file: string, schema: z.ZodType<T>) {
    this.file = file;
    this.#schema = schema;
  }

  /** The stored value, or `undefined` when absent. An unreadable file is moved aside, not lost. */
  async read(): Promise<{ value: T | undefined; setAside?: string }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return { value: undefined };
      throw error;
    }
    try {
      const parsed = this.#schema.safeParse(JSON.parse(text));
      if (parsed.success) return { value: parsed.data };
    } catch {
      // not JSON: handled below like a schema mismatch
    }
    const setAside = `${this.file}.unreadable-${Date.now()}`;
    await rename(this.file, setAside);
    return { value: undefined, setAside };
  }

  async write(value: T): Promise<void> {
    const checked = this.#schema.parse(value);
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(checked, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
