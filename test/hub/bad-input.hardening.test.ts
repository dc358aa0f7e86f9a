// Hostile input on every route: a NUL character in any string, dates no database or clock can
// hold, a refresh token whose id part is not a UUID, the nil and max UUIDs as ids. Each must be a
// 400 `request.invalid` (or the route's own 4xx), never a 5xx, and never a stack trace in the log.
// The samples below are valid requests that name every field of every body and query (checked
// against the routes' own schemas), so a field added later without a sample fails here first.
import net from 'node:net';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ROUTES, errorAnswer } from '../../server/api/app.ts';
import { hardeningRow } from '../support/hardening.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { hostileSamples, type Json, type Sample } from '../support/hub-request-samples.ts';

let database: TestDatabase;
let hub: RunningHub;
let fixture: Fixture;
let samples: Sample[];
const tokens: Record<'team_lead' | 'admin', string> = { team_lead: '', admin: '' };
const errors = vi.spyOn(console, 'error');

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await seedFixture(database.db);
  hub = await startHub(database.db);
  tokens.team_lead = await hub.login(fixture.agents.team_lead.email);
  tokens.admin = await hub.login(fixture.agents.admin.email);
  samples = await hostileSamples(hub, fixture, tokens.team_lead);
});

afterEach(() => errors.mockClear());

afterAll(async () => {
  errors.mockRestore();
  await hub?.close();
  await database?.close();
});

const NUL = '\u0000';
const BAD_DATES = ['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z'];
const ISO_PREFIX = /^\d{4}-\d\d-\d\dT[^|]*/;

type Path = readonly (string | number)[];

/** Every string in a JSON value, with its path. */
function strings(value: Json, path: Path = []): { path: Path; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, [...path, key]));
  return [];
}

function replaced(root: Json, path: Path, next: string): Json {
  const copy = structuredClone(root);
  let at = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, Json>;
  at[path[path.length - 1] as string | number] = next;
  return copy;
}

/** Every key path a value holds (array items as `[]`). */
function keyPaths(value: Json, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [`${prefix}.${key}`, ...keyPaths(item, `${prefix}.${key}`)]);
  return [];
}

/** Every property path a JSON schema declares. */
function schemaPaths(schema: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const branch of [...((schema.anyOf as Record<string, unknown>[]) ?? []), ...((schema.oneOf as Record<string, unknown>[]) ?? [])]) out.push(...schemaPaths(branch, prefix));
  if (schema.items) out.push(...schemaPaths(schema.items as Record<string, unknown>, `${prefix}[]`));
  for (const [key, property] of Object.entries((schema.properties as Record<string, Record<string, unknown>>) ?? {})) out.push(`${prefix}.${key}`, ...schemaPaths(property, `${prefix}.${key}`));
  return out;
}

async function send(sample: Sample, change: { body?: Json; query?: Record<string, string>; url?: string } = {}) {
  const query = change.query ?? sample.query;
  const path = (change.url ?? sample.url) + (query ? `?${new URLSearchParams(query).toString()}` : '');
  const body = 'body' in change ? change.body : sample.body;
  const headers = sample.access === 'ingest' ? { 'x-ingest-key': INGEST_KEY } : undefined;
  const token = sample.access === 'public' || sample.access === 'ingest' ? undefined : tokens[sample.access ?? 'team_lead'];
  return hub.call(sample.method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}

/** The mutations of a sample: each string of its body and query replaced by `mutate` (null = leave it). */
function* variants(sample: Sample, mutate: (value: string) => string | null) {
  for (const leaf of strings(sample.body ?? null)) {
    const next = mutate(leaf.value);
    if (next !== null) yield { where: `body${leaf.path.map((k) => `.${k}`).join('')}`, body: replaced(sample.body ?? null, leaf.path, next) };
  }
  for (const [key, value] of Object.entries(sample.query ?? {})) {
    const next = mutate(value);
    if (next !== null) yield { where: `query.${key}`, query: { ...sample.query, [key]: next } };
  }
}

/** Sends every variant; returns the ones that were not a 400 with a `{code, params}` body. */
async function refusedAll(mutate: (value: string) => string | null): Promise<{ tried: number; routes: Set<string>; wrong: string[] }> {
  const wrong: string[] = [];
  const routes = new Set<string>();
  let tried = 0;
  for (const sample of samples) {
    for (const variant of variants(sample, mutate)) {
      tried++;
      routes.add(`${sample.method} ${sample.template}`);
      const response = await send(sample, variant);
      if (response.status !== 400 || typeof response.body?.code !== 'string') wrong.push(`${sample.method} ${sample.template} ${variant.where}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }
  return { tried, routes, wrong };
}

describe('hostile input', () => {
  it('has a valid sample naming every field of every route’s body and query', async () => {
    const withInput = ROUTES.filter((r) => r.schema.body || r.schema.querystring);
    for (const route of withInput) {
      const mine = samples.filter((s) => s.method === route.method && s.template === route.url);
      expect(mine.length, `${route.method} ${route.url} has a sample`).toBeGreaterThan(0);
      for (const [part, schema] of [['body', route.schema.body], ['query', route.schema.querystring]] as const) {
        if (!schema) continue;
        const declared = schemaPaths(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
        const given = new Set(mine.flatMap((s) => keyPaths((part === 'body' ? s.body : s.query) ?? null)));
        expect(declared.filter((p) => !given.has(p)), `${route.method} ${route.url} ${part} fields without a sample`).toEqual([]);
      }
    }
    // The samples themselves are accepted (or refused for what they mean, never for their shape).
    for (const sample of samples) {
      // An ingested event is taken once per external id: the hostile copies keep the sample's
      // own id, so they would reach the database if validation let them through.
      const response = await send(sample, sample.access === 'ingest' ? { body: JSON.parse(JSON.stringify(sample.body).replace(/sample-\d+-[0-9a-f-]+/g, () => `baseline-${uuidv7()}`)) as Json } : {});
      expect(response.status, `${sample.method} ${sample.url}: ${JSON.stringify(response.body)}`).toBeLessThan(500);
      expect(response.status, `${sample.method} ${sample.url}: ${JSON.stringify(response.body)}`).not.toBe(400);
    }
  });

  it('answers 400 to a NUL character in any string of any body or query, on every route', async (ctx) => {
    const started = performance.now();
    const { tried, routes, wrong } = await refusedAll((value) => `${value.slice(0, 1)}${NUL}${value.slice(1)}`);
    expect(wrong).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    hardeningRow(ctx, {
      case: 'NUL character in input',
      fault: `U+0000 in each of ${tried} string fields on ${routes.size} routes`,
      result: `${tried} × 400, 0 × 5xx, nothing logged`,
      figure: `${((performance.now() - started) / tried).toFixed(1)} ms per request`,
    });
  });

  it('answers 400 to years 0000, +275760 and -271821 in every date and in the timeline cursor', async (ctx) => {
    let tried = 0;
    const wrong: string[] = [];
    for (const date of BAD_DATES) {
      const result = await refusedAll((value) => (ISO_PREFIX.test(value) ? value.replace(ISO_PREFIX, date) : null));
      tried += result.tried;
      wrong.push(...result.wrong);
    }
    expect(tried).toBeGreaterThanOrEqual(BAD_DATES.length * 9);
    expect(wrong).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    hardeningRow(ctx, { case: 'dates out of range', fault: `years 0000, +275760, -271821 in ${tried / BAD_DATES.length} date fields`, result: `${tried} × 400, 0 × 5xx`, figure: `${tried} requests` });
  });

  it('answers 400 to a refresh token whose id part is not a UUID, without a token or a log line', async (ctx) => {
    const started = performance.now();
    const tokensTried = ['not-a-uuid.xxxxxxxxxxxxxxxxxxxxxxxxxxxx', `${uuidv7()}x.${'a'.repeat(43)}`, `${uuidv7()}.${'a'.repeat(20)}${NUL}`, `${uuidv7()}.abc+/=def-ghijklmnopqrstuvw`];
    for (const refreshToken of tokensTried) {
      expect(await hub.call('POST', '/auth/refresh', { body: { refreshToken } })).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
    }
    expect(errors).not.toHaveBeenCalled();
    hardeningRow(ctx, {
      case: 'malformed refresh token',
      fault: 'id part not a UUID, NUL, non-base64url (unauthenticated)',
      result: `${tokensTried.length} × 400, nothing logged`,
      figure: `${((performance.now() - started) / tokensTried.length).toFixed(1)} ms per request`,
    });
  });

  it('answers 400 to the nil and max UUIDs and to a NUL as any id in a path', async (ctx) => {
    const wrong: string[] = [];
    const ids = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '%00'];
    let tried = 0;
    for (const route of ROUTES.filter((r) => r.url.includes('/:'))) {
      const sample = samples.find((s) => s.method === route.method && s.template === route.url) ?? ({ method: route.method, template: route.url, url: route.url } satisfies Sample);
      for (const id of ids) {
        tried++;
        const response = await send(sample, { url: route.url.replace(/:[A-Za-z]+/g, id) });
        if (response.status !== 400) wrong.push(`${route.method} ${route.url} with ${id}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    // And in bodies: a nil customer, a max interaction.
    const put = samples.find((s) => s.method === 'PUT' && s.template === '/escalations/:id');
    if (!put) throw new Error('no escalation sample');
    for (const [field, id] of [['customerId', ids[0]], ['interactionId', ids[1]]] as const) {
      tried++;
      const response = await send(put, { body: { ...(put.body as Record<string, Json>), [field]: id as string } });
      if (response.status !== 400) wrong.push(`PUT /escalations/:id ${field} ${id}: ${response.status}`);
    }
    expect(wrong).toEqual([]);
    hardeningRow(ctx, { case: 'nil and max UUIDs as ids', fault: 'nil, max, NUL ids in paths and bodies', result: `${tried} × 400`, figure: `${tried} requests` });
  });

  it('answers 400 to a language that is no ISO 639-1 code, for new customers and ingested ones; known ones are kept as their code', async () => {
    const put = (language: string) => hub.call('PUT', `/customers/${uuidv7()}`, { token: tokens.team_lead, body: { name: 'Lena Kowalski', language, country: 'PL' } });
    for (const language of ['xx', 'qq', 'english', 'n', 'nl-XX', '']) expect((await put(language)).status, language).toBe(400);
    for (const language of ['en', 'nl', 'de', 'fr', 'es', 'it', 'pl', 'tr', 'uk']) expect((await put(language)).body.language, language).toBe(language);
    expect((await put('PL')).body.language).toBe('pl');
    const ingest = (language: string) =>
      hub.call('POST', '/ingest/events', {
        headers: { 'x-ingest-key': INGEST_KEY },
        body: { events: [{ externalId: uuidv7(), occurredAt: new Date().toISOString(), type: 'review', score: 5, customer: { email: `${uuidv7()}@example.pl`, language } }] },
      });
    for (const language of ['xx', 'polish', 'zz-PL']) expect((await ingest(language)).status, language).toBe(400);
    // Shops often send a locale: its language is what is kept.
    const email = `${uuidv7()}@example.be`;
    await hub.call('POST', '/ingest/events', {
      headers: { 'x-ingest-key': INGEST_KEY },
      body: { events: [{ externalId: uuidv7(), occurredAt: new Date().toISOString(), type: 'review', score: 5, customer: { email, language: 'nl-BE' } }] },
    });
    const [row] = await database.db.query<{ language: string }>('select c.language from customer c join customer_email e on e.customer_id = c.id where e.email = $1', [email]);
    expect(row?.language).toBe('nl');
  });

  it('answers 409 to a web-shop order under a number another order has, and keeps the first', async () => {
    const number = `NL-2026-${Date.now() % 10_000_000}`;
    const placed = (externalId: string, totalCents: number) => ({
      externalId, occurredAt: new Date().toISOString(), type: 'order.placed', customer: { email: 'dup@example.nl' }, order: { number, currency: 'EUR', totalCents },
    });
    const send = (event: Record<string, unknown>) => hub.call('POST', '/ingest/events', { headers: { 'x-ingest-key': INGEST_KEY }, body: { events: [event] } });
    expect((await send(placed(uuidv7(), 1000))).body).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send(placed(uuidv7(), 2000))).toMatchObject({ status: 409, body: { code: 'state.conflict', params: { what: 'order' } } });
    expect(await database.db.query('select total_cents from shop_order where number = $1', [number])).toEqual([{ total_cents: 1000 }]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('turns a database data exception into 400 request.invalid, and keeps a bug a 500', async () => {
    for (const [sql, params] of [['select $1::int as n', ['x']], ['select $1::timestamptz as t', ['0000-01-01T00:00:00Z']], ['select $1::text as t', ['a\u0000b']]] as const) {
      const error = await database.db.query(sql, [...params]).then(() => null, (caught: unknown) => caught);
      expect(error, sql).not.toBeNull();
      expect(errorAnswer(error), sql).toEqual({ status: 400, body: { code: 'request.invalid', params: { field: '(value)' } } });
    }
    expect(errorAnswer(new TypeError('x is undefined'))).toEqual({ status: 500, body: { code: 'internal', params: {} } });
  });

  it('answers requests the framework refuses before any route (bad URL escape, long parameter, huge headers, a body after a refusal) once, as {code, params}', async (ctx) => {
    const port = Number(new URL(hub.url).port);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
        let out = '';
        socket.on('data', (chunk) => (out += chunk.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
      });
    const answers = await Promise.all([
      raw('GET /customers/%E0%A4%A HTTP/1.1\r\nHost: hub\r\n\r\n'),
      // A refused URL with a chunked body behind it: the leftover must not get a second answer.
      raw('DELETE /agents/%zz/sip-account HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'),
      raw(`GET /customers/${'a'.repeat(300)} HTTP/1.1\r\nHost: hub\r\n\r\n`),
      raw(`GET /me HTTP/1.1\r\nHost: hub\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      raw('GARBAGE\r\n\r\n'),
    ]);
    const statuses = answers.map((answer) => {
      const lines = answer.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
      expect(lines, answer.slice(0, 300)).toHaveLength(1);
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body), answer.slice(0, 300)).toMatchObject({ code: 'request.invalid' });
      return Number(lines[0]?.slice(9));
    });
    expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    expect(statuses[3]).toBe(431);
    hardeningRow(ctx, { case: 'hub: refusals before any route', fault: 'bad %-escape, 300-char parameter, 20 kB header, chunked leftover, garbage request line', result: 'one {code, params} answer each, connection closed', figure: statuses.join(' / ') });
  });
});
