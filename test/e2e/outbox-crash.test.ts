import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../common/contract/console-data.ts';
import { CACHE_FILE } from '../../main/cache/local-cache.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub } from '../support/console-fixture.ts';
import { connectContract, type ContractSocket } from '../support/contract-socket.ts';
import { tempDir } from '../support/temp-dir.ts';
import type { RunningWebShell } from '../support/web-shell-process.ts';

// Nothing typed is lost: the console's main process (the web shell) is killed with SIGKILL at
// random moments while 1,000 notes are written through the contract socket, 20 times over.
// After every kill the cache passes SQLite's integrity check; at the end every note the console
// had confirmed is at the hub exactly once.
const NOTES = 1_000;
const KILLS = 20;

let hub: FixtureHub;
let dataDir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  hub = await startFixtureHub();
  const temp = await tempDir();
  dataDir = temp.dir;
  cleanup = temp.cleanup;
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await cleanup?.();
});

/** The console on the same data folder every time: each start is a restart after a kill. */
async function startConsole(): Promise<{ shell: RunningWebShell; socket: ContractSocket }> {
  const { shell } = await startSignedInConsole(hub, 'first_line', { dataDir });
  const socket = await connectContract(shell);
  // Writing needs the cache, which opens once the session (stored or fresh) names the agent.
  for (let i = 0; ; i++) {
    const status = await socket.request<SyncStatus>('sync.status', {});
    if (status.cache.state !== 'unavailable') break;
    if (i > 400) throw new Error(`the cache did not open: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { shell, socket };
}

/** Opens the cache file the way SQLite would after a crash (WAL recovery) and checks every page. */
function integrityCheck(): string {
  const key = readFileSync(path.join(dataDir, 'secrets', 'cache-key.secret'));
  const cache = new Database(path.join(dataDir, 'cache', CACHE_FILE));
  try {
    cache.pragma(`cipher = 'sqlcipher'`);
    cache.pragma('legacy = 4');
    cache.pragma(`key = "x'${key.toString('hex')}'"`);
    return String(cache.pragma('integrity_check', { simple: true }));
  } finally {
    cache.close();
  }
}

describe('the outbox under SIGKILL', () => {
  it(`delivers every confirmed note exactly once across ${KILLS} kills during ${NOTES} writes`, async () => {
    const anna = hub.fixture.customers.anna.id;
    const confirmed = new Set<string>();
    const unconfirmed = new Set<string>();
    let next = 0;
    const checks: string[] = [];

    // Each run gets its share of the notes and is killed at a random note within it, with up to
    // four writes in flight: a time-based kill ran out of notes before the 20th kill on a fast
    // machine.
    const share = Math.ceil(NOTES / (KILLS + 1));
    for (let run = 0; run <= KILLS && next < NOTES; run++) {
      const { shell, socket } = await startConsole();
      const last = run === KILLS;
      const runEnd = last ? NOTES : Math.min(NOTES, next + share);
      const killAt = last ? Number.POSITIVE_INFINITY : next + Math.floor(Math.random() * (runEnd - next));
      let killed = false;
      // Four writes in flight at a time, like an agent's fast typing plus the draft saves.
      const writer = async () => {
        while (next < runEnd && !killed) {
          const index = next++;
          const id = uuidv7();
          unconfirmed.add(id);
          const write = socket.request('notes.add', { id, customerId: anna, text: `crash-test note ${index}` });
          if (index === killAt) {
            killed = true;
            shell.process.kill('SIGKILL');
          }
          try {
            await write;
            unconfirmed.delete(id);
            confirmed.add(id);
          } catch {
            return; // the console died with this write in flight: it may or may not have been stored
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      if (!last) {
        await shell.stop('SIGKILL'); // waits for the exit
        checks.push(integrityCheck());
      } else {
        // The last run lives until the outbox is empty.
        for (let i = 0; ; i++) {
          const status = await socket.request<SyncStatus>('sync.status', {});
          if (status.pending === 0 && status.setAside === 0) break;
          if (i > 1_200) throw new Error(`outbox did not drain: ${JSON.stringify(status)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        socket.close();
        await shell.stop();
        checks.push(integrityCheck());
      }
    }

    expect(checks.length).toBeGreaterThanOrEqual(KILLS);
    expect(checks.every((c) => c === 'ok'), checks.join(',')).toBe(true);
    expect(next).toBe(NOTES);
    expect(confirmed.size).toBeGreaterThan(NOTES / 2);

    const rows = await hub.db.query<{ id: string; note: string }>(`select id, note from interaction where note like 'crash-test note %'`);
    const atHub = new Map(rows.map((r) => [r.id, r.note]));
    const missing = [...confirmed].filter((id) => !atHub.has(id));
    expect(missing, 'confirmed notes missing at the hub').toEqual([]);
    // Exactly once: no text twice (ids are unique by the primary key anyway).
    const texts = rows.map((r) => r.note);
    expect(new Set(texts).size).toBe(texts.length);
    // Whatever the hub has beyond the confirmed ones was in flight at a kill.
    for (const id of atHub.keys()) expect(confirmed.has(id) || unconfirmed.has(id)).toBe(true);
    console.log(`[crash] ${checks.length} restarts, ${confirmed.size} confirmed, ${atHub.size - confirmed.size} in-flight writes that also arrived`);
  }, 600_000);
});
