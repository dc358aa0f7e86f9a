import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { PSEUDO_LANGUAGE, SOURCE_LANGUAGE, UI_LANGUAGES } from '../../common/locales.ts';
import { NAMESPACES } from './namespaces.ts';
import { pseudoizeAll, type Messages } from './pseudo.ts';

// All locales are bundled and loaded at start (they are small): switching language is then
// instant and never waits on a file, even in the middle of a call. The customer snippet's and the
// demo shop's texts are not the console's: they stay out of its bundle.
const files = import.meta.glob<Messages>(['../../locales/*/*.json', '!../../locales/*/cobrowse-snippet.json', '!../../locales/*/demo-shop.json'], {
  eager: true,
  import: 'default',
});

export function bundledResources(): Record<string, Record<string, Messages>> {
  const resources: Record<string, Record<string, Messages>> = {};
  for (const [file, messages] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!match?.[1] || !match[2]) continue;
    (resources[match[1]] ??= {})[match[2]] = messages;
  }
  const source = resources[SOURCE_LANGUAGE] ?? {};
  resources[PSEUDO_LANGUAGE] = Object.fromEntries(Object.entries(source).map(([ns, m]) => [ns, pseudoizeAll(m)]));
  return resources;
}

export async function createI18n(language: string = SOURCE_LANGUAGE): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: [...UI_LANGUAGES, PSEUDO_LANGUAGE],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources: bundledResources(),
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
