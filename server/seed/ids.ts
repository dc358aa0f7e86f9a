import { v7 as uuidv7 } from 'uuid';
import { type Random } from './random.ts';

const bytes = new Uint8Array(16);

/**
 * A UUIDv7 for a row made at `ms`: its id sorts with its time, like ids the consoles make, and
 * its random part comes from the seeded stream so a re-run makes the same ids.
 */
export function uuidAt(rng: Random, ms: number): string {
  return uuidv7({ msecs: Math.max(0, Math.floor(ms)), random: rng.fill(bytes) });
}
