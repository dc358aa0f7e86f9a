import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditJournal, ROTATE_AT_LINES } from '../../server/api/audit-journal.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { tempDir } from '../support/temp-dir.ts';

// The audit journal of reads (server/api/audit-journal.ts) keeps one segment file open across its
// batches and drops it once it is long and stored: here its files and the rows it stored, on each
// database. The kill -9 of a whole hub process is test/hub/audit-crash.hardening.test.ts.
let database: TestDatabase;
let folders: { dir: string; cleanup: () => Promise<void> }[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database?.close();
  for (const folder of folders) await folder.cleanup();
  folders = [];
});

async function journalDir(): Promise<string> {
  const folder = await tempDir('loket-audit-journal-');
  folders.push(folder);
  return folder.dir;
}

const segments = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
const linesIn = (dir: string) => segments(dir).reduce((sum, name) => sum + readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).length, 0);

async function rowsOf(agentId: string): Promise<Map<string, number>> {
  const rows = await database.db.query<{ subject_id: string; n: number }>('select subject_id, count(*)::int8 as n from audit_log where agent_id = $1 group by subject_id', [agentId]);
  return new Map(rows.map((row) => [row.subject_id, Number(row.n)]));
}

describe('the audit journal of reads', () => {
  it('writes its batches to one segment and stores every line once', async () => {
    const dir = await journalDir();
    const journal = await AuditJournal.open(database.db, { dir });
    const agent = uuidv7();
    const customers = Array.from({ length: 3 }, () => uuidv7());
    for (const customer of customers) {
      journal.recordReads(agent, 'customer.read', [customer]);
      await journal.flush();
    }
    expect(segments(dir)).toHaveLength(1);
    expect(linesIn(dir)).toBe(3);
    expect(await rowsOf(agent)).toEqual(new Map(customers.map((id) => [id, 1])));
    await journal.close();
    // Every line stored: a clean close leaves no segment to replay.
    expect(segments(dir)).toEqual([]);
  });

  it('replays a segment whose lines were already stored without storing them twice', async () => {
    const dir = await journalDir();
    // A flush delay longer than the test: only the explicit flush stores anything.
    const crashed = await AuditJournal.open(database.db, { dir, flushDelayMs: 600_000 });
    const agent = uuidv7();
    const stored = Array.from({ length: 5 }, () => uuidv7());
    crashed.recordReads(agent, 'customer.read', stored);
    await crashed.flush();
    const pending = uuidv7();
    crashed.recordReads(agent, 'customer.read', [pending]);
    // No close: as after a kill -9, the segment holds five stored lines and one that is not.
    expect(linesIn(dir)).toBe(6);
    const next = await AuditJournal.open(database.db, { dir });
    expect(segments(dir)).toEqual([]);
    expect(await rowsOf(agent)).toEqual(new Map([...stored, pending].map((id) => [id, 1])));
    await next.close();
  });

  it('drops a segment once it holds enough stored lines, and starts a new one', async () => {
    const dir = await journalDir();
    const journal = await AuditJournal.open(database.db, { dir });
    const agent = uuidv7();
    const many = Array.from({ length: ROTATE_AT_LINES }, () => uuidv7());
    journal.recordReads(agent, 'customer.lookup', many);
    await journal.flush();
    expect(segments(dir)).toEqual([]);
    const after = uuidv7();
    journal.recordReads(agent, 'customer.read', [after]);
    expect(linesIn(dir)).toBe(1);
    await journal.flush();
    const rows = await rowsOf(agent);
    expect(rows.size).toBe(ROTATE_AT_LINES + 1);
    expect([...rows.values()].every((n) => n === 1)).toBe(true);
    await journal.close();
  });
});
