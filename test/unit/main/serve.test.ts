import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, REQUEST_CHANNELS } from '../../../common/contract/contract.ts';
import { LoketError } from '../../../common/errors.ts';
import { serve, type Handlers } from '../../../main/contract/serve.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { tempDir } from '../../support/temp-dir.ts';

const context = { shell: 'web', sender: 'test' } as const;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function services(): Promise<Services> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return createServices({ shell: 'web', version: '9.9.9', dataDir: dir, osLocale: 'nl-NL', development: true });
}

/** Channels a test does not call: present (the type wants every one), and loud if called. */
const notUsedHere = Object.fromEntries(
  REQUEST_CHANNELS.map((channel) => [channel, () => { throw new Error(`${channel} is not used in this test`); }]),
) as unknown as Handlers;

describe('the dispatcher', () => {
  it('answers a valid request', async () => {
    const { dispatcher } = await services();
    const result = await dispatcher.dispatch('diagnostics.ping', { nonce: 'abc' }, context);
    expect(result).toMatchObject({ ok: true, value: { nonce: 'abc' } });
  });

  it('refuses an invalid payload with the offending field, and keeps serving', async () => {
    const { dispatcher } = await services();
    const bad = await dispatcher.dispatch('settings.set', { theme: 'purple' }, context);
    expect(bad).toEqual({ ok: false, error: { code: 'request.invalid', params: { channel: 'settings.set', field: 'theme' } } });
    const notAnObject = await dispatcher.dispatch('diagnostics.ping', 'hello', context);
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'request.invalid', params: { field: '(root)' } } });
    expect(await dispatcher.dispatch('settings.get', {}, context)).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, language: 'system', theme: 'system' } });
  });

  it('refuses unknown channels, including prototype keys', async () => {
    const { dispatcher } = await services();
    for (const channel of ['nope.nothing', 'constructor', '__proto__']) {
      const result = await dispatcher.dispatch(channel, {}, context);
      expect(result).toMatchObject({ ok: false, error: { code: 'request.unknownChannel' } });
    }
  });

  it('passes a LoketError through and hides anything else behind `internal`', async () => {
    const base = await services();
    const handlers = (override: Partial<Handlers>): Handlers => ({
      ...notUsedHere,
      'app.info': () => base.info,
      'settings.get': () => base.settings.get(),
      'settings.set': (patch) => base.settings.update(patch),
      'diagnostics.ping': ({ nonce }) => ({ nonce, receivedAt: 1 }),
      'hub.status': () => ({ state: 'off' }),
      ...override,
    });
    const known = serve(handlers({ 'settings.get': () => Promise.reject(new LoketError('settings.saveFailed', { reason: 'EACCES' })) }));
    expect(await known.dispatch('settings.get', {}, context)).toEqual({
      ok: false,
      error: { code: 'settings.saveFailed', params: { reason: 'EACCES' } },
    });
    const crash = serve(handlers({ 'settings.get': () => { throw new Error('secret path /home/x'); } }));
    const crashed = await crash.dispatch('settings.get', {}, context);
    expect(crashed).toEqual({ ok: false, error: { code: 'internal', params: { channel: 'settings.get' } } });
    expect(JSON.stringify(crashed)).not.toContain('secret');
  });

  it('refuses to return a value that breaks its own contract', async () => {
    const base = await services();
    const dispatcher = serve({
      ...notUsedHere,
      'app.info': () => ({ ...base.info, version: 42 }) as never,
      'settings.get': () => base.settings.get(),
      'settings.set': (patch) => base.settings.update(patch),
      'diagnostics.ping': ({ nonce }) => ({ nonce, receivedAt: 1 }),
      'hub.status': () => ({ state: 'off' }),
    });
    expect(await dispatcher.dispatch('app.info', {}, context)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('reports app info for the shell it runs in', async () => {
    const { dispatcher } = await services();
    const result = await dispatcher.dispatch('app.info', {}, context);
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'Loket', version: '9.9.9', shell: 'web', platform: process.platform, osLocale: 'nl-NL', versions: { electron: null } },
    });
  });
});
