// The live-events fan-out frames each message once and writes the same bytes to every socket
// (server/events/frames.ts). A real ws server and client prove those bytes are the message,
// whatever its length (7-bit, 16-bit and 64-bit length headers) and script, in order with
// messages sent the ordinary way, and that a closing socket is left alone.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { prepareFrame, sendPrepared } from '../../../server/events/frames.ts';

let server: WebSocketServer | null = null;

afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server socket and a client that collects what it is sent. */
async function pair(): Promise<{ serverSide: WebSocket; received: string[]; until(n: number): Promise<void>; client: WebSocket }> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await once(client, 'open');
  const [serverSide] = await accepted;
  const until = async (n: number) => {
    const end = Date.now() + 10_000;
    while (received.length < n) {
      if (Date.now() > end) throw new Error(`received ${received.length} of ${n} messages`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { serverSide, received, until, client };
}

describe('prepared live-event frames', () => {
  it('arrive as the exact text for short, medium and long messages in any script, in order with ordinary sends', async () => {
    const { serverSide, received, until } = await pair();
    const texts = [
      'a',
      JSON.stringify({ kind: 'peak_mode.changed', payload: { note: 'Zażółć gęślą jaźń — 👋' } }),
      'é'.repeat(125),
      'x'.repeat(126),
      `${'€'.repeat(300)}end`,
      'y'.repeat(65_535),
      `${'😀'.repeat(20_000)}z`, // 80,001 bytes: the 64-bit length header
    ];
    for (const text of texts) {
      sendPrepared(serverSide, prepareFrame(text));
      serverSide.send(`plain after ${text.length}`);
    }
    await until(texts.length * 2);
    expect(received).toEqual(texts.flatMap((text) => [text, `plain after ${text.length}`]));
  });

  it('one prepared frame reaches many sockets, each once', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const clients = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const client = new WebSocket(`ws://127.0.0.1:${port}`);
        const received: string[] = [];
        client.on('message', (data) => received.push(String(data)));
        await once(client, 'open');
        return { client, received };
      }),
    );
    const end = Date.now() + 10_000;
    while (server.clients.size < clients.length && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    const frame = prepareFrame('{"seq":7,"kind":"presence.changed"}');
    for (const socket of server.clients) sendPrepared(socket, frame);
    while (clients.some((c) => c.received.length === 0) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const { received, client } of clients) {
      expect(received).toEqual(['{"seq":7,"kind":"presence.changed"}']);
      client.terminate();
    }
  });

  it('writes nothing to a socket that is closing (and does not throw)', async () => {
    const { serverSide, received, client } = await pair();
    const closed = once(client, 'close');
    serverSide.close(1000, 'bye');
    expect(() => sendPrepared(serverSide, prepareFrame('too late'))).not.toThrow();
    await closed;
    expect(received).toEqual([]);
  });
});
