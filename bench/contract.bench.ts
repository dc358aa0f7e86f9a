import WebSocket from 'ws';
import { SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../common/contract/socket-protocol.ts';
import { createServices, type Services } from '../main/services.ts';
import { startWebShell, type WebShell } from '../main/shell/web/server.ts';
import { tempDir } from '../test/support/temp-dir.ts';
import { defineSuite } from './harness.ts';

// The cost of one contract request: validated dispatch in main, a round trip over the web
// shell's socket (what every renderer request pays there), and a settings write (fsync).
let services: Services;
let shell: WebShell;
let socket: WebSocket;
let cleanup: () => Promise<void>;
let nextId = 1;
const waiting = new Map<number, () => void>();

function roundTrip(channel: string, payload: unknown): Promise<void> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ type: 'request', id, channel, payload }));
  });
}

export default defineSuite({
  name: 'contract',
  async setup() {
    const temp = await tempDir('loket-bench-');
    cleanup = temp.cleanup;
    services = await createServices({ shell: 'web', version: 'bench', dataDir: temp.dir, osLocale: 'en', development: false });
    shell = await startWebShell({ services, rendererDir: temp.dir, port: 0 });
    socket = new WebSocket(`ws://127.0.0.1:${shell.port}/contract`, [SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + shell.token]);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: number };
      if (frame.type === 'response' && frame.id !== undefined) {
        waiting.get(frame.id)?.();
        waiting.delete(frame.id);
      }
    });
    await new Promise((resolve) => socket.once('open', resolve));
  },
  cases: [
    {
      name: 'dispatch diagnostics.ping (in main)',
      iterations: 20_000,
      run: async () => void (await services.dispatcher.dispatch('diagnostics.ping', { nonce: 'bench' }, { shell: 'web', sender: 'bench' })),
    },
    {
      name: 'socket round trip diagnostics.ping',
      iterations: 5_000,
      target: { p95Ms: 2 },
      run: () => roundTrip('diagnostics.ping', { nonce: 'bench' }),
    },
    {
      name: 'socket round trip, invalid payload refused',
      iterations: 5_000,
      run: () => roundTrip('settings.set', { theme: 'purple' }),
    },
    {
      name: 'settings.set (atomic write + fsync)',
      iterations: 300,
      warmup: 10,
      target: { p95Ms: 50 },
      run: (i) => roundTrip('settings.set', { theme: i % 2 === 0 ? 'dark' : 'light' }),
    },
  ],
  // Also after a setup that failed half-way (the harness tears down then too).
  async teardown() {
    socket?.close();
    await shell?.close();
    await services?.dispose();
    await cleanup?.();
  },
});
