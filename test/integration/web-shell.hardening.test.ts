import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type ServerFrame } from '../../common/contract/socket-protocol.ts';
import { createServices, type Services } from '../../main/services.ts';
import { startWebShell, type WebShell } from '../../main/shell/web/server.ts';
import { tempDir } from '../support/temp-dir.ts';
import { DEFAULT_SETTINGS } from '../../common/contract/contract.ts';
import { hardeningRow } from '../support/hardening.ts';

// The web shell over real sockets: the same services, the real HTTP server, the `ws` client.
let shell: WebShell;
let services: Services;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  const rendererDir = path.join(temp.dir, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Loket</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'cobrowse-view.html'), '<!doctype html><title>Viewer</title>');
  await writeFile(path.join(temp.dir, 'secret.txt'), 'do not serve');
  services = await createServices({ shell: 'web', version: '1.2.3', dataDir: path.join(temp.dir, 'data'), osLocale: 'de-DE', development: true });
  shell = await startWebShell({ services, rendererDir, port: 0 });
});

afterAll(async () => {
  await shell.close();
  await cleanup();
});

type Opened = { ws: WebSocket; frames: ServerFrame[]; next: () => Promise<ServerFrame> };

function open(protocols: string[], headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/contract`, protocols, { headers });
    const frames: ServerFrame[] = [];
    const waiters: Array<(frame: ServerFrame) => void> = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      const waiter = waiters.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    ws.once('open', () =>
      resolve({ ws, frames, next: () => new Promise((r) => (frames.length ? r(frames.shift() as ServerFrame) : waiters.push(r))) }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const authorised = () => open([SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + shell.token], { origin: shell.origin });

describe('the socket refuses', () => {
  it('a client without the launch token', async () => {
    await expect(open([SOCKET_PROTOCOL])).rejects.toThrow('HTTP 401');
  });

  it('a client with a wrong token', async (ctx) => {
    await expect(open([SOCKET_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'A'.repeat(43)}`])).rejects.toThrow('HTTP 401');
    hardeningRow(ctx, { case: 'web shell: wrong launch token', fault: 'socket with a guessed token', result: 'refused', figure: 'HTTP 401' });
  });

  it('a page from another origin, even with the token', async (ctx) => {
    await expect(open([SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + shell.token], { origin: 'https://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    hardeningRow(ctx, { case: 'web shell: foreign page', fault: 'socket from https://evil.example with the valid token', result: 'refused', figure: 'HTTP 403' });
  });

  it('a request for another host name (DNS rebinding)', async (ctx) => {
    await expect(open([SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + shell.token], { host: 'evil.example' })).rejects.toThrow('HTTP 421');
    hardeningRow(ctx, { case: 'web shell: DNS rebinding', fault: 'Host: evil.example with the valid token', result: 'refused', figure: 'HTTP 421' });
  });
});

describe('the contract over the socket', () => {
  it('answers, refuses an invalid payload, and keeps serving', async (ctx) => {
    const { ws, next } = await authorised();
    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'settings.set', payload: { theme: 'purple' } }));
    expect(await next()).toEqual({
      type: 'response',
      id: 1,
      result: { ok: false, error: { code: 'request.invalid', params: { channel: 'settings.set', field: 'theme' } } },
    });
    ws.send('this is not json');
    expect(await next()).toEqual({ type: 'error', error: { code: 'request.malformed', params: {} } });
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'nope.never', payload: {} }));
    expect(await next()).toMatchObject({ id: 2, result: { ok: false, error: { code: 'request.unknownChannel' } } });
    ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'diagnostics.ping', payload: { nonce: 'n1' } }));
    expect(await next()).toMatchObject({ type: 'response', id: 3, result: { ok: true, value: { nonce: 'n1' } } });
    ws.close();
    hardeningRow(ctx, { case: 'web shell: invalid messages', fault: 'bad payload, not JSON, unknown channel', result: 'each refused with a code, socket keeps serving', figure: '3 refused, next answered' });
  });

  it('drops an oversized frame’s socket but keeps serving others', async (ctx) => {
    const big = await authorised();
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const { ws, next } = await authorised();
    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'app.info', payload: {} }));
    expect(await next()).toMatchObject({ result: { ok: true, value: { shell: 'web', version: '1.2.3' } } });
    ws.close();
    hardeningRow(ctx, { case: 'web shell: oversized frame', fault: '2 MB message', result: 'that socket closed, others served', figure: 'close 1009' });
  });

  it('sends events to every connected window', async () => {
    const a = await authorised();
    const b = await authorised();
    a.ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'settings.set', payload: { language: 'pl' } }));
    const seenByB = await b.next();
    expect(seenByB).toEqual({ type: 'event', name: 'settings.changed', payload: { ...DEFAULT_SETTINGS, language: 'pl', theme: 'system' } });
    a.ws.close();
    b.ws.close();
  });
});

function get(urlPath: string, host = `127.0.0.1:${shell.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shell.port, path: urlPath, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the static renderer', () => {
  it('is served with a strict CSP', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await get('/assets/app-1234.js')).headers['cache-control']).toContain('immutable');
  });

  it('serves the console with no inline style, framing only its own viewer', async () => {
    const policy = (await get('/')).headers['content-security-policy'] ?? '';
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain("frame-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });

  it('serves the co-browse viewer with its own policy: shop styles and images, only the app\'s scripts, no connections', async () => {
    const page = await get('/cobrowse-view.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Viewer');
    const policy = page.headers['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain("style-src 'self' 'unsafe-inline' http: https:");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await get(attempt);
      expect(response.body).not.toContain('do not serve');
    }
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('refuses other host names', async () => {
    expect((await get('/', 'attacker.example')).status).toBe(421);
  });
});
