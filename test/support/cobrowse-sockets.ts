import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RunningHub } from './hub-fixture.ts';

// Plain ws clients on the hub's co-browse sockets for hub tests: each records every text frame it
// receives and how it closed, and waits for conditions (never a fixed sleep).

export interface RecordingSocket {
  readonly ws: WebSocket;
  readonly frames: string[];
  readonly messages: () => Array<Record<string, unknown>>;
  closed: { code: number; reason: string } | null;
  send(message: unknown): void;
  /** The first received message matching (already received or arriving). */
  waitFor(match: (message: Record<string, unknown>) => boolean, what: string, ms?: number): Promise<Record<string, unknown>>;
  waitClosed(ms?: number): Promise<{ code: number; reason: string }>;
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Opens a socket on `path` (e.g. `/cobrowse/ws/customer?session=…`) and resolves once it is open. */
export function openRecording(hub: RunningHub, path: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}): Promise<RecordingSocket> {
  const ws = new WebSocket(hub.url.replace('http', 'ws') + path, { headers, perMessageDeflate: true, ...options });
  const frames: string[] = [];
  const socket: RecordingSocket = {
    ws,
    frames,
    closed: null,
    messages: () => frames.map((frame) => JSON.parse(frame) as Record<string, unknown>),
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async waitFor(match, what, ms) {
      let found: Record<string, unknown> | undefined;
      await until(() => (found = socket.messages().find(match)) !== undefined || socket.closed !== null, what, ms);
      if (!found) throw new Error(`socket closed (${socket.closed?.code} ${socket.closed?.reason}) before ${what}; got ${frames.join(' | ')}`);
      return found;
    },
    async waitClosed(ms) {
      await until(() => socket.closed !== null, 'the socket to close', ms);
      return socket.closed as { code: number; reason: string };
    },
  };
  ws.on('message', (data, isBinary) => {
    if (!isBinary) frames.push(String(data));
  });
  ws.on('close', (code, reason) => (socket.closed = { code, reason: String(reason) }));
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
}

export interface StartedSession {
  readonly id: string;
  readonly code: string;
  readonly pageOnline: boolean;
}

export async function startSession(hub: RunningHub, token: string, customerId: string): Promise<StartedSession> {
  const answer = await hub.call('POST', '/cobrowse/sessions', { token, body: { id: randomUUID(), customerId } });
  if (answer.status !== 200) throw new Error(`start: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as StartedSession;
}

export async function joinByCode(hub: RunningHub, code: string): Promise<{ sessionId: string; customerKey: string; agentName: string }> {
  const answer = await hub.call('POST', '/cobrowse/join', { body: { code } });
  if (answer.status !== 200) throw new Error(`join: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { sessionId: string; customerKey: string; agentName: string };
}

export const agentSocket = (hub: RunningHub, sessionId: string, token: string) => openRecording(hub, `/cobrowse/ws/agent?session=${sessionId}`, { authorization: `Bearer ${token}` });

export const customerSocket = (hub: RunningHub, sessionId: string, options: WebSocket.ClientOptions = {}) => openRecording(hub, `/cobrowse/ws/customer?session=${sessionId}`, {}, options);

export const PAGE = { url: 'https://shop.example/checkout', title: 'Checkout', lang: 'nl', width: 1280, height: 800 };

/** A customer page that consented and got `live`. */
export async function consentingPage(hub: RunningHub, sessionId: string, customerKey: string, page = PAGE): Promise<RecordingSocket> {
  const customer = await customerSocket(hub, sessionId);
  customer.send({ t: 'hello', key: customerKey, consent: true, page });
  await customer.waitFor((m) => m['t'] === 'live', 'live');
  return customer;
}

/** An rrweb-like `ev` frame carrying `marker` in a text node. */
export const eventsFrame = (marker: string) => JSON.stringify({ t: 'ev', e: [{ type: 3, timestamp: Date.now(), data: { source: 0, texts: [{ id: 1, value: marker }] } }] });

export async function sessionRow(hub: RunningHub, id: string): Promise<Record<string, any>> {
  const [row] = await hub.hub.context.db.query<Record<string, any>>('select * from cobrowse_session where id = $1', [id]);
  return row ?? {};
}
