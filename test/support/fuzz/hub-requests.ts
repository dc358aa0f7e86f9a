import fc from 'fast-check';
import { ROLES, type Role } from '../../../common/hub/roles.ts';
import type { RouteDefinition } from '../../../server/api/route.ts';
import { DEEP_JSON_TEXTS, hostileValue } from './hostile.ts';
import { payload, type FuzzHints, type Payload } from './zod-arbitrary.ts';

// One generated HTTP request to a hub route: who calls (a role's token, none, a garbage token,
// the ingest key), the path with its parameters, the query string and the body — each part from
// the route's own zod schemas, valid-ish or hostile, plus transport-level garbage (bad percent
// escapes, broken JSON, wrong content types) that never reaches a schema.

export type Caller =
  | { readonly kind: 'role'; readonly role: Role }
  /** A session of its own, for `POST /auth/logout`, which ends the session it is called with. */
  | { readonly kind: 'freshSession'; readonly role: Role }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'garbageToken'; readonly token: string }
  | { readonly kind: 'ingestKey' }
  | { readonly kind: 'wrongIngestKey'; readonly key: string };

export type Body =
  | { readonly type: 'none' }
  | { readonly type: 'json'; readonly value: unknown }
  | { readonly type: 'raw'; readonly text: string; readonly contentType: string };

export interface HubCase {
  readonly route: string;
  readonly caller: Caller;
  readonly method: RouteDefinition['method'];
  /** Path and query string, encoded as sent. */
  readonly url: string;
  readonly params: unknown;
  readonly body: Body;
  /** Every generated part was meant to be valid (it may still be refused, e.g. an unknown id). */
  readonly valid: boolean;
}

/** Percent-encodes UTF-8; a lone surrogate becomes U+FFFD, as a browser sends it. */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

/** Path segments and query fragments that are not even well-formed: never reach a schema. */
const RAW_SEGMENTS = ['%ZZ', '%', '%00', '%ED%A0%80', '%C0%AF', '%FF', '..', '%2e%2e', '%2F', 'a;b=c', '%u0041', '', 'x'.repeat(20_000)];
const RAW_QUERY = ['&%ZZ', '&a[b]=c', '&phone', '&=x', '&__proto__[polluted]=1', '&constructor[prototype][polluted]=1', '&&&', '&limit=1&limit=2', '#frag', '&q=%00', `&q=${'%41'.repeat(5_000)}`];
const RAW_BODIES = [
  '{',
  '{"a":',
  '',
  'null',
  '[]',
  '"text"',
  '0',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '\u0000',
  '\ufeff{}',
  '['.repeat(100_000),
  '{"a":1,"a":2}',
  `"${'x'.repeat(3_000_000)}"`,
  ...DEEP_JSON_TEXTS,
];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=iso-8859-1'];
const GARBAGE_TOKENS = ['x', 'null', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'a.b.c', 'eyJ.eyJ.', '.'.repeat(3), 'Ä'.repeat(10), `${'A'.repeat(4_000)}.${'B'.repeat(4_000)}.C`];

function encodeQuery(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value === undefined ? '' : `?${encodeComponent(String(JSON.stringify(value)))}`;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const item of values) parts.push(`${encodeComponent(key)}=${encodeComponent(typeof item === 'string' ? item : JSON.stringify(item) ?? '')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function fillPath(url: string, params: unknown): string {
  return url.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params && typeof params === 'object' ? (params as Record<string, unknown>)[name] : undefined;
    return encodeComponent(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  });
}

function callerArbitrary(definition: RouteDefinition): fc.Arbitrary<Caller> {
  const { access } = definition;
  const role = (roles: readonly Role[]) => fc.constantFrom(...roles).map((r): Caller => ({ kind: 'role', role: r }));
  const garbage = fc.constantFrom(...GARBAGE_TOKENS).map((token): Caller => ({ kind: 'garbageToken', token }));
  const anonymous = fc.constant<Caller>({ kind: 'anonymous' });
  if (access === 'public') return fc.oneof({ weight: 6, arbitrary: anonymous }, { weight: 1, arbitrary: role(ROLES) }, { weight: 1, arbitrary: garbage });
  if (access === 'ingest') {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant<Caller>({ kind: 'ingestKey' }) },
      { weight: 1, arbitrary: fc.constantFrom('', 'x', 'test-ingest-key-012345678', 'test-ingest-key-01234567890').map((key): Caller => ({ kind: 'wrongIngestKey', key })) },
      { weight: 1, arbitrary: role(ROLES) },
    );
  }
  if (access === 'authenticated') {
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ROLES).map((r): Caller => ({ kind: 'freshSession', role: r })) }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: anonymous });
  }
  // Mostly a role that may call the route (so the request reaches its handler), sometimes
  // any role (a wall must hold), no token or a broken one.
  return fc.oneof({ weight: 12, arbitrary: role(access) }, { weight: 3, arbitrary: role(ROLES) }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: anonymous });
}

const rawBody = fc.record({ text: fc.constantFrom(...RAW_BODIES), contentType: fc.constantFrom(...CONTENT_TYPES) }).map((b): Body => ({ type: 'raw', ...b }));

function bodyArbitrary(definition: RouteDefinition, hints: FuzzHints, override?: fc.Arbitrary<Payload>): fc.Arbitrary<{ body: Body; valid: boolean }> {
  const schema = definition.schema.body;
  if (schema) {
    return fc.oneof(
      { weight: 9, arbitrary: (override ?? payload(schema, hints)).map((p) => ({ body: { type: 'json', value: p.value } as Body, valid: p.kind === 'valid' })) },
      { weight: 1, arbitrary: rawBody.map((body) => ({ body, valid: false })) },
    );
  }
  if (definition.method === 'GET') return fc.constant({ body: { type: 'none' } as Body, valid: true });
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ body: { type: 'none' } as Body, valid: true }) },
    { weight: 1, arbitrary: hostileValue.map((value) => ({ body: { type: 'json', value } as Body, valid: false })) },
    { weight: 1, arbitrary: rawBody.map((body) => ({ body, valid: false })) },
  );
}

export interface RouteOverrides {
  /** Valid-ish query objects the generic walker cannot make (e.g. "exactly one of" refinements). */
  readonly query?: fc.Arbitrary<Payload>;
  readonly body?: fc.Arbitrary<Payload>;
}

/** Requests for one route, from its own schemas. */
export function hubCases(definition: RouteDefinition, hints: FuzzHints, overrides: RouteOverrides = {}): fc.Arbitrary<HubCase> {
  const name = `${definition.method} ${definition.url}`;
  const { params: paramsSchema, querystring } = definition.schema;
  const paramsArb: fc.Arbitrary<{ path: string; params: unknown; valid: boolean }> = paramsSchema
    ? fc.oneof(
        { weight: 9, arbitrary: payload(paramsSchema, hints).map((p) => ({ path: fillPath(definition.url, p.value), params: p.value, valid: p.kind === 'valid' })) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((segment) => ({ path: definition.url.replace(/:[A-Za-z]+/g, segment), params: segment, valid: false })) },
      )
    : fc.constant({ path: definition.url, params: undefined, valid: true });
  const queryParts = querystring ? (overrides.query ? fc.oneof(overrides.query, payload(querystring, hints)) : payload(querystring, hints)) : fc.constant<Payload>({ kind: 'valid', value: undefined });
  const queryArb = fc.oneof(
    { weight: 9, arbitrary: queryParts.map((p) => ({ query: encodeQuery(p.value), valid: p.kind === 'valid' })) },
    { weight: 1, arbitrary: fc.tuple(queryParts, fc.constantFrom(...RAW_QUERY)).map(([p, raw]) => ({ query: `${encodeQuery(p.value) || '?'}${raw}`, valid: false })) },
  );
  return fc
    .record({ caller: callerArbitrary(definition), params: paramsArb, query: queryArb, body: bodyArbitrary(definition, hints, overrides.body) })
    .map(({ caller, params, query, body }): HubCase => ({
      route: name,
      caller,
      method: definition.method,
      url: params.path + query.query,
      params: params.params,
      body: body.body,
      valid: params.valid && query.valid && body.valid,
    }));
}

/** The roles a route lets in (null: no role check, e.g. public or the ingest key). */
export function allowedRoles(definition: RouteDefinition): readonly Role[] | null {
  const { access } = definition;
  if (access === 'public' || access === 'ingest') return null;
  return access === 'authenticated' ? ROLES : access;
}
