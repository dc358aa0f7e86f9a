import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LoketError } from '../../../common/errors.ts';
import { SettingsStore } from '../../../main/settings/settings-store.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { DEFAULT_SETTINGS } from '../../../common/contract/contract.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
async function folder(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return dir;
}

describe('SettingsStore', () => {
  it('starts from defaults and keeps changes across a restart', async () => {
    const dir = await folder();
    const first = await SettingsStore.open(dir);
    expect(first.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'system', theme: 'system' });
    await first.update({ language: 'pl' });
    await first.update({ theme: 'dark' });
    const reopened = await SettingsStore.open(dir);
    expect(reopened.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'pl', theme: 'dark' });
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, language: 'pl', theme: 'dark' });
  });

  it('applies quick successive changes in order', async () => {
    const dir = await folder();
    const store = await SettingsStore.open(dir);
    await Promise.all([store.update({ language: 'de' }), store.update({ language: 'fr' }), store.update({ language: 'it' })]);
    expect((await SettingsStore.open(dir)).get().language).toBe('it');
  });

  it('sets an unreadable file aside instead of failing or losing it', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, 'settings.json'), '{"language": "klingon"');
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'system', theme: 'system' });
    const files = await readdir(dir);
    expect(files.some((file) => file.startsWith('settings.json.unreadable-'))).toBe(true);
  });

  it('tells listeners about a change, and reports a failed save as settings.saveFailed', async () => {
    const dir = await folder();
    const store = await SettingsStore.open(dir);
    const seen: string[] = [];
    store.onChange((settings) => seen.push(settings.theme));
    await store.update({ theme: 'light' });
    expect(seen).toEqual(['light']);

    // The data folder turns into a file: the write cannot happen, nothing pretends it did.
    await rm(dir, { recursive: true });
    await writeFile(dir, 'not a folder');
    const failure = await store.update({ theme: 'dark' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoketError);
    expect((failure as LoketError).code).toBe('settings.saveFailed');
    expect(store.get().theme).toBe('light');
    expect(seen).toEqual(['light']);
    await rm(dir);
  });
});
