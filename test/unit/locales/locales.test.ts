import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../../common/locales.ts';
import { checkLocales, loadCode, loadLocales, type LocaleSet, type Messages } from '../../tools/locale-check.ts';

const root = path.resolve(import.meta.dirname, '../../..');
let locales: LocaleSet;
let code: string[];

beforeAll(async () => {
  locales = await loadLocales(path.join(root, 'locales'));
  // cobrowse/ is the customer snippet, server/cobrowse/ the demo shop: both have their namespaces.
  code = await loadCode(root, ['common', 'main', 'preload', 'renderer', 'cobrowse', 'server/cobrowse']);
});

const copy = (): LocaleSet => structuredClone(locales);

describe('the shipped locales', () => {
  it('exist for every UI language and nothing else', () => {
    expect(Object.keys(locales).sort()).toEqual([...UI_LANGUAGES].sort());
  });

  it('pass every check', () => {
    expect(checkLocales({ locales, source: 'en', code })).toEqual([]);
  });
});

describe('the locale checks fail', () => {
  it('when a key is removed from one locale', () => {
    const broken = copy();
    delete (broken.nl?.frame?.nav as Messages).search;
    expect(checkLocales({ locales: broken, source: 'en', code })).toContain('nl: frame:nav.search is missing');
  });

  it('when a locale has a key English does not', () => {
    const broken = copy();
    (broken.de?.frame?.nav as Messages).inbox = 'Posteingang';
    expect(checkLocales({ locales: broken, source: 'en', code })).toContain('de: frame:nav.inbox is not in en');
  });

  it('when a placeholder is renamed or lost', () => {
    const broken = copy();
    (broken.fr?.errors?.settings as Messages).saveFailed = 'Impossible d’enregistrer ({{raison}}).';
    const problems = checkLocales({ locales: broken, source: 'en', code });
    expect(problems.some((p) => p.startsWith('fr: errors:settings.saveFailed has placeholders {raison}'))).toBe(true);
  });

  it('when a language lacks one of its plural forms', () => {
    const broken = copy();
    delete (broken.pl?.frame?.connection as Messages).offline_few;
    expect(checkLocales({ locales: broken, source: 'en', code })).toContain(
      'pl: frame:connection.offline has plural forms [many,one,other] but pl needs [few,many,one,other]',
    );
  });

  it('when a key is no longer used, or the code uses a key that does not exist', () => {
    expect(checkLocales({ locales, source: 'en', code: [] })).toContain('frame:nav.search is not used anywhere in the code');
    expect(checkLocales({ locales, source: 'en', code: [...code, "t('frame:nav.inbox')"] })).toContain(
      'the code uses frame:nav.inbox, which en does not have',
    );
  });

  it('when a text is empty', () => {
    const broken = copy();
    (broken.it?.frame?.nav as Messages).team = ' ';
    expect(checkLocales({ locales: broken, source: 'en', code })).toContain('it: frame:nav.team is empty');
  });
});
