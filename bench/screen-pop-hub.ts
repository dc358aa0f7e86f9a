import net from 'node:net';

// The screen-pop benchmark's plumbing: the fixed port the console reaches the scale hub through
// (bench/scale-hub-spawn.ts starts the hub), and waiting for a condition.

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
