// The customer-facing strings in the seven UI languages, bundled into the snippet (they are a
// few hundred bytes gzipped each). The page's `<html lang>` picks the language, English is the
// fallback. Keys are written out in full ('cobrowse-snippet:…') so the locale checks find them.
import { matchUiLanguage, type UiLanguage } from '../common/locales.ts';
import de from '../locales/de/cobrowse-snippet.json';
import en from '../locales/en/cobrowse-snippet.json';
import es from '../locales/es/cobrowse-snippet.json';
import fr from '../locales/fr/cobrowse-snippet.json';
import it from '../locales/it/cobrowse-snippet.json';
import nl from '../locales/nl/cobrowse-snippet.json';
import pl from '../locales/pl/cobrowse-snippet.json';

type Catalogue = typeof en;
const CATALOGUES: Record<UiLanguage, Catalogue> = { en, nl, de, fr, es, it, pl };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type SnippetKey = `cobrowse-snippet:${Leaves<Catalogue>}`;
export type Translate = (key: SnippetKey, values?: Record<string, string>) => string;

/** The page's language as one of ours: `<html lang="de-AT">` → de, unknown → en. */
export function pageLanguage(doc: Document = document): UiLanguage {
  const lang = doc.documentElement.lang || '';
  return lang ? matchUiLanguage([lang]) : 'en';
}

export function translator(language: UiLanguage): Translate {
  return (key, values = {}) => {
    const text = lookup(CATALOGUES[language], key) ?? lookup(en, key) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '');
  };
}

function lookup(catalogue: Catalogue, key: SnippetKey): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.slice(key.indexOf(':') + 1).split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}
