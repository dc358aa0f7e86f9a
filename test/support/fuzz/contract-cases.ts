import fc from 'fast-check';
import WebSocket from 'ws';
import { SOCKET_PATH, SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type ServerFrame } from '../../../common/contract/socket-protocol.ts';
import type { Fixture } from '../hub-fixture.ts';
import type { FuzzHints } from './zod-arbitrary.ts';

// The console side of the fuzz: field hints that make generated contract payloads land on the
// fixture's customers, and a client of the web shell's contract socket that survives the shell
// closing it (an oversized frame closes the socket by design).

const PHONES = ['+31612345678', '06 12 34 56 78', '0031 6 1234 5678', '+31 6 8765 4321', '+49 30 1234567', '1002', '0', '+', '112'];

export function consoleHints(fixture: Fixture, orderIds: readonly string[], interactions: string[]): FuzzHints {
  const { anna, bram } = fixture.customers;
  const customer = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(anna.id, bram.id) }, { weight: 1, arbitrary: fc.uuid({ version: 7 }) });
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    customerId: customer,
    id: fc.oneof(customer, fc.uuid({ version: 7 })),
    interactionId: fc.oneof(fc.uuid({ version: 7 }), fc.nat().map((i) => interactions[i % Math.max(1, interactions.length)] ?? anna.id)),
    orderId: fc.oneof(fc.constantFrom(...orderIds, null), fc.uuid({ version: 7 })),
    phone: fc.constantFrom(...PHONES, anna.phone),
    target: fc.constantFrom(...PHONES, 'sip:1002@127.0.0.1', 'abc'),
    query: fc.constantFrom('Anna', 'an', anna.phone, '06 12 34 56 78', anna.email, anna.order, 'ß', '%', '"', '*', 'NEAR(a b)', 'a OR b', '-x', '^a'),
    text: fc.constantFrom('note', 'Anna', '"', '*', 'a OR b', 'NEAR(', 'ß', ''),
    key: fc.constantFrom('note:anna', 'wrapUp:1', 'x'),
    draftKey: fc.constantFrom('note:anna', 'wrapUp:1'),
    country: fc.constantFrom('NL', 'DE', 'PL', 'nl', 'ßx'),
    language: fc.constantFrom('nl', 'en', 'de', 'pl', 'de-CH', 'xx'),
    reasons: fc.constantFrom('where_is_my_order', 'other', 'x'),
    server: fc.constantFrom('ws://127.0.0.1:9/', 'wss://127.0.0.1:9', 'ws://[::1]:9/ws'),
    url: fc.constantFrom('http://127.0.0.1:9/', 'http://[::1]:1'),
    callId: fc.constantFrom('call-1', 'x'),
  };
  return { forKey: (key) => byKey[key] };
}

export interface SocketClient {
  /** The answer's `result`, or `{ closed: code }` when the shell closed the socket instead. */
  request(channel: string, payload: unknown): Promise<unknown>;
  /** Sends raw text and returns the next frame, or `{ closed: code }`. */
  raw(text: string | Buffer): Promise<unknown>;
  close(): void;
}

/** A contract socket client that reconnects after the shell closed it. */
export function socketClient(shell: { port: number; origin: string; token: string }): SocketClient {
  let ws: WebSocket | null = null;
  let nextId = 1;
  const waiting = new Map<number | 'next', (value: unknown) => void>();

  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${shell.port}${SOCKET_PATH}`, [SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + shell.token], { headers: { origin: shell.origin } });
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ServerFrame;
        if (frame.type === 'event') return;
        const key = frame.type === 'response' ? frame.id : 'next';
        const waiter = waiting.get(key) ?? waiting.get('next');
        waiting.delete(waiting.has(key) ? key : 'next');
        waiter?.(frame.type === 'response' ? frame.result : frame);
      });
      socket.on('close', (code) => {
        if (ws === socket) ws = null;
        for (const waiter of waiting.values()) waiter({ closed: code });
        waiting.clear();
      });
      socket.on('error', () => undefined);
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });

  const send = async (key: number | 'next', data: string | Buffer): Promise<unknown> => {
    ws ??= await open();
    const socket = ws;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(key);
        resolve({ timeout: true });
      }, 30_000);
      waiting.set(key, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      socket.send(data);
    });
  };

  return {
    request: (channel, payload) => {
      const id = nextId++;
      return send(id, JSON.stringify({ type: 'request', id, channel, payload }));
    },
    raw: (text) => send('next', text),
    close: () => ws?.close(),
  };
}
