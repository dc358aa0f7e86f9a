import { afterEach, describe, expect, it } from 'vitest';
import { forgetStoredSession, readStoredSession, writeStoredSession, type StoredSession } from '../../../main/hub/stored-session.ts';
import { keyFileVault } from '../../../main/cache/vault.ts';
import { tempDir } from '../../support/temp-dir.ts';

// The keychain entry that lets a restarted console (even offline) know its agent. A damaged or
// foreign entry must read as "no session" (sign in again), never crash the start.

const SESSION: StoredSession = {
  url: 'https://hub.shop.example',
  refreshToken: 'r1.abc',
  retryKey: 'k-123',
  agent: {
    id: '0193a3c0-0000-7000-8000-000000000001',
    email: 'sanne@shop.example',
    displayName: 'Sanne de Vries',
    role: 'first_line',
    officeId: '0193a3c0-0000-7000-8000-000000000002',
    officeCountry: 'NL',
    languages: ['nl', 'en'],
    accessExpiresAt: null,
  },
};

describe('stored hub session', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function vault() {
    const folder = await tempDir();
    cleanups.push(folder.cleanup);
    return keyFileVault(folder.dir);
  }

  it('reads back what it wrote, retry key included, and nothing after it is forgotten', async () => {
    const store = await vault();
    expect(readStoredSession(store)).toBeNull();
    writeStoredSession(store, SESSION);
    expect(readStoredSession(store)).toEqual(SESSION);
    forgetStoredSession(store);
    expect(readStoredSession(store)).toBeNull();
  });

  it('reads a damaged entry or one of another shape as no session', async () => {
    const store = await vault();
    store.write('hub-session', Buffer.from('{"url":"https://hub.shop.example","refreshTok', 'utf8'));
    expect(readStoredSession(store)).toBeNull();
    store.write('hub-session', Buffer.from(JSON.stringify({ url: SESSION.url, refreshToken: 42 }), 'utf8'));
    expect(readStoredSession(store)).toBeNull();
  });

  it('keeps nothing without a vault', () => {
    writeStoredSession(undefined, SESSION);
    expect(readStoredSession(undefined)).toBeNull();
  });
});
