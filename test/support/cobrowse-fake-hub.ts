import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { registerDemoShop } from '../../server/cobrowse/demo-shop.ts';
import { snippetFile } from '../../server/cobrowse/snippet-file.ts';

// A stand-in for the hub's co-browse side, so the snippet can be tested in Chromium on its own:
// it serves the built snippet, test pages and the demo shop (whose visitor tokens it makes up for
// any @example.com address), answers /cobrowse/join, and speaks the customer side of the wire protocol
// (common/cobrowse/protocol.ts) on plain WebSockets, recording every frame the page sends.
// What it relays is up to the test: it forwards agent messages whatever the control state, so a
// test proves the page itself refuses what it was not allowed.

export const FAKE_CODE = '123456';
export const FAKE_SESSION = '0190a0b0-0000-7000-8000-000000000001';
export const FAKE_KEY = 'customer-key-for-the-fake-hub-0000000000';

export interface SessionConnection {
  readonly socket: WebSocket;
  /** Every text frame this connection sent to the hub, in order. */
  readonly frames: string[];
}

export interface FakeHub {
  readonly url: string;
  /** Test pages: path (e.g. `/page/a`) → HTML; served with `csp` as Content-Security-Policy when given. */
  readonly pages: Map<string, { html: string; csp?: string }>;
  /** The doorbell connections' frames, one array per connection. */
  readonly doorbells: { socket: WebSocket; frames: string[] }[];
  /** The session socket connections, in order (a resumed page opens a new one). */
  readonly sessions: SessionConnection[];
  /** Rings every open doorbell: an agent asked this customer to co-browse. */
  ring(agentName?: string): void;
  /** Tells every open doorbell the request is over (went live elsewhere, ended, expired). */
  closeRequest(): void;
  /** Sends a hub → customer message on the newest session connection. */
  toCustomer(message: object): void;
  /** Every frame sent on any session connection, in order. */
  sessionFrames(): string[];
  close(): Promise<void>;
}

export async function startFakeHub(): Promise<FakeHub> {
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const pages = new Map<string, { html: string; csp?: string }>();
  const doorbells: FakeHub['doorbells'] = [];
  const sessions: SessionConnection[] = [];
  let agentName = 'Anouk';

  app.get('/cobrowse.js', async (_request, reply) => {
    const file = await snippetFile();
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('etag', file.etag).send(file.bytes);
  });
  app.get('/page/*', async (request, reply) => {
    const page = pages.get(request.url.split('?')[0] ?? '');
    if (!page) return reply.status(404).send('no such test page');
    if (page.csp) void reply.header('content-security-policy', page.csp);
    return reply.header('content-type', 'text/html; charset=utf-8').send(page.html);
  });
  app.post('/cobrowse/join', async (request, reply) => {
    const { code } = request.body as { code?: string };
    if (code !== FAKE_CODE) return reply.status(404).send({ code: 'cobrowse.codeUnknown', params: {} });
    return { sessionId: FAKE_SESSION, customerKey: FAKE_KEY, agentName, expiresAt: new Date(Date.now() + 600_000).toISOString() };
  });
  app.get('/cobrowse/ws/visitor', { websocket: true }, (socket) => {
    const entry = { socket, frames: [] as string[] };
    doorbells.push(entry);
    socket.on('message', (data) => entry.frames.push(String(data)));
  });
  app.get('/cobrowse/ws/customer', { websocket: true }, (socket, request) => {
    const connection: SessionConnection = { socket, frames: [] };
    sessions.push(connection);
    let control: 'off' | 'on' = 'off';
    socket.on('message', (data) => {
      const text = String(data);
      connection.frames.push(text);
      const message = JSON.parse(text) as { t: string; key?: string; consent?: boolean; state?: string };
      const session = (request.query as { session?: string }).session;
      if (message.t === 'hello') {
        if (message.key !== FAKE_KEY || session !== FAKE_SESSION) return socket.close(4401, 'auth.required');
        if (!message.consent) return socket.close(4000, 'customer_declined');
        socket.send(JSON.stringify({ t: 'live', agentName, control }));
      } else if (message.t === 'control' && (message.state === 'on' || message.state === 'off')) {
        control = message.state;
      } else if (message.t === 'end') {
        socket.close(4000, 'customer_ended');
      }
    });
  });
  await registerDemoShop(app, { visitorTokenFor: async (email) => (email.endsWith('@example.com') ? `visitor-token-of-${email}` : null) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  return {
    url,
    pages,
    doorbells,
    sessions,
    ring(name = 'Anouk') {
      agentName = name;
      const request = { t: 'request', sessionId: FAKE_SESSION, customerKey: FAKE_KEY, agentName, expiresAt: new Date(Date.now() + 600_000).toISOString() };
      for (const bell of doorbells) if (bell.socket.readyState === bell.socket.OPEN) bell.socket.send(JSON.stringify(request));
    },
    closeRequest() {
      for (const bell of doorbells) if (bell.socket.readyState === bell.socket.OPEN) bell.socket.send(JSON.stringify({ t: 'request.closed', sessionId: FAKE_SESSION }));
    },
    toCustomer(message) {
      const newest = sessions.at(-1);
      if (!newest) throw new Error('no session connection yet');
      newest.socket.send(JSON.stringify(message));
    },
    sessionFrames: () => sessions.flatMap((connection) => connection.frames),
    close: () => app.close(),
  };
}
