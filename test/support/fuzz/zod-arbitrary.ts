import fc from 'fast-check';
import { z } from 'zod';
import { EDGE_DATETIMES, EDGE_UUIDS, HOSTILE_KEYS, hostileNumber, hostileString, hostileValue, withOwnKey } from './hostile.ts';

// fast-check arbitraries from zod 4 schemas, read through `schema._zod.def` (no maintained
// zod-4 bridge exists). Two kinds per schema:
// - `validish`: values shaped by the schema (types, lengths, formats, ranges, enums), mostly
//   accepted, so the fuzz gets past validation into the handlers and the database;
// - `hostile`: the same value with one thing broken — a wrong type, a missing or extra
//   (prototype) key, a control character, a lone surrogate, a huge string, an edge number or date.
// Refinements (`.refine`) are not modelled: a value they reject is one more invalid case.

/** Field-aware values: known ids, phone numbers, URLs the test controls. Keyed by the field's name. */
export interface FuzzHints {
  forKey?(key: string): fc.Arbitrary<unknown> | undefined;
}

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}
type Schema = z.ZodType;

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: Schema): Def[] => ((defOf(schema).checks as Schema[] | undefined) ?? []).map(defOf);
const isOptionalKey = (schema: Schema): boolean => (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional';

interface StringRules {
  min: number;
  max: number;
  format: string | null;
  patterns: RegExp[];
  trimmed: boolean;
  protocol: RegExp | null;
}

function stringRules(schema: Schema): StringRules {
  const def = defOf(schema);
  const rules: StringRules = { min: 0, max: 10_000, format: typeof def.format === 'string' ? def.format : null, patterns: [], trimmed: false, protocol: null };
  if (def.protocol instanceof RegExp) rules.protocol = def.protocol;
  if (def.format === 'regex' && def.pattern instanceof RegExp) rules.patterns.push(def.pattern);
  for (const check of checksOf(schema)) {
    if (check.check === 'min_length') rules.min = Math.max(rules.min, Number(check.minimum));
    if (check.check === 'max_length') rules.max = Math.min(rules.max, Number(check.maximum));
    if (check.check === 'length_equals') rules.min = rules.max = Number(check.length);
    if (check.check === 'overwrite') rules.trimmed = true;
    if (check.check === 'string_format' && check.format === 'regex' && check.pattern instanceof RegExp) rules.patterns.push(check.pattern);
    if (check.check === 'string_format' && check.format !== 'regex' && typeof check.format === 'string') rules.format = check.format;
  }
  return rules;
}

/** Realistic text in the agents' languages, plus the characters that trip up storage and search. */
const EMAIL = z.email();

const WORDS = ['Anna', 'de Vries', 'Müller', 'Łódź', 'Ærøskøbing', 'Straße', 'François', 'Zoë', 'Ñandú', 'order NL-2026-0000042', '06 12 34 56 78', 'note', 'Ⅻ', '日本語', 'عربى', '😀', '\u200f', 'ß', '%', '_', "O'Brien", '"quoted"'];
const wordy = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));

/** Pads or cuts to the schema's bounds, counted in code points as zod counts them. */
function fitLength(value: string, rules: StringRules): string {
  const points = Array.from(rules.trimmed ? value.trim() : value);
  while (points.length < rules.min) points.push('a');
  const text = points.slice(0, rules.max).join('');
  return rules.trimmed && text.trim() !== text ? fitLength(text.trim(), { ...rules, trimmed: false }) : text;
}

function validDatetime(): fc.Arbitrary<string> {
  const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
  return fc.oneof(
    { weight: 5, arbitrary: instant.map((d) => d.toISOString()) },
    { weight: 1, arbitrary: fc.tuple(instant, fc.constantFrom('+02:00', '-05:30', '+14:00', '-12:00')).map(([d, o]) => d.toISOString().replace('Z', o)) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_DATETIMES) },
  );
}

function validUrl(rules: StringRules): fc.Arbitrary<string> {
  const allowed = ['ws', 'wss', 'http', 'https'].filter((s) => rules.protocol?.test(s) ?? true);
  const scheme = fc.constantFrom(...(allowed.length ? allowed : ['ws', 'http']));
  // Only hosts that resolve nowhere or to a closed port here: a fuzzed URL must not reach out.
  const host = fc.constantFrom('127.0.0.1:9', '127.0.0.1:1', '[::1]:9', 'localhost:9');
  return fc.tuple(scheme, host, fc.constantFrom('', '/', '/ws', '/a?b=c#d', '/%F0%9F%98%80')).map(([s, h, p]) => `${s}://${h}${p}`);
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const rules = stringRules(schema);
  switch (rules.format) {
    case 'uuid':
    case 'guid':
      return fc.oneof({ weight: 9, arbitrary: fc.uuid({ version: 7 }) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_UUIDS) });
    case 'email':
      return fc.oneof(
        // fast-check's addresses are RFC-valid, zod's rule is stricter: mapped, not filtered (see below).
        fc.emailAddress().map((e) => (e.length <= rules.max && EMAIL.safeParse(e).success ? e : 'a.b@example.com')),
        fc.constantFrom('anna.devries@example.nl', 'first-line@shop.example', 'X@Y.ZZ'),
      );
    case 'url':
      return validUrl(rules);
    case 'datetime':
      return validDatetime();
    default:
      break;
  }
  // The last pattern is the field's own (a shared base such as "no NUL" comes first). Never
  // filtered: a predicate that no generated string meets would loop forever, and a value that
  // misses another pattern or a length is one more invalid case.
  const pattern = rules.patterns.at(-1);
  if (pattern) return fc.stringMatching(pattern).map((s) => (rules.trimmed ? s.trim() : s));
  const short = Math.min(rules.max, 60);
  return fc
    .oneof(
      { weight: 4, arbitrary: wordy },
      { weight: 3, arbitrary: fc.string({ minLength: Math.min(rules.min, short), maxLength: short }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: short }) },
      { weight: 1, arbitrary: fc.constant('y'.repeat(rules.max)) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATETIMES, ...EDGE_UUIDS) },
    )
    .map((s) => fitLength(s, rules));
}

function numberRules(schema: Schema): { min: number; max: number; int: boolean } {
  const rules = { min: -1e9, max: 1e9, int: false };
  for (const check of checksOf(schema)) {
    if (check.check === 'number_format') rules.int = true;
    if (check.check === 'greater_than') rules.min = Number(check.value) + (check.inclusive ? 0 : rules.int ? 1 : 1e-9);
    if (check.check === 'less_than') rules.max = Number(check.value) - (check.inclusive ? 0 : rules.int ? 1 : 1e-9);
  }
  return rules;
}

function validNumber(schema: Schema): fc.Arbitrary<number> {
  const { min, max, int } = numberRules(schema);
  const edges = [min, max].filter((n) => Number.isFinite(n) && Math.abs(n) < 1e15);
  const body = int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return edges.length ? fc.oneof({ weight: 4, arbitrary: body }, { weight: 1, arbitrary: fc.constantFrom(...edges) }) : body;
}

function arrayBounds(schema: Schema): { min: number; max: number } {
  const bounds = { min: 0, max: 8 };
  let declaredMax = Infinity;
  for (const check of checksOf(schema)) {
    if (check.check === 'min_length') bounds.min = Number(check.minimum);
    if (check.check === 'max_length') declaredMax = Number(check.maximum);
  }
  bounds.max = Math.max(bounds.min, Math.min(declaredMax, 8));
  return bounds;
}

const shapeOf = (schema: Schema): Record<string, Schema> => defOf(schema).shape as Record<string, Schema>;

/** A value the schema most likely accepts. */
export function validish(schema: Schema, hints: FuzzHints = {}, key = ''): fc.Arbitrary<unknown> {
  const hinted = key ? hints.forKey?.(key) : undefined;
  const def = defOf(schema);
  if (hinted && !['object', 'optional', 'nullable', 'default', 'prefault', 'array'].includes(def.type)) return hinted;
  switch (def.type) {
    case 'string':
      return validString(schema);
    case 'number':
      return validNumber(schema);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'object': {
      const shape = shapeOf(schema);
      const keys = Object.keys(shape);
      const model = Object.fromEntries(keys.map((k) => [k, validish(shape[k] as Schema, hints, k)]));
      return fc.record(model, { requiredKeys: keys.filter((k) => !isOptionalKey(shape[k] as Schema)) });
    }
    case 'array': {
      const { min, max } = arrayBounds(schema);
      return fc.array(validish(def.element as Schema, hints, key), { minLength: min, maxLength: max });
    }
    case 'tuple':
      return fc.tuple(...(def.items as Schema[]).map((item) => validish(item, hints, key)));
    case 'record':
      return fc.dictionary(
        fc.constantFrom('en', 'nl', 'de', 'fr', 'es', 'it', 'pl', 'x'),
        validish(def.valueType as Schema, hints, ''),
        { maxKeys: 4 },
      );
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map((option) => validish(option, hints, key)));
    case 'intersection':
      return validish(def.left as Schema, hints, key);
    case 'optional':
      return fc.option(validish(def.innerType as Schema, hints, key), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(validish(def.innerType as Schema, hints, key), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
      return fc.option(validish(def.innerType as Schema, hints, key), { nil: undefined, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return validish(def.innerType as Schema, hints, key);
    case 'pipe':
      return validish(def.in as Schema, hints, key);
    case 'lazy':
      return validish((def.getter as () => Schema)(), hints, key);
    default:
      // unknown, any, custom: anything JSON can carry.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function typedHostile(schema: Schema, hints: FuzzHints, key: string): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const valid = validString(schema);
      return fc.oneof(
        { weight: 4, arbitrary: hostileString },
        // A valid value with something glued on: a NUL, a lone surrogate, an RTL mark, padding.
        { weight: 3, arbitrary: fc.tuple(valid, fc.constantFrom('\u0000', '\ud800', '\u202e', ' ', '\n', '😀', "'", 'ß')).map(([v, x]) => v + x) },
        { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('\u0000', '\udfff', '\t')).map(([v, x]) => x + v) },
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_UUIDS, ...EDGE_DATETIMES) },
        { weight: 1, arbitrary: valid.map((v) => v.toUpperCase()) },
        { weight: 1, arbitrary: hostileNumber },
      );
    }
    case 'number':
    case 'int':
      return fc.oneof({ weight: 4, arbitrary: hostileNumber }, { weight: 1, arbitrary: validNumber(schema).map(String) }, { weight: 1, arbitrary: fc.constantFrom('1', '1e3', '0x10', ' 7 ', '') });
    case 'boolean':
      return fc.constantFrom('true', 'false', 1, 0, 'yes', null, []);
    case 'enum':
    case 'literal': {
      const values = (def.type === 'enum' ? Object.values(def.entries as Record<string, unknown>) : (def.values as unknown[])).map(String);
      return fc.oneof(fc.constantFrom(...values).map((v) => v.toUpperCase()), fc.constantFrom(...values).map((v) => `${v} `), hostileString);
    }
    case 'object':
      return hostileObject(schema, hints);
    case 'array': {
      const element = def.element as Schema;
      const { max } = arrayBounds(schema);
      let declaredMax = 0;
      for (const check of checksOf(schema)) if (check.check === 'max_length') declaredMax = Number(check.maximum);
      return fc.oneof(
        fc.array(hostile(element, hints, key), { minLength: 1, maxLength: 3 }),
        // One more element than allowed (copies of one: generating a thousand distinct ones is slow).
        declaredMax > 0 && declaredMax < 10_000
          ? validish(element, hints, key).map((item) => Array.from({ length: declaredMax + 1 }, () => item))
          : fc.constant([null]),
        fc.array(validish(element, hints, key), { maxLength: max }).map((items) => ({ ...items })),
      );
    }
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map((option) => hostile(option, hints, key)));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return hostile(def.innerType as Schema, hints, key);
    case 'pipe':
      return hostile(def.in as Schema, hints, key);
    default:
      return hostileValue;
  }
}

/** A valid object with exactly one thing broken: a key dropped, a key added, or one field hostile. */
function hostileObject(schema: Schema, hints: FuzzHints): fc.Arbitrary<unknown> {
  const shape = shapeOf(schema);
  const keys = Object.keys(shape);
  return (validish(schema, hints) as fc.Arbitrary<Record<string, unknown>>).chain((base) => {
    const present = Object.keys(base);
    const options: fc.Arbitrary<unknown>[] = [
      fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileValue).map(([k, v]) => withOwnKey(base, k, v)),
    ];
    if (present.length) {
      options.push(fc.constantFrom(...present).map((k) => Object.fromEntries(Object.entries(base).filter(([name]) => name !== k))));
    }
    if (keys.length) {
      options.push(fc.constantFrom(...keys).chain((k) => hostile(shape[k] as Schema, hints, k).map((v) => withOwnKey(base, k, v))));
      options.push(fc.constantFrom(...keys).chain((k) => hostile(shape[k] as Schema, hints, k).map((v) => withOwnKey(base, k, v))));
    }
    return fc.oneof(...options);
  });
}

/** A value the schema should refuse (or accept only after trimming, which is also worth sending). */
export function hostile(schema: Schema, hints: FuzzHints = {}, key = ''): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: hostileValue }, { weight: 4, arbitrary: typedHostile(schema, hints, key) });
}

export interface Payload {
  readonly kind: 'valid' | 'hostile';
  readonly value: unknown;
}

/** About two in five valid-ish, the rest hostile. */
export function payload(schema: Schema, hints: FuzzHints = {}): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 2, arbitrary: validish(schema, hints).map((value): Payload => ({ kind: 'valid', value })) },
    { weight: 3, arbitrary: hostile(schema, hints).map((value): Payload => ({ kind: 'hostile', value })) },
  );
}
