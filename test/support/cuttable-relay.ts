import net from 'node:net';

// A plain TCP relay in front of the hub for tests of a console losing it: cut every open
// connection at once (the console's sockets drop, new ones pass), or refuse all until told again.

export interface CuttableRelay {
  /** `http://127.0.0.1:<port>`: use it where the hub's address would go. */
  readonly url: string;
  cutAll(): void;
  /** On: cut everything and refuse new connections (the hub unreachable); off: pass again. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/** A TCP relay to the hub whose open connections can be cut at once (new ones still pass). */
export async function startCuttableRelay(target: string): Promise<CuttableRelay> {
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const far = net.connect(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(far);
    client.pipe(far).pipe(client);
    const drop = () => {
      client.destroy();
      far.destroy();
      sockets.delete(client);
      sockets.delete(far);
    };
    client.on('error', drop).on('close', drop);
    far.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cutAll,
    refuse: (on) => {
      refusing = on;
      if (on) cutAll();
    },
    close: () => new Promise((resolve) => (cutAll(), server.close(() => resolve()))),
  };
}
