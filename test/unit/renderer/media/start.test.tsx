import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../common/contract/contract.ts';
import type { PhoneStatus } from '../../../../common/contract/telephony.ts';
import { startMediaEngine } from '../../../../renderer/media/index.ts';
import { fakeClient } from './fakes.ts';

afterEach(() => vi.restoreAllMocks());

const idlePhone = { calls: [], mediaAttached: true } as unknown as PhoneStatus;

describe('starting the media side of the page', () => {
  it('attaches a fresh engine, exposes the probe for tests, and takes everything down on stop', async () => {
    const main = fakeClient();
    main.respond('settings.get', DEFAULT_SETTINGS);
    main.respond('phone.status', idlePhone);
    const media = startMediaEngine(main.client);
    const probe = window.__loketMedia;
    expect(probe?.engineId).toMatch(/^[0-9a-f-]{36}$/);
    expect(main.of('media.attach')).toEqual([{ engineId: probe?.engineId }]);
    expect(probe?.calls()).toEqual([]);
    expect(await probe?.stats('none')).toBeNull();
    await vi.waitFor(() => expect(main.of('phone.status')).toHaveLength(1));

    media.stop();
    expect(window.__loketMedia).toBeUndefined();
    for (const event of ['media.command', 'settings.changed', 'phone.changed'] as const) expect(main.listenerCount(event)).toBe(0);
  });

  it('reads settings and the phone again when the link comes back (events in between are lost)', async () => {
    const main = fakeClient({ state: 'connecting' });
    main.respond('settings.get', DEFAULT_SETTINGS);
    main.respond('phone.status', idlePhone);
    const media = startMediaEngine(main.client);
    expect(main.sent).toEqual([]);
    main.setStatus({ state: 'connected' });
    main.setStatus({ state: 'offline', retryAt: 0 });
    main.setStatus({ state: 'connected' });
    const reads = main.sent.map((entry) => entry.channel).filter((channel) => channel !== 'media.attach');
    expect(reads).toEqual(['settings.get', 'phone.status', 'settings.get', 'phone.status']);
    expect(main.of('media.attach')).toHaveLength(2);
    media.stop();
  });

  it('gets a new engine id on every start (a reload is a new engine to main)', () => {
    const ids = [0, 1].map(() => {
      const main = fakeClient();
      main.respond('settings.get', DEFAULT_SETTINGS);
      main.respond('phone.status', idlePhone);
      const media = startMediaEngine(main.client);
      const id = window.__loketMedia?.engineId;
      media.stop();
      return id;
    });
    expect(ids[0]).not.toBe(ids[1]);
  });
});
