import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from '../test/support/web-shell-process.ts';
// Type only: the hub (PGlite) runs in its own process, as in cache.bench.ts.
import type { ScaleHubInfo } from './scale-hub.ts';

// The screen-pop benchmark's processes and plumbing: the scale hub in its own process, the fixed
// port the console reaches it through, and waiting for a condition.

const READY_PREFIX = 'SCALE_HUB ';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` every 5 ms until it gives a value (not null, undefined or false). */
export async function until<T>(read: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** bench/scale-hub-process.ts in its own process (see cache.bench.ts): the 100k data set's hub. */
export async function spawnScaleHub(): Promise<{ info: ScaleHubInfo; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'scale-hub-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const info = await new Promise<ScaleHubInfo>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ScaleHubInfo);
      else console.log(`    hub: ${line}`);
    });
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`the scale hub exited (code ${code}) before it listened`)));
  });
  return {
    info,
    async stop() {
      child.stdin.end();
      const force = setTimeout(() => child.kill('SIGTERM'), 60_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** Listens on 127.0.0.1:`port` and passes every connection on to `targetUrl`'s host and port. */
export async function startRelay(port: number, targetUrl: string): Promise<net.Server> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  // Closing also ends the connections still open (pooled keep-alive ones would hold it open).
  const close = server.close.bind(server);
  server.close = (callback) => {
    close(callback);
    for (const socket of sockets) socket.destroy();
    return server;
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`the hub relay cannot listen on 127.0.0.1:${port} (${error.message}); set LOKET_BENCH_SCREEN_POP_HUB_PORT`)));
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}
