import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME } from '../../../common/contract/define.ts';
import { EVENT_NAMES, REQUEST_CHANNELS, contract, ipcChannel, isRequestChannel } from '../../../common/contract/contract.ts';
import { ClientFrame, ServerFrame } from '../../../common/contract/socket-protocol.ts';
import { matchUiLanguage } from '../../../common/locales.ts';

describe('the contract declaration', () => {
  it('names every channel and event as area.verb', () => {
    for (const name of [...REQUEST_CHANNELS, ...EVENT_NAMES]) expect(name).toMatch(CHANNEL_NAME);
  });

  it('derives one IPC channel per request channel, all distinct', () => {
    const ipc = REQUEST_CHANNELS.map(ipcChannel);
    expect(new Set(ipc).size).toBe(REQUEST_CHANNELS.length);
    expect(ipc).toContain('loket:settings.set');
  });

  it('does not treat inherited object keys as channels', () => {
    expect(isRequestChannel('toString')).toBe(false);
    expect(isRequestChannel('__proto__')).toBe(false);
    expect(isRequestChannel('app.info')).toBe(true);
  });

  it('refuses settings outside the allowed values and empty patches', () => {
    const set = contract.requests['settings.set'].request;
    expect(set.safeParse({ theme: 'dark' }).success).toBe(true);
    expect(set.safeParse({ theme: 'purple' }).success).toBe(false);
    expect(set.safeParse({ language: 'pt' }).success).toBe(false);
    expect(set.safeParse({}).success).toBe(false);
    expect(set.safeParse({ theme: 'dark', extra: 1 }).success).toBe(false);
    // A patch of one field leaves the others alone (no defaults filled in).
    expect(set.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(set.safeParse({ cacheRetentionDays: 0 }).success).toBe(false);
    expect(set.parse({ cacheRetentionDays: 90 })).toEqual({ cacheRetentionDays: 90 });
  });

  it('validates socket frames strictly', () => {
    expect(ClientFrame.safeParse({ type: 'request', id: 1, channel: 'app.info', payload: {} }).success).toBe(true);
    expect(ClientFrame.safeParse({ type: 'request', id: -1, channel: 'app.info', payload: {} }).success).toBe(false);
    expect(ClientFrame.safeParse({ type: 'request', id: 1, channel: 'x'.repeat(101), payload: {} }).success).toBe(false);
    expect(
      ServerFrame.safeParse({ type: 'response', id: 1, result: { ok: false, error: { code: 'internal', params: {} } } }).success,
    ).toBe(true);
    expect(ServerFrame.safeParse({ type: 'response', id: 1, result: { ok: false, error: { code: 'nope', params: {} } } }).success).toBe(
      false,
    );
  });
});

describe('matchUiLanguage', () => {
  it('picks the first supported language by base tag', () => {
    expect(matchUiLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(matchUiLanguage(['pt-BR', 'fr-BE'])).toBe('fr');
    expect(matchUiLanguage(['nl_BE'])).toBe('nl');
  });

  it('falls back to English', () => {
    expect(matchUiLanguage([])).toBe('en');
    expect(matchUiLanguage(['ja-JP'])).toBe('en');
  });
});
