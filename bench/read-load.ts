import { spawn } from 'node:child_process';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../server/db/database.ts';
import type { BenchCase, FigureCase } from './harness.ts';

// "Hub reads p95 ≤ 10 ms with 50 concurrent clients": 50 signed-in agents (each its own session)
// read in a closed loop, or at a pace (`thinkMs`), from a client process (read-clients-process.ts) while the hub runs in the
// bench process. One load run serves the per-kind cases, the throughput and the hub's CPU per read.

export const READ_KINDS = ['lookup', '360', 'timeline'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export const READ_CLIENTS = Number(process.env.LOKET_BENCH_READ_CLIENTS ?? 50);
const WARMUP_MS = 3_000;
/**
 * How long a load is measured; `LOKET_BENCH_READ_SECONDS` sets both. The paced load's p95 is
 * its target's figure: at 20 s it rested on the slowest ~16 of ~320 reads a kind, and seven
 * 60-second runs of the same code on PostgreSQL still gave a timeline p95 of 8.7–12.2 ms.
 */
const SECONDS = process.env.LOKET_BENCH_READ_SECONDS;
const CLOSED_LOOP_MS = Number(SECONDS ?? 20) * 1_000;
const PACED_MS = Number(SECONDS ?? 60) * 1_000;
const PASSWORD = 'bench-read-password';

export interface ReadLoadPlan {
  readonly url: string;
  readonly tokens: readonly string[];
  readonly phones: readonly string[];
  readonly customers: readonly string[];
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Mean pause between one client's reads (0: the closed loop, no pause). */
  readonly thinkMs: number;
}

export interface ReadLoadResult {
  readonly samples: Record<ReadKind, number[]>;
  readonly measuredMs: number;
  /** Every read sent, warm-up included. */
  readonly requests: number;
}

interface Measured extends ReadLoadResult {
  /** The hub process's CPU time (user + system) per read while measured, in ms. */
  readonly cpuMsPerRead: number;
  readonly auditRowsAdded: number;
}

/** `clients` first-line agents in a new office of the data set, each signed in once. */
async function signInClients(db: Database, url: string, clients: number): Promise<string[]> {
  const officeId = uuidv7();
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, $2, 'Bench readers', 'NL', 'Europe/Amsterdam')`, [officeId, `read-${officeId.slice(-6)}`]);
  const passwordHash = await hash(PASSWORD);
  const emails = Array.from({ length: clients }, (_, i) => `reader-${i}-${officeId.slice(-8)}@shop.example`);
  await db.query(
    `insert into agent (id, office_id, email, display_name, role, password_hash)
     select gen_random_uuid(), $1, email, 'Bench Reader', 'first_line', $2 from unnest($3::text[]) as email`,
    [officeId, passwordHash, emails],
  );
  const tokens: string[] = [];
  for (const email of emails) {
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`login of ${email}: ${login.status}`);
    tokens.push(((await login.json()) as { accessToken: string }).accessToken);
  }
  return tokens;
}

async function runClients(plan: ReadLoadPlan): Promise<ReadLoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'read-clients-process.ts')], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdin.end(JSON.stringify(plan));
  const code = await exited;
  if (code !== 0) throw new Error(`the read clients failed (exit ${code})`);
  return JSON.parse(output) as ReadLoadResult;
}

/**
 * The cases of one hub: the first one runs the load (once), each returns its kind's samples; then
 * the throughput, the hub's CPU per read, and a check that every read left its audit line.
 */
export function concurrentReadCases(
  state: () => { db: Database; url: string; phones: string[]; customers: string[]; flushAudit: () => Promise<void> },
  thinkMs = 0,
): (BenchCase | FigureCase)[] {
  const model = thinkMs > 0 ? `each a read per ${(thinkMs / 1000).toLocaleString('en')} s on average` : 'closed loop';
  let measured: Promise<Measured> | null = null;
  const load = () =>
    (measured ??= (async () => {
      const { db, url, phones, customers, flushAudit } = state();
      const tokens = await signInClients(db, url, READ_CLIENTS);
      await flushAudit();
      const [before = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from audit_log');
      const cpu = process.cpuUsage();
      const result = await runClients({ url, tokens, phones, customers, warmupMs: WARMUP_MS, durationMs: thinkMs > 0 ? PACED_MS : CLOSED_LOOP_MS, thinkMs });
      const used = process.cpuUsage(cpu);
      await flushAudit();
      const [after = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from audit_log');
      // Every read (warm-up included) leaves at least one audit line; the CPU also covers the clients' sign-in, so per read it is an upper bound.
      const auditRowsAdded = Number(after.n) - Number(before.n);
      if (auditRowsAdded < result.requests) throw new Error(`${result.requests} reads but ${auditRowsAdded} audit rows: reads went unaudited`);
      return { ...result, cpuMsPerRead: (used.user + used.system) / 1000 / result.requests, auditRowsAdded };
    })());
  const names: Record<ReadKind, string> = { lookup: 'lookup by phone', '360': '360 (GET /customers/:id)', timeline: 'timeline page of 50' };
  return [
    ...READ_KINDS.map(
      (kind): BenchCase => ({
        name: `${READ_CLIENTS} clients, ${model}: ${names[kind]} (HTTP, 100k customers)`,
        iterations: 1,
        warmup: 0,
        target: { p95Ms: 10 },
        run: async () => (await load()).samples[kind],
      }),
    ),
    {
      name: `${READ_CLIENTS} clients, ${model}: reads per second (all kinds)`,
      unit: 'reads/s',
      measure: async () => {
        const result = await load();
        return (READ_KINDS.reduce((sum, kind) => sum + result.samples[kind].length, 0) / result.measuredMs) * 1000;
      },
    },
    {
      name: `${READ_CLIENTS} clients, ${model}: hub CPU per read`,
      unit: 'ms',
      measure: async () => (await load()).cpuMsPerRead,
    },
  ];
}
