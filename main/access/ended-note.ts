import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EndReason } from '../../common/contract/access.ts';
import { JsonFile } from '../settings/json-file.ts';
import type { EndedStatus } from './access-end.ts';

/** The one thing the wipe leaves about the agent: why and when access ended, and counts (no customer data). */
const EndedNoteShape = z.strictObject({
  reason: EndReason,
  endedAt: z.string().max(40),
  unsent: z.strictObject({ count: z.number().int().min(0), reported: z.boolean() }),
});

export const ENDED_NOTE_FILE = 'access-ended.json';

/** `access-ended.json` in the data folder, so a restart after the wipe still says why. */
export class EndedNoteFile {
  readonly #file: JsonFile<z.infer<typeof EndedNoteShape>>;
  readonly #path: string;

  constructor(dataDir: string) {
    this.#path = path.join(dataDir, ENDED_NOTE_FILE);
    this.#file = new JsonFile(this.#path, EndedNoteShape);
  }

  /** The note as an `ended` status (its items were shown once and are gone). */
  async read(): Promise<EndedStatus | null> {
    const { value } = await this.#file.read();
    return value ? { state: 'ended', reason: value.reason, endedAt: value.endedAt, unsent: { ...value.unsent, items: [] } } : null;
  }

  write(ended: EndedStatus): Promise<void> {
    return this.#file.write({ reason: ended.reason, endedAt: ended.endedAt, unsent: { count: ended.unsent.count, reported: ended.unsent.reported } });
  }

  clear(): Promise<void> {
    return rm(this.#path, { force: true });
  }
}
