// The fan-out benchmark's world: one PostgreSQL (durable while measured), hub instances each in
// its own process (fanout-hub-process.ts), and socket holders in child processes
// (live-sockets-process.ts), so neither the hubs nor the sockets share the measuring event loop.
import { hash } from '@node-rs/argon2';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../common/hub/roles.ts';
import { openPostgres, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { ensurePostgresInstalled, startPostgres, type PostgresServer } from '../test/support/postgres.ts';
import { durability, makeDurable } from './checks.ts';
import { processCpuMs } from './process-cpu.ts';

const PASSWORD = 'bench-password';
const SECRET = 'bench-secret-bench-secret-bench';
/** The sessions the sockets sign in with: every role, so each audience rule is on the path. */
const SESSIONS: Readonly<Record<Role, number>> = { first_line: 12, second_line: 4, expert: 2, team_lead: 4, admin: 2, overflow: 6 };
/** Customers with one phone each, for the consoles' lookups. */
const CUSTOMERS = 2_000;

/** A child that answers lines on stdin with lines on stdout. */
class LineChild {
  readonly #child: ChildProcess;
  readonly #waiting: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  readonly exited: Promise<void>;

  constructor(child: ChildProcess, label: string) {
    this.#child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const index = this.#waiting.findIndex((w) => line.startsWith(w.prefix));
      if (index >= 0) this.#waiting.splice(index, 1)[0]?.resolve(line);
      else console.log(`    ${label}: ${line}`);
    });
  }

  /** The child's process id (its CPU time is read from /proc). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The next line starting with `prefix` (after sending `command`, if given), without it. */
  next(prefix: string, command?: string, timeoutMs = 600_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs);
      this.#waiting.push({ prefix, resolve: (line) => (clearTimeout(timer), resolve(line.slice(prefix.length).trim())) });
      void this.exited.then(() => reject(new Error(`the child exited before "${prefix}"`)));
      if (command !== undefined) this.#child.stdin?.write(`${command}\n`);
    });
  }

  async stop(): Promise<void> {
    this.#child.stdin?.end();
    const force = setTimeout(() => this.#child.kill('SIGKILL'), 20_000);
    this.#child.kill('SIGTERM');
    await this.exited;
    clearTimeout(force);
  }
}

function spawnScript(file: string, config: unknown, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(import.meta.dirname, file), JSON.stringify(config)], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

export interface HubInstance {
  readonly url: string;
  /** RSS and heap of the instance after a full GC, in bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** CPU time (user + system) the instance has used so far, in ms (NaN where /proc cannot tell). */
  cpuMs(): number;
}

export interface Holders {
  readonly count: number;
  /** Per socket: when the first frame containing `marker` arrived (epoch ms); missing and repeated counts. */
  arrivals(marker: string): Promise<{ times: number[]; missing: number; repeated: number }>;
  /** The console load's latencies since the last call (ms), and failed requests. */
  stats(): Promise<{ syncMs: number[]; readMs: number[]; failures: number; deltas: number }>;
  /** Resolves when no console has a delta sync pending. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface FanoutCluster {
  readonly db: Database;
  readonly hubs: readonly HubInstance[];
  /** Signed-in sessions of every role; `leadToken` switches peak mode. */
  readonly tokens: Readonly<Record<Role, string[]>>;
  readonly leadToken: string;
  readonly phones: readonly string[];
  /** The hub's newest sequence value: sockets and syncs starting here replay nothing. */
  head(): Promise<number>;
  /** Holders of `count` sockets on `hub`, `perChild` per process. */
  hold(hub: HubInstance, count: number, options: { tokens: readonly string[]; record?: boolean; consoles?: { readEveryMs: number }; perChild?: number }): Promise<Holders>;
  stop(): Promise<void>;
}

export async function startFanoutCluster(instances: number): Promise<FanoutCluster> {
  ensurePostgresInstalled();
  const server: PostgresServer = await startPostgres({ durabilitySwitchable: true });
  const children: LineChild[] = [];
  const db = await openPostgres(server.url, 4);
  try {
    await migrate(db);
    const officeId = uuidv7();
    await db.query(`insert into office (id, code, name, country, timezone) values ($1, 'fan', 'Fan-out', 'NL', 'Europe/Amsterdam')`, [officeId]);
    await db.query(
      `insert into customer (id, name, language, country, office_id)
       select ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Klant ' || n, 'nl', 'NL', $1 from generate_series(1, $2) as n`,
      [officeId, CUSTOMERS],
    );
    await db.query(
      `insert into customer_phone (customer_id, e164)
       select ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, '+3161' || lpad(n::text, 7, '0') from generate_series(1, $1) as n`,
      [CUSTOMERS],
    );
    const passwordHash = await hash(PASSWORD);
    const emails: Array<[Role, string]> = [];
    for (const [role, count] of Object.entries(SESSIONS) as Array<[Role, number]>) {
      for (let i = 0; i < count; i++) {
        const email = `${role.replace('_', '-')}-${i}@fanout.example`;
        await db.query(
          `insert into agent (id, office_id, email, display_name, role, languages, password_hash, access_expires_at) values ($1, $2, $3, $4, $5, '{nl,en}', $6, $7)`,
          [uuidv7(), officeId, email, `Fan-out ${role} ${i}`, role, passwordHash, role === 'overflow' ? new Date(Date.now() + 30 * 86_400_000) : null],
        );
        emails.push([role, email]);
      }
    }
    await makeDurable(db);
    console.log(`    PostgreSQL durable while measured: ${JSON.stringify(await durability(db))}`);

    const hubs: HubInstance[] = [];
    const hubArgs = (process.env.LOKET_BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
    for (let i = 0; i < instances; i++) {
      const child = new LineChild(spawnScript('fanout-hub-process.ts', { databaseUrl: server.url, secret: SECRET, poolSize: 10 }, ['--expose-gc', ...hubArgs]), `hub ${i}`);
      children.push(child);
      const url = await child.next('FANOUT_HUB ', undefined, 120_000);
      hubs.push({
        url,
        memory: async () => JSON.parse(await child.next('MEMORY ', 'memory')) as { rss: number; heapUsed: number },
        cpuMs: () => processCpuMs(child.pid),
      });
    }
    const tokens = Object.fromEntries(Object.keys(SESSIONS).map((role) => [role, [] as string[]])) as Record<Role, string[]>;
    for (const [role, email] of emails) {
      const response = await fetch(`${hubs[0]?.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
      if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
      tokens[role].push(((await response.json()) as { accessToken: string }).accessToken);
    }
    const phones = (await db.query<{ e164: string }>('select e164 from customer_phone order by e164')).map((row) => row.e164);
    const head = async () => {
      // Rows and events take their values from one sequence (server/README.md, "Ordering").
      const [row] = await db.query<{ seq: number }>('select last_value::int8 as seq from change_seq');
      return Number(row?.seq ?? 0);
    };
    return {
      db,
      hubs,
      tokens,
      leadToken: tokens.team_lead[0] ?? '',
      phones,
      head,
      async hold(hub, count, options) {
        const perChild = options.perChild ?? 2_500;
        const since = await head();
        const parts: LineChild[] = [];
        for (let opened = 0; opened < count; opened += perChild) {
          const config = {
            url: hub.url,
            tokens: options.tokens,
            count: Math.min(perChild, count - opened),
            since,
            record: options.record ?? false,
            ...(options.consoles ? { consoles: { readEveryMs: options.consoles.readEveryMs, phones } } : {}),
          };
          const child = new LineChild(spawnScript('live-sockets-process.ts', config), 'sockets');
          parts.push(child);
          children.push(child);
        }
        await Promise.all(parts.map((child) => child.next('ready', undefined, 300_000)));
        const all = <T>(command: string, prefix: string) => Promise.all(parts.map(async (child) => JSON.parse(await child.next(prefix, command)) as T));
        return {
          count,
          async arrivals(marker) {
            const answers = await all<{ times: number[]; missing: number; repeated: number }>(`arrivals ${marker}`, 'arrivals ');
            return { times: answers.flatMap((a) => a.times), missing: answers.reduce((n, a) => n + a.missing, 0), repeated: answers.reduce((n, a) => n + a.repeated, 0) };
          },
          async stats() {
            const answers = await all<{ syncMs: number[]; readMs: number[]; failures: number; deltas?: number }>('stats', 'stats ');
            return {
              syncMs: answers.flatMap((a) => a.syncMs),
              readMs: answers.flatMap((a) => a.readMs),
              failures: answers.reduce((n, a) => n + a.failures, 0),
              deltas: answers.reduce((n, a) => n + (a.deltas ?? 0), 0),
            };
          },
          async settled() {
            await Promise.all(parts.map((child) => child.next('settled', 'settled')));
          },
          async stop() {
            await Promise.all(parts.map((child) => child.stop()));
          },
        };
      },
      async stop() {
        await Promise.all(children.map((child) => child.stop()));
        await db.close();
        await server.stop();
      },
    };
  } catch (error) {
    await Promise.all(children.map((child) => child.stop()));
    await db.close();
    await server.stop();
    throw error;
  }
}

/** Switches peak mode through `hub` with a note no earlier round used; resolves with the write's start (epoch ms). */
export async function switchPeakMode(hub: HubInstance, token: string, marker: string, enabled: boolean): Promise<number> {
  const started = performance.timeOrigin + performance.now();
  const response = await fetch(`${hub.url}/peak-mode`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ enabled, note: marker, ...(enabled ? { preset: 'callbacks_only' } : {}) }),
  });
  if (response.status !== 200) throw new Error(`peak mode: ${response.status} ${await response.text()}`);
  return started;
}
