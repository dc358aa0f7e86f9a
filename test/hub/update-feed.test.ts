import { createHash, randomBytes } from 'node:crypto';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../server/api/app.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';
import { INGEST_KEY } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

// The hub's update feed, read the way electron-updater's generic provider reads it: the channel
// file parsed by electron-updater's own parser, the installer it names fetched (whole and in byte
// ranges, as a resumed or differential download does) and checked against its sha512.

let database: TestDatabase;
let hub: Hub;
let url: string;
let updates: { dir: string; cleanup: () => Promise<void> };
let outside: { dir: string; cleanup: () => Promise<void> };
const installer = randomBytes(300_000);
const installerName = 'Loket-1.4.0.AppImage';

beforeAll(async () => {
  updates = await tempDir('loket-updates-');
  outside = await tempDir('loket-outside-');
  await writeFile(path.join(updates.dir, installerName), installer);
  const sha512 = createHash('sha512').update(installer).digest('base64');
  await writeFile(
    path.join(updates.dir, 'latest-linux.yml'),
    `version: 1.4.0\nfiles:\n  - url: ${installerName}\n    sha512: ${sha512}\n    size: ${installer.length}\npath: ${installerName}\nsha512: ${sha512}\nreleaseDate: '2026-11-30T08:00:00.000Z'\n`,
  );
  await writeFile(path.join(updates.dir, '.env'), 'LOKET_SIP_KEY=secret\n');
  await mkdir(path.join(updates.dir, 'old'));
  await writeFile(path.join(outside.dir, 'hub-secrets.txt'), 'not for the feed\n');
  await symlink(path.join(outside.dir, 'hub-secrets.txt'), path.join(updates.dir, 'Loket-link.exe'));

  database = await openTestDatabase();
  hub = await buildHub({ db: database.db, ingestKey: INGEST_KEY, secret: 'test-secret-test-secret-test-secret', updatesDir: updates.dir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const address = hub.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await hub?.close();
  await database?.close();
  await updates?.cleanup();
  await outside?.cleanup();
});

describe('the update feed (GET /updates/:file)', () => {
  it('serves a channel file electron-updater parses, uncached, and the installer it names with a matching sha512', async () => {
    // electron-updater may add a query to dodge caches; the feed ignores it.
    const channel = await fetch(`${url}/updates/latest-linux.yml?noCache=1k2j3`);
    expect(channel.status).toBe(200);
    expect(channel.headers.get('cache-control')).toBe('no-cache');
    expect(channel.headers.get('content-type')).toMatch(/^text\/yaml/);
    const info = parseUpdateInfo(await channel.text(), 'latest-linux.yml', new URL(`${url}/updates/latest-linux.yml`));
    expect(info.version).toBe('1.4.0');
    const [file] = resolveFiles(info, new URL(`${url}/updates/`));
    expect(file?.url.href).toBe(`${url}/updates/${installerName}`);

    const download = await fetch(file!.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('accept-ranges')).toBe('bytes');
    expect(download.headers.get('cache-control')).toBe('public, max-age=86400');
    const body = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha512').update(body).digest('base64')).toBe(file!.info.sha512);
  });

  it('answers a byte range with 206 and exactly those bytes, and a suffix range with the tail', async () => {
    const middle = await fetch(`${url}/updates/${installerName}`, { headers: { range: 'bytes=1000-70999' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-70999/${installer.length}`);
    expect(Buffer.from(await middle.arrayBuffer()).equals(installer.subarray(1000, 71_000))).toBe(true);

    const tail = await fetch(`${url}/updates/${installerName}`, { headers: { range: 'bytes=-500' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(installer.subarray(installer.length - 500))).toBe(true);

    const rest = await fetch(`${url}/updates/${installerName}`, { headers: { range: 'bytes=299990-' } });
    expect(rest.status).toBe(206);
    expect((await rest.arrayBuffer()).byteLength).toBe(10);

    const past = await fetch(`${url}/updates/${installerName}`, { headers: { range: `bytes=${installer.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${installer.length}`);
  });

  it('answers 304 to the ETag it gave, and the whole file when If-Range names an older copy', async () => {
    const first = await fetch(`${url}/updates/${installerName}`, { method: 'HEAD' });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await fetch(`${url}/updates/${installerName}`, { headers: { 'if-none-match': etag! } })).status).toBe(304);

    // The file is replaced (new modification time): a resumed download of the old copy starts over.
    await utimes(path.join(updates.dir, installerName), new Date(), new Date(Date.now() + 5_000));
    const resumed = await fetch(`${url}/updates/${installerName}`, { headers: { range: 'bytes=100-199', 'if-range': etag! } });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('etag')).not.toBe(etag);
    expect((await resumed.arrayBuffer()).byteLength).toBe(installer.length);
  });

  it('refuses path traversal, dot files, folders, symlinks out of the folder and unknown files with 404', async () => {
    for (const requested of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2E%2E%2Fhub-secrets.txt', '..', '.env', 'old', 'Loket-link.exe', 'latest-mac.yml', '%00latest-linux.yml', 'latest-linux.yml%2F']) {
      const response = await fetch(`${url}/updates/${requested}`);
      expect(response.status, requested).toBe(404);
      const text = await response.text();
      expect(text, requested).not.toContain('secret');
      expect(text, requested).not.toContain('root:');
    }
  });

  it('is off (404) on a hub without an updates folder', async () => {
    const bare = await buildHub({ db: database.db, ingestKey: INGEST_KEY, secret: 'test-secret-test-secret-test-secret', updatesDir: '' });
    try {
      const response = await bare.app.inject({ method: 'GET', url: '/updates/latest.yml' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'updates.off', params: {} });
    } finally {
      await bare.close();
    }
  });
});
