import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import WebSocket from 'ws';
import type { SyncResponse } from '../common/hub/api.ts';
import { buildHub, type Hub } from '../server/api/app.ts';
import { openPostgres, type Database } from '../server/db/database.ts';
import { startPostgres, ensurePostgresInstalled } from '../test/support/postgres.ts';
import { assertLookupFound, durability, incompleteDataSet, makeDurable } from './checks.ts';
import { defineSuite, type BenchSuite } from './harness.ts';
import { concurrentReadCases } from './read-load.ts';
import { ensureScaleData, openScaleData } from './scale-hub.ts';

// The hub at benchmark scale (100k customers, 2M interactions), on PGlite and on PostgreSQL:
// lookup by phone, a timeline page and an initial-sync page over HTTP, and live-event fan-out to
// 2,000 sockets.
// The PGlite data set is kept in bench/.data between runs (seeding it is the slow part).
const SOCKETS = Number(process.env.LOKET_BENCH_SOCKETS ?? 2_000);
const SYNC_PAGES = 60;
const PASSWORD = 'bench-password';
/** Mean pause between one reader's reads in the paced 50-client cases. */
const PACED_THINK_MS = 1_000;

interface State {
  db: Database;
  hub: Hub;
  url: string;
  token: string;
  phones: string[];
  customers: string[];
  /** Surnames of customers across the data set, for the name search ("20 Jansens"). */
  surnames: string[];
  sockets: WebSocket[];
  /** The hub's newest sequence value, from the first sync request. */
  syncHead: number;
  cleanup: () => Promise<void>;
}

async function start(db: Database, cleanup: () => Promise<void>, options: { durable?: boolean } = {}): Promise<State> {
  await ensureScaleData(db);
  const [counts] = await db.query<Record<string, number>>('select (select count(*)::int8 from customer) as customer, (select count(*)::int8 from interaction) as interaction');
  const missing = incompleteDataSet(counts ?? {});
  if (missing.length > 0) throw new Error(`the scale data set is incomplete (${missing.join('; ')}): delete bench/.data and run again`);
  if (options.durable) {
    await makeDurable(db);
    console.log(`    PostgreSQL durable while measured: ${JSON.stringify(await durability(db))}`);
  }
  const officeId = uuidv7();
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, $2, 'Bench', 'NL', 'Europe/Amsterdam')`, [officeId, `bench-${officeId.slice(-6)}`]);
  const email = `bench-${officeId.slice(-8)}@shop.example`;
  await db.query(`insert into agent (id, office_id, email, display_name, role, password_hash) values ($1, $2, $3, 'Bench Lead', 'team_lead', $4)`, [
    uuidv7(),
    officeId,
    email,
    await hash(PASSWORD),
  ]);
  const hub = await buildHub({ db, ingestKey: 'bench-ingest-key-000000', secret: 'bench-secret-bench-secret-bench', loginAttemptsPerMinute: 1_000 });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const address = hub.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const phones = (await db.query<{ e164: string }>('select e164 from customer_phone order by md5(e164) limit 2000')).map((r) => r.e164);
  const customers = (await db.query<{ id: string }>('select id from customer order by md5(id::text) limit 2000')).map((r) => r.id);
  const surnames = (await db.query<{ surname: string }>(`select substring(name from '[^ ]+$') as surname from customer order by md5(id::text) limit 200`)).map((r) => r.surname);
  return { db, hub, url, token, phones, customers, surnames, sockets: [], syncHead: 0, cleanup };
}

function hubSuite(name: string, open: () => Promise<State>): BenchSuite {
  let state: State;
  const get = async (path: string) => {
    const response = await fetch(state.url + path, { headers: { authorization: `Bearer ${state.token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const getJson = async (path: string): Promise<unknown> => {
    const response = await fetch(state.url + path, { headers: { authorization: `Bearer ${state.token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const sync = async (since: number, limit: number) => {
    const response = await fetch(`${state.url}/sync?since=${since}&limit=${limit}`, { headers: { authorization: `Bearer ${state.token}` } });
    if (response.status !== 200) throw new Error(`sync: ${response.status} ${await response.text()}`);
    return (await response.json()) as SyncResponse;
  };
  return defineSuite({
    name,
    async setup() {
      state = await open();
    },
    cases: [
      {
        name: 'lookup by phone (HTTP)',
        iterations: 1_000,
        target: { p95Ms: 10 },
        async run(i) {
          const phone = state.phones[i % state.phones.length] ?? '';
          assertLookupFound(await getJson(`/customers/lookup?phone=${encodeURIComponent(phone)}`), phone);
        },
      },
      {
        // Search when the cache has no match: a surname matches the start of any word of the name
        // (not only the first), with city, last contact and open cases per hit, first 20 and `more`.
        name: 'lookup by surname, first 20 (HTTP)',
        iterations: 200,
        async run(i) {
          const surname = state.surnames[i % state.surnames.length] ?? '';
          const answer = (await getJson(`/customers/lookup?name=${encodeURIComponent(surname)}`)) as { hits?: unknown[] };
          if (!answer.hits || answer.hits.length === 0) throw new Error(`lookup by name ${surname} found nobody`);
        },
      },
      {
        name: 'timeline page of 50 (HTTP)',
        iterations: 500,
        target: { p95Ms: 30 },
        run: (i) => get(`/customers/${state.customers[i % state.customers.length]}/timeline?limit=50`),
      },
      // Lookup, 360 and timeline from 50 agents at once (read-load.ts: the model and the checks).
      ...concurrentReadCases(() => ({ ...state, flushAudit: () => state.hub.context.audit.flush() })),
      // The same 50 at a pace: one read a second each on average (an agent at peak opens a
      // customer every 30–60 s; a second is ten times that), so the figure is latency, not queueing.
      ...concurrentReadCases(() => ({ ...state, flushAudit: () => state.hub.context.audit.flush() }), PACED_THINK_MS),
      {
        // A console's first sync pages through everything from since=0, 5,000 rows a page (rows/s =
        // ops/s × 5,000). The pages are taken from all over the data set (customers and orders
        // first, then interactions), not just its start.
        name: 'initial sync: page of 5,000 rows (HTTP)',
        iterations: SYNC_PAGES,
        warmup: 3,
        async run(i) {
          if (!state.syncHead) state.syncHead = (await sync(0, 1)).head;
          const since = Math.floor(((i % SYNC_PAGES) / SYNC_PAGES) * state.syncHead * 0.95);
          const page = await sync(since, 5_000);
          if (page.changes.length !== 5_000) throw new Error(`sync from ${since}: ${page.changes.length} rows, not a full page`);
        },
      },
      {
        name: `event fan-out to ${SOCKETS} sockets (per delivery)`,
        iterations: 20,
        warmup: 2,
        target: { p95Ms: 200 },
        async run(i) {
          if (state.sockets.length === 0) state.sockets = await openSockets(state.db, state.url, state.token, SOCKETS);
          const arrivals: number[] = [];
          const started = performance.now();
          const done = new Promise<void>((resolve) => {
            for (const ws of state.sockets) {
              ws.once('message', () => {
                arrivals.push(performance.now() - started);
                if (arrivals.length === state.sockets.length) resolve();
              });
            }
          });
          const response = await fetch(`${state.url}/presence`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ status: i % 2 === 0 ? 'available' : 'break' }),
          });
          if (response.status !== 200) throw new Error(`presence: ${response.status}`);
          await done;
          return arrivals;
        },
      },
    ],
    // Also after a setup that failed half-way (the harness tears down then too): nothing to release.
    async teardown() {
      if (!state) return;
      for (const ws of state.sockets) ws.terminate();
      await state.hub.close();
      await state.db.close();
      await state.cleanup();
    },
  });
}

async function openSockets(db: Database, url: string, token: string, count: number): Promise<WebSocket[]> {
  // Start at "now": a fan-out socket should not replay the history.
  const [{ seq } = { seq: 0 }] = await db.query<{ seq: number }>('select coalesce(max(seq), 0)::int8 as seq from change_log');
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/events?since=${seq}`, { headers: { authorization: `Bearer ${token}` } });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
      ),
    );
    sockets.push(...batch);
  }
  return sockets;
}

/** `LOKET_BENCH_HUB_DB=pglite` (or `postgres`) runs one of the two suites: each seeds or opens its own data set first. */
const ONLY_DB = process.env.LOKET_BENCH_HUB_DB;

const suites = [
  hubSuite('hub on PGlite', async () => {
    // The same kept data set the console cache suite syncs from (locked while in use).
    const { db, release } = await openScaleData();
    return start(db, async () => release());
  }),
  // Seeded on a cluster without durability (minutes faster), then measured with fsync,
  // synchronous_commit and full_page_writes on, like a production server.
  hubSuite('hub on PostgreSQL (durable)', async () => {
    ensurePostgresInstalled();
    const server = await startPostgres({ durabilitySwitchable: true });
    const db = await openPostgres(server.url, 20);
    return start(db, () => server.stop(), { durable: true });
  }),
];

export default ONLY_DB ? suites.filter((suite) => suite.name.toLowerCase().includes(ONLY_DB.toLowerCase())) : suites;
