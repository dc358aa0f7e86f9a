import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LoketError } from '../../common/errors.ts';
import { createServices, type Services } from '../../main/services.ts';
import { startWebShell, type WebShell } from '../../main/shell/web/server.ts';
import type { ConnectionStatus } from '../../renderer/bridge/client.ts';
import { createSocketClient } from '../../renderer/bridge/socket-client.ts';
import { tempDir } from '../support/temp-dir.ts';

// The renderer's socket transport against the real web shell server, including its restarts.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function shellOn(port = 0, token?: string): Promise<{ shell: WebShell; services: Services }> {
  const temp = await tempDir();
  const services = await createServices({ shell: 'web', version: '1.0.0', dataDir: temp.dir, osLocale: 'en', development: false });
  const shell = await startWebShell({ services, rendererDir: temp.dir, port, ...(token ? { token } : {}) });
  cleanups.push(async () => {
    await shell.close();
    await temp.cleanup();
  });
  return { shell, services };
}

function client(shell: WebShell, token = shell.token, timeoutMs = 10_000) {
  const statuses: ConnectionStatus['state'][] = [];
  const c = createSocketClient({
    origin: `ws://127.0.0.1:${shell.port}`,
    token,
    requestTimeoutMs: timeoutMs,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    random: () => 0,
  });
  c.onStatus((status) => statuses.push(status.state));
  return { c, statuses };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the socket client', () => {
  it('sends typed requests and receives events', async () => {
    const { shell, services } = await shellOn();
    const { c } = client(shell);
    const seen: string[] = [];
    c.on('settings.changed', (settings) => seen.push(settings.theme));
    expect((await c.request('app.info', {})).version).toBe('1.0.0');
    await services.settings.update({ theme: 'dark' });
    await until(() => seen.length === 1);
    expect(seen).toEqual(['dark']);
    const invalid = await c.request('settings.set', { theme: 'purple' as never }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(LoketError);
    expect((invalid as LoketError).code).toBe('request.invalid');
  });

  it('goes offline when the shell stops, keeps unsent requests waiting, and delivers them after a restart', async () => {
    const first = await shellOn();
    const { port, token } = first.shell;
    const { c, statuses } = client(first.shell);
    await c.request('diagnostics.ping', { nonce: 'a' });
    await first.shell.close();
    await until(() => c.status().state === 'offline');
    const waiting = c.request('diagnostics.ping', { nonce: 'after-restart' });
    await shellOn(port, token);
    await expect(waiting).resolves.toMatchObject({ nonce: 'after-restart' });
    expect(statuses).toContain('offline');
    expect(c.status().state).toBe('connected');
  });

  it('says "unauthorized" when the shell answers but refuses the token, and fails waiting requests', async () => {
    const { shell } = await shellOn();
    const { c } = client(shell, 'not-the-token');
    const refused = await c.request('app.info', {}).catch((e: unknown) => e);
    expect((refused as LoketError).code).toBe('bridge.unauthorized');
    expect(c.status().state).toBe('unauthorized');
  });
});
