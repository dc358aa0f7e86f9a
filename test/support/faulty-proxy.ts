import http from 'node:http';
import net from 'node:net';

/** What the proxy does with one HTTP request on its way to the hub. */
export type Fault =
  | 'pass'
  /** Forward it, let the hub commit and answer, then cut the connection before the answer gets back. */
  | 'cutAfterCommit'
  /** Answer this status itself (the hub never sees the request). */
  | { readonly status: number; readonly code?: string };

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly fault: Fault;
}

export interface FaultyProxy {
  readonly url: string;
  /** Every HTTP request, in order, with the fault applied to it. */
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP proxy in front of the hub that injects faults per request: lost answers, error
 * statuses. WebSocket upgrades (the live events) are piped through untouched.
 */
export async function startFaultyProxy(target: string, decide: (method: string, path: string) => Fault): Promise<FaultyProxy> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  const tunnels = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const fault = decide(method, path);
      seen.push({ method, path, fault });
      if (typeof fault === 'object') {
        response.writeHead(fault.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: fault.code ?? 'internal', params: {} }));
        return;
      }
      const headers = { ...request.headers, host: upstream.host };
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method, path, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          // The hub has committed and answered: the answer is lost on the way back.
          if (fault === 'cutAfterCommit') return request.socket.destroy();
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(body));
        });
      });
      forward.on('error', () => request.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const tunnel = net.connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)];
      tunnel.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) tunnel.write(head);
      tunnel.pipe(socket).pipe(tunnel);
    });
    tunnels.add(tunnel).add(socket as net.Socket);
    tunnel.on('error', () => socket.destroy());
    socket.on('error', () => tunnel.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
