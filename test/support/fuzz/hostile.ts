import fc from 'fast-check';

// Values an attacker, a broken client or a bad copy-paste sends. Kept as plain data so a failing
// case prints readably; the generators in zod-arbitrary.ts mix them into otherwise valid payloads.

/** Strings that have broken parsers, databases and renderers before. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   padded   ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u001b[31m\u007f',
  '\t\r\n\v\f',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '😀',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\u202eevil\u202c.exe',
  '\u200f\u200e\u200b\u2060\ufeff',
  'ß',
  'ßß',
  'ẞx',
  'ﬀ',
  'İı',
  'ǅ',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; drop table customer; --",
  "' or '1'='1",
  '%',
  '_',
  '\\',
  '\\x00',
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  '$(reboot)',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x1f',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '2026-01-01T00:00:00+23:59',
  '1970-01-01T00:00:00.000000001Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '{0190a6b2-1c3d-7e4f-8a1b-2c3d4e5f6a7b}',
  '0190a6b21c3d7e4f8a1b2c3d4e5f6a7b',
  '__proto__',
  'constructor',
  'prototype',
  'a|b|c',
  '|',
  '2026-01-01T00:00:00Z|',
  '0000-01-01T00:00:00Z|x',
  '-271821-04-20T00:00:00Z|00000000-0000-0000-0000-000000000000',
];

/** Timestamps with a valid ISO shape that a database may still refuse. */
export const EDGE_DATETIMES: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2024-02-29T12:00:00.123456789+14:00',
  '9999-12-31T23:59:59-23:59',
  '9999-12-31T23:59:59Z',
  '2026-01-01T00:00:00+23:59',
  '2026-01-01T00:00:00-23:59',
];

export const EDGE_UUIDS: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '0190A6B2-1C3D-7E4F-8A1B-2C3D4E5F6A7B',
  'c56a4180-65aa-42ec-a945-5fd21dec0538',
];

export const HOSTILE_NUMBERS: readonly number[] = [
  -1,
  -0,
  0.5,
  -1.5,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

export const HOSTILE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'a.b', '$where', '\u0000', 'extra', 'x'.repeat(1_000)];

/** An object with `key` as its own property, even `__proto__` (a literal would set the prototype instead). */
export function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const longString = fc.constantFrom(2_000, 70_000, 1_100_000, 2_200_000).chain((length) =>
  fc.constantFrom('x', 'é', '😀', '\u0000', '\u202e').map((unit) => unit.repeat(Math.ceil(length / unit.length))),
);

/** A string of control characters, surrogates, emoji, markup and the like, sometimes long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: longString },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
);

/** Any JSON-ish value of the wrong kind: scalars, empty containers, deep nesting, huge arrays, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, 1, [], {}, [null], { '': '' }, undefined) },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  // As objects only 1,000 deep: deeper ones overflow the sender's own JSON.stringify and
  // structuredClone. Deeper nesting goes out as raw JSON text (hub-requests.ts, the socket test).
  { weight: 1, arbitrary: fc.constantFrom(200, 1_000).map((depth) => nested(depth, 1, (inner) => [inner])) },
  { weight: 1, arbitrary: fc.constantFrom(200, 1_000).map((depth) => nested(depth, 'x', (inner) => ({ a: inner }))) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 20_000 }, (_, i) => i)) },
  { weight: 1, arbitrary: fc.constant(withOwnKey({}, '__proto__', { polluted: 'yes' })) },
  { weight: 1, arbitrary: fc.constant({ constructor: { prototype: { polluted: 'yes' } } }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Well-formed JSON text nested deeper than any sender could stringify. */
export const DEEP_JSON_TEXTS: readonly string[] = [`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, `${'['.repeat(20_000)}${']'.repeat(20_000)}`];

/** Whether a test process's Object.prototype was polluted by a payload (both services run in-process). */
export function prototypePolluted(): boolean {
  return Object.keys(Object.prototype).length > 0 || 'polluted' in {};
}
