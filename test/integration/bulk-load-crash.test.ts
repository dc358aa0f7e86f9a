import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/cache/local-cache.ts';
import { keyFileVault } from '../../main/cache/vault.ts';
import { until } from '../support/services-requests.ts';
import { tempDirsPerTest } from '../support/temp-dir.ts';

// A first sync writes through a rollback journal, not the WAL (main/cache/bulk-load.ts). Here a
// real console process (test/support/bulk-load-writer.ts) is killed with SIGKILL while a page's
// transaction is half-written — its journal still on disk — and the encrypted cache must open
// again with that page rolled back, the agent's unsent note still in the outbox, the saved
// position matching the rows kept, and the load able to go on and finish.
const freshDir = tempDirsPerTest();
const WRITER = path.join(import.meta.dirname, '..', 'support', 'bulk-load-writer.ts');

interface Writer {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<void>;
}

function startWriter(dir: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, lines, exited };
}

const journalBytes = (file: string): number => {
  try {
    return statSync(`${file}-journal`).size;
  } catch {
    return 0;
  }
};

const count = (cache: LocalCache, sql: string) => Number(cache.db.prepare(sql).pluck().get());

describe('a first sync killed in the middle of a page', () => {
  it('opens again with the page rolled back, the outbox kept, the position matching the rows, and finishes', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'cache', 'loket-cache.db');
    let hotJournals = 0;
    // A kill can land just after a commit: each round kills one writer, until one died mid-page.
    for (let round = 0; round < 5 && hotJournals === 0; round++) {
      const writer = startWriter(dir);
      await until('two pages written', () => writer.lines.filter((line) => line.startsWith('page ')).length >= 2 || undefined, 60_000);
      // In the next page's transaction: its journal holds the pages it changes.
      await until('a page half-written', () => journalBytes(file) > 0 || undefined, 30_000);
      writer.child.kill('SIGKILL');
      await writer.exited;
      if (journalBytes(file) > 0) hotJournals++;
    }
    expect(hotJournals).toBe(1);

    const cache = LocalCache.open(path.join(dir, 'cache'), keyFileVault(path.join(dir, 'secrets')));
    expect(journalBytes(file)).toBe(0);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const position = cache.snapshotPosition();
    expect(position?.table).toBe('interaction');
    // Whole pages only: the customer, then 20,000 interactions per page kept.
    const pages = count(cache, `select count(*) from interaction where channel = 'phone'`);
    expect(pages % 20_000).toBe(0);
    expect(position?.rows).toBe(1 + pages);
    expect(cache.outbox.counts().pending).toBe(1);
    expect(count(cache, `select count(*) from interaction where channel = 'note' and note = 'belt terug na de storing'`)).toBe(1);
    cache.close();

    // The load goes on from there and finishes.
    const writer = startWriter(dir);
    await until('one more page', () => writer.lines.filter((line) => line.startsWith('page ')).length >= 1 || undefined, 60_000);
    writer.child.kill('SIGTERM');
    await writer.exited;
    const reopened = LocalCache.open(path.join(dir, 'cache'), keyFileVault(path.join(dir, 'secrets')));
    reopened.beginSnapshot(reopened.snapshotPosition()!);
    reopened.finishSnapshot(99);
    expect(reopened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.snapshotPosition()).toBeNull();
    expect(count(reopened, `select count(*) from interaction where channel = 'phone'`)).toBeGreaterThan(pages);
    expect(() => reopened.db.exec(`insert into interaction_fts (interaction_fts) values ('integrity-check')`)).not.toThrow();
    reopened.close();
  }, 240_000);
});
