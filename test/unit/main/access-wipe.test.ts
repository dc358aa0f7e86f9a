import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wipeAgentData } from '../../../main/access/wipe.ts';
import { keyFileVault } from '../../../main/cache/vault.ts';
import { tempDir } from '../../support/temp-dir.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('the wipe at the end of access', () => {
  it('removes the cache folder (database, -wal, -shm, anything else), every secret and the SIP account file, and keeps settings', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const { dir } = temp;
    const vault = keyFileVault(path.join(dir, 'secrets'));
    mkdirSync(path.join(dir, 'cache'));
    const cacheFiles = ['loket-cache.db', 'loket-cache.db-wal', 'loket-cache.db-shm', 'loket-cache.db.corrupt-1700000000000'].map((f) => path.join(dir, 'cache', f));
    for (const file of cacheFiles) writeFileSync(file, 'customer data');
    for (const file of ['sip-account.json', 'sip-account.json.unreadable-1700000000000', 'settings.json', 'window-state.json']) writeFileSync(path.join(dir, file), '{}');
    for (const name of ['cache-key', 'hub-session', 'sip-password', 'hub-lease'] as const) vault.write(name, Buffer.from(`secret ${name}`));

    const result = wipeAgentData({ dataDir: dir, vault });

    expect(result.removed.sort()).toEqual(
      [...cacheFiles, path.join(dir, 'cache'), path.join(dir, 'sip-account.json'), path.join(dir, 'sip-account.json.unreadable-1700000000000')].sort(),
    );
    for (const file of result.removed) expect(existsSync(file)).toBe(false);
    expect(result.secrets.sort()).toEqual(['cache-key', 'hub-lease', 'hub-session', 'sip-password']);
    for (const name of result.secrets) expect(vault.read(name)).toBeNull();
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'window-state.json'))).toBe(true);
  });

  it('is harmless on a folder with nothing to wipe', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    expect(wipeAgentData({ dataDir: temp.dir, vault: keyFileVault(path.join(temp.dir, 'secrets')) })).toEqual({ removed: [], secrets: [] });
  });
});
