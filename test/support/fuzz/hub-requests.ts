import fc from 'fast-check';
import { ROLES, type Role } from '../../../common/hub/roles.ts';
import type { RouteDefinition } from '../../../server/api/route.ts';
import { DEEP_JSON_TEXTS, hostileValue } from './hostile.ts';
import { hostile, validish, type FuzzHints, type Payload } from './zod-arbitrary.ts';

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

/** Which part of a request is broken: none (it reaches the handler), or exactly one. */
type Broken = 'none' | 'params' | 'query' | 'body';

function bodyArbitrary(definition: RouteDefinition, hints: FuzzHints, broken: boolean): fc.Arbitrary<Body> {
  const schema = definition.schema.body;
  const json = (value: unknown): Body => ({ type: 'json', value });
  if (schema && !broken) return validish(schema, hints).map(json);
  if (schema) return fc.oneof({ weight: 4, arbitrary: hostile(schema, hints).map(json) }, { weight: 1, arbitrary: rawBody });
  if (!broken || definition.method === 'GET') return fc.constant<Body>({ type: 'none' });
  return fc.oneof(hostileValue.map(json), rawBody);
}

export interface RouteOverrides {
  /** Valid query objects the generic walker cannot make (e.g. "exactly one of" refinements). */
  readonly query?: fc.Arbitrary<Payload>;
}

/** Requests for one route, from its own schemas: about two in five valid, the others broken in one part. */
export function hubCases(definition: RouteDefinition, hints: FuzzHints, overrides: RouteOverrides = {}): fc.Arbitrary<HubCase> {
  const name = `${definition.method} ${definition.url}`;
  const { params: paramsSchema, querystring, body } = definition.schema;
  const parts: Broken[] = ['params', 'query', 'body'].filter((part) => (part === 'params' ? paramsSchema : part === 'query' ? querystring : body || definition.method !== 'GET')) as Broken[];
  const brokenArb = fc.oneof({ weight: 2, arbitrary: fc.constant<Broken>('none') }, { weight: 3, arbitrary: parts.length ? fc.constantFrom(...parts) : fc.constant<Broken>('none') });

  const paramsArb = (broken: boolean): fc.Arbitrary<{ path: string; params: unknown }> => {
    if (!paramsSchema) return fc.constant({ path: definition.url, params: undefined });
    const fill = (value: unknown) => ({ path: fillPath(definition.url, value), params: value });
    if (!broken) return validish(paramsSchema, hints).map(fill);
    return fc.oneof(
      { weight: 4, arbitrary: hostile(paramsSchema, hints).map(fill) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((segment) => ({ path: definition.url.replace(/:[A-Za-z]+/g, segment), params: segment })) },
    );
  };
  const queryArb = (broken: boolean): fc.Arbitrary<string> => {
    if (!querystring) return broken ? fc.constantFrom(...RAW_QUERY).map((raw) => `?${raw}`) : fc.constant('');
    const valid = overrides.query ? fc.oneof(overrides.query.map((p) => p.value), validish(querystring, hints)) : validish(querystring, hints);
    if (!broken) return valid.map(encodeQuery);
    return fc.oneof(
      { weight: 4, arbitrary: hostile(querystring, hints).map(encodeQuery) },
      { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...RAW_QUERY)).map(([v, raw]) => `${encodeQuery(v) || '?'}${raw}`) },
    );
  };

  return fc
    .tuple(callerArbitrary(definition), brokenArb)
    .chain(([caller, broken]) =>
      fc.record({ params: paramsArb(broken === 'params'), query: queryArb(broken === 'query'), body: bodyArbitrary(definition, hints, broken === 'body') }).map(
        ({ params, query, body: sent }): HubCase => ({
          route: name,
          caller,
          method: definition.method,
          url: params.path + query,
          params: params.params,
          body: sent,
          valid: broken === 'none',
        }),
      ),
    );
}

/** The roles a route lets in (null: no role check, e.g. public or the ingest key). */
export function allowedRoles(definition: RouteDefinition): readonly Role[] | null {
  const { access } = definition;
  if (access === 'public' || access === 'ingest') return null;
  return access === 'authenticated' ? ROLES : access;
}
