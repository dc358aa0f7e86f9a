import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/hub/roles.ts';
import { ROUTES } from '../../server/api/app.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { brief, checkProperty, fuzzRuns, fuzzSeed } from '../support/fuzz/fuzz-run.ts';
import { addVictimAgents, hubHints, idPools, lookupQueries, type IdPools } from '../support/fuzz/hub-hints.ts';
import { ledgerViolations, schemaViolations, type CreateRecord } from '../support/fuzz/hub-invariants.ts';
import { allowedRoles, hubCases, type HubCase } from '../support/fuzz/hub-requests.ts';
import { prototypePolluted } from '../support/fuzz/hostile.ts';
import { openFinding } from '../support/fuzz/open-findings.ts';

// Every hub route, fuzzed over real HTTP with requests generated from its own zod schemas
// (test/support/fuzz): valid-ish and hostile bodies, query strings and path parameters, sent
// mostly with the token of a role the route lets in (so they reach the handler and the
// database), sometimes with another role's, none or a broken one. No answer may be a 5xx, every
// refusal is `{code, params}`, no role gets past a wall, the hub keeps answering, and nothing is
// left half-written. FUZZ_RUNS sets the cases per route, FUZZ_SEED replays a run. A failure that
// is reported and not fixed yet is listed in test/support/fuzz/open-findings.ts (counted, not
// failed; FUZZ_STRICT=1 fails it too).

const SEED = fuzzSeed();
const RUNS = fuzzRuns(50);
/** Password checks (argon2) make these slow; they get a quarter of the runs. */
const SLOW_ROUTES = new Set(['POST /auth/login', 'POST /auth/enroll', 'POST /auth/logout']);
const CREATES: Record<string, CreateRecord['table']> = {
  'PUT /customers/:id': 'customer',
  'PUT /interactions/:id': 'interaction',
  'PUT /escalations/:id': 'escalation',
  'PUT /callbacks/:id': 'callback',
};
/** Routes that create a row under an id the body carries (a reply is an interaction under its own id). */
const BODY_ID_CREATES: Record<string, CreateRecord['table']> = {
  'POST /escalations/:id/reply': 'interaction',
};

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let pools: IdPools;
const tokens = {} as Record<Role, string>;
const creates: CreateRecord[] = [];
const preexisting = new Set<string>();
const tally = { cases: 0, fiveXx: 0, failed: 0, routes: 0, byStatus: new Map<number, number>() };
let started = 0;
/** What the hub logged for the request in flight (requests go one at a time). */
let serverError = '';
const originalConsoleError = console.error;
/** How often each reported-but-open finding was hit. */
const openHits = new Map<string, number>();

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** Raw HTTP, so malformed escapes and odd content types go out exactly as generated. */
function send(c: HubCase, token: string | null): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (c.caller.kind === 'ingestKey') headers['x-ingest-key'] = INGEST_KEY;
  if (c.caller.kind === 'wrongIngestKey') headers['x-ingest-key'] = c.caller.key;
  let payload: string | undefined;
  if (c.body.type === 'json') {
    payload = JSON.stringify(c.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (c.body.type === 'raw') {
    payload = c.body.text;
    headers['content-type'] = c.body.contentType;
  }
  const { port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    // A connection of its own per request: a keep-alive socket the hub closed after a bad request
    // would fail the next, innocent request instead.
    const req = httpRequest({ host: '127.0.0.1', port, method: c.method, path: c.url, headers, timeout: 30_000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the hub did not answer within 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

async function tokenFor(c: HubCase): Promise<string | null> {
  switch (c.caller.kind) {
    case 'role':
      return tokens[c.caller.role];
    case 'freshSession':
      return hub.login(fixture.agents[c.caller.role].email);
    case 'garbageToken':
      return c.caller.token;
    default:
      return null;
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** What is wrong with an answer, or null when it is as every answer must be. */
function fault(c: HubCase, answer: Answer, body: unknown, allowed: readonly Role[] | null): string | null {
  if (answer.status >= 500) return 'a 5xx';
  if (answer.status >= 400) {
    const error = body as { code?: unknown; params?: unknown } | null;
    return typeof error?.code === 'string' && error.params && typeof error.params === 'object' ? null : 'a refusal that is not {code, params}';
  }
  if (c.caller.kind === 'role' && allowed && !allowed.includes(c.caller.role)) return 'a role got past the wall';
  if (allowed && (c.caller.kind === 'anonymous' || c.caller.kind === 'garbageToken')) return 'no valid token, yet answered';
  if (c.caller.kind === 'wrongIngestKey') return 'a wrong ingest key was accepted';
  return null;
}

/** Throws with the request and the answer, unless the fault is a reported open finding. */
function judge(c: HubCase, answer: Answer, allowed: readonly Role[] | null): void {
  const body = parse(answer.text);
  const why = answer.status === 0 ? 'no answer' : fault(c, answer, body, allowed);
  if (!why) return;
  const sent = c.body.type === 'json' ? (JSON.stringify(c.body.value) ?? '') : c.body.type === 'raw' ? c.body.text : '';
  const open = openFinding({ status: answer.status, body, request: `${c.url} ${sent}`, serverError });
  if (open) {
    openHits.set(open.name, (openHits.get(open.name) ?? 0) + 1);
    return;
  }
  tally.failed++;
  const shown = c.body.type === 'json' ? brief(c.body.value) : c.body.type === 'raw' ? `${c.body.contentType} ${brief(c.body.text)}` : '(no body)';
  throw new Error(
    `${why}: ${c.method} ${brief(c.url)} as ${brief(c.caller, 40)} with ${shown} → ${answer.status} ${brief(body)}${serverError ? `\n  the hub logged: ${serverError}` : ''}`,
  );
}

function remember(c: HubCase, answer: Answer): void {
  const bodyTable = BODY_ID_CREATES[c.route];
  const table = CREATES[c.route] ?? bodyTable;
  const id = bodyTable
    ? c.body.type === 'json' && typeof c.body.value === 'object' && c.body.value !== null ? (c.body.value as { id?: unknown }).id : undefined
    : (c.params as { id?: unknown } | undefined)?.id;
  if (table && typeof id === 'string' && c.body.type === 'json') {
    creates.push({ table, id, status: answer.status, body: c.body.value });
    if (answer.status < 300 && !pools[table].includes(id)) pools[table].push(id);
  }
}

async function healthy(): Promise<boolean> {
  const health = await hub.call('GET', '/health');
  return health.status === 200 && health.body?.ok === true;
}

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  pools = await idPools(database.db, fixture, await addVictimAgents(database.db, fixture.officeId));
  for (const id of [...pools.customer]) preexisting.add(id);
  // The hub logs a failed request with its error: kept to explain (and classify) a 5xx.
  console.error = (...args: unknown[]) => {
    if (args[0] === '[hub] request failed') serverError = String(args[1] instanceof Error ? args[1].message : args[1]).split('\n')[0] ?? '';
    else originalConsoleError(...args);
  };
  hub = await startHub(database.db);
  for (const role of ROLES) tokens[role] = await hub.login(fixture.agents[role].email);
  console.log(`[fuzz hub] ${database.kind}: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} cases per route`);
  started = performance.now();
});

afterAll(async () => {
  console.error = originalConsoleError;
  await hub?.close();
  await database?.close();
});

describe.sequential('fuzzing every hub route with payloads generated from its schemas', () => {
  for (const definition of ROUTES) {
    const name = `${definition.method} ${definition.url}`;
    it(`${name} answers every generated request without a 5xx`, { timeout: 300_000 }, async () => {
      const allowed = allowedRoles(definition);
      const hints = hubHints(definition.method, definition.url, pools, fixture);
      const cases = hubCases(definition, hints, name === 'GET /customers/lookup' ? { query: lookupQueries(fixture) } : {});
      tally.routes++;
      try {
        await checkProperty(
          name,
          cases,
          async (c) => {
            tally.cases++;
            serverError = '';
            const answer = await send(c, await tokenFor(c)).catch((error: unknown): Answer => {
              serverError = error instanceof Error ? error.message : String(error);
              return { status: 0, text: '' };
            });
            tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) tally.fiveXx++;
            remember(c, answer);
            judge(c, answer, allowed);
          },
          { seed: SEED, numRuns: SLOW_ROUTES.has(name) ? Math.ceil(RUNS / 4) : RUNS },
        );
      } finally {
        // Whatever the route did, the hub must still answer.
        expect(await healthy(), `the hub answers /health after fuzzing ${name}`).toBe(true);
      }
    });
  }
});

describe('after the fuzz', () => {
  it('the hub still answers, a normal lookup still works, nothing is half-written and no prototype is polluted', { timeout: 120_000 }, async (ctx) => {
    const seconds = (performance.now() - started) / 1000;
    expect(await healthy()).toBe(true);
    const anna = fixture.customers.anna;
    const lookup = await hub.call('GET', `/customers/lookup?phone=${encodeURIComponent(anna.phone)}`, { token: tokens.first_line });
    expect(lookup.status).toBe(200);
    expect(lookup.body.hits.map((h: { id: string }) => h.id)).toContain(anna.id);
    expect(await schemaViolations(database.db)).toEqual([]);
    expect(await ledgerViolations(database.db, creates, preexisting)).toEqual([]);
    expect(prototypePolluted()).toBe(false);
    expect(tally.failed, 'cases that failed outside the reported open findings').toBe(0);
    expect(tally.routes).toBe(ROUTES.length);

    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const stored = creates.filter((r) => r.status < 300).length;
    const open = [...openHits].map(([name, n]) => `  open finding (${n}×): ${name}`).join('\n');
    const openCount = [...openHits.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[fuzz hub] ${database.kind}: ${tally.cases} cases over ${tally.routes} routes in ${seconds.toFixed(1)} s; ${tally.fiveXx} × 5xx` +
        `${tally.fiveXx ? ' (each a reported open finding)' : ''}; ${creates.length} creates (${stored} stored); statuses ${statuses}; seed ${SEED}${open ? `\n${open}` : ''}`,
    );
    hardeningRow(ctx, {
      case: `fuzz hub routes (${database.kind})`,
      fault: `${tally.cases} generated requests over ${tally.routes} routes`,
      result: `${tally.fiveXx} × 5xx, walls hold, hub answers, 0 half-written${openCount ? `; ${openCount} in open findings` : ''}`,
      figure: `${tally.cases} cases in ${seconds.toFixed(0)} s`,
    });
  });
});

