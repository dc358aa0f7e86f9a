import net from 'node:net';

// A plain TCP relay in front of the hub that counts the bytes each connection sends and receives,
// as they travel on the wire (HTTP headers, WebSocket frame headers, permessage-deflate payloads).
// A connection is named by its first request line (e.g. `GET /cobrowse/ws/customer?session=…`).

export interface MeteredConnection {
  readonly requestLine: string;
  /** Bytes from the client (the browser) to the hub so far. */
  sent: number;
  /** Bytes from the hub to the client so far. */
  received: number;
}

export interface ByteMeter {
  /** `http://127.0.0.1:<port>`: use it where the hub's address would go. */
  readonly url: string;
  readonly connections: MeteredConnection[];
  /** Bytes sent to the hub so far by the connections whose request line matches. */
  sentBy(match: RegExp): number;
  close(): Promise<void>;
}

export async function startByteMeter(target: string): Promise<ByteMeter> {
  const upstream = new URL(target);
  const connections: MeteredConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const connection: MeteredConnection = { requestLine: '', sent: 0, received: 0 };
    connections.push(connection);
    const hub = net.connect(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(hub);
    client.on('data', (chunk: Buffer) => {
      if (!connection.requestLine) (connection as { requestLine: string }).requestLine = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
      connection.sent += chunk.length;
      hub.write(chunk);
    });
    hub.on('data', (chunk: Buffer) => {
      connection.received += chunk.length;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      hub.destroy();
      sockets.delete(client);
      sockets.delete(hub);
    };
    client.on('close', end).on('error', end);
    hub.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections,
    sentBy: (match) => connections.filter((c) => match.test(c.requestLine)).reduce((sum, c) => sum + c.sent, 0),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
