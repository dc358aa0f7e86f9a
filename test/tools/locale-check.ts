// The locale checks `npm test` runs (test/unit/locales): every locale has the source's keys and
// no others, the same placeholders, the plural forms its language needs, no empty text; every key
// is used by the code, and every key the code uses exists.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export type Messages = { [key: string]: string | Messages };
/** language → namespace → messages */
export type LocaleSet = Record<string, Record<string, Messages>>;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([^,}\s]+)\s*(?:,\s*([a-zA-Z]+))?[^}]*\}\}/g;
/** A key as code writes it: `'ns:path.to.key'` in quotes or backticks (a namespace may have a hyphen: `cobrowse-snippet`). */
const KEY_IN_CODE = /['"`]([a-z][a-zA-Z-]*):([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)*)['"`]/g;

export function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** base key → { plural forms present (empty for a plain key), texts } */
function group(messages: Messages): Map<string, { forms: Set<string>; texts: string[] }> {
  const out = new Map<string, { forms: Set<string>; texts: string[] }>();
  for (const [key, text] of flatten(messages)) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const entry = out.get(base) ?? { forms: new Set<string>(), texts: [] };
    if (match?.[1]) entry.forms.add(match[1]);
    entry.texts.push(text);
    out.set(base, entry);
  }
  return out;
}

function placeholders(texts: readonly string[]): string {
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) found.add(m[2] ? `${m[1]}, ${m[2]}` : `${m[1]}`);
  return [...found].sort().join(' | ');
}

export function pluralCategories(language: string): string[] {
  return [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
}

export interface CheckOptions {
  readonly locales: LocaleSet;
  readonly source: string;
  /** Source code to look for keys in (contents of .ts/.tsx files). */
  readonly code: readonly string[];
}

export function checkLocales({ locales, source, code }: CheckOptions): string[] {
  const problems: string[] = [];
  const sourceNamespaces = locales[source];
  if (!sourceNamespaces) return [`the source locale "${source}" is missing`];

  const sourceKeys = new Map<string, Map<string, { forms: Set<string>; texts: string[] }>>();
  for (const [ns, messages] of Object.entries(sourceNamespaces)) sourceKeys.set(ns, group(messages));

  for (const [language, namespaces] of Object.entries(locales)) {
    const expectedForms = pluralCategories(language);
    for (const ns of new Set([...Object.keys(namespaces), ...sourceKeys.keys()])) {
      const theirs = namespaces[ns] ? group(namespaces[ns]) : undefined;
      const ours = sourceKeys.get(ns);
      if (!theirs) {
        problems.push(`${language}: namespace "${ns}" is missing`);
        continue;
      }
      if (!ours) {
        problems.push(`${language}: namespace "${ns}" does not exist in ${source}`);
        continue;
      }
      for (const key of ours.keys()) if (!theirs.has(key)) problems.push(`${language}: ${ns}:${key} is missing`);
      for (const [key, entry] of theirs) {
        const reference = ours.get(key);
        if (!reference) {
          problems.push(`${language}: ${ns}:${key} is not in ${source}`);
          continue;
        }
        if (entry.texts.some((text) => text.trim() === '')) problems.push(`${language}: ${ns}:${key} is empty`);
        const isPlural = reference.forms.size > 0;
        if (isPlural) {
          const forms = [...entry.forms].sort();
          if (forms.join() !== expectedForms.join()) {
            problems.push(`${language}: ${ns}:${key} has plural forms [${forms}] but ${language} needs [${expectedForms}]`);
          }
        } else if (entry.forms.size > 0) {
          problems.push(`${language}: ${ns}:${key} has plural forms but ${source} has none`);
        }
        const expected = placeholders(reference.texts);
        const actual = placeholders(entry.texts);
        if (expected !== actual) problems.push(`${language}: ${ns}:${key} has placeholders {${actual}}, ${source} has {${expected}}`);
      }
    }
  }

  const used = new Set<string>();
  for (const text of code) for (const m of text.matchAll(KEY_IN_CODE)) if (sourceKeys.has(m[1] ?? '')) used.add(`${m[1]}:${m[2]}`);
  for (const [ns, keys] of sourceKeys) {
    for (const key of keys.keys()) if (!used.has(`${ns}:${key}`)) problems.push(`${ns}:${key} is not used anywhere in the code`);
  }
  for (const key of used) {
    const [ns, path_] = key.split(':') as [string, string];
    if (!sourceKeys.get(ns)?.has(path_)) problems.push(`the code uses ${key}, which ${source} does not have`);
  }
  return problems;
}

export async function loadLocales(dir: string): Promise<LocaleSet> {
  const locales: LocaleSet = {};
  const languages = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const language of languages) {
    const files = (await readdir(path.join(dir, language))).filter((file) => file.endsWith('.json'));
    locales[language] = {};
    for (const file of files) {
      locales[language][file.slice(0, -5)] = JSON.parse(await readFile(path.join(dir, language, file), 'utf8')) as Messages;
    }
  }
  return locales;
}

export async function loadCode(root: string, dirs: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const dir of dirs) {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        texts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
      }
    }
  }
  return texts;
}
