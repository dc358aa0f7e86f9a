import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientFrame,
  MAX_FRAME_BYTES,
  SOCKET_PATH,
  SOCKET_PROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  type ServerFrame,
} from '../../../common/contract/socket-protocol.ts';
import { drop } from '../../../common/assert.ts';
import { createLogger } from '../../log.ts';
import type { Services } from '../../services.ts';
import { SECURITY_HEADERS, securityHeadersFor } from '../csp.ts';
import { loadStaticFile } from '../static-files.ts';

const log = createLogger('web-shell');
const HEARTBEAT_MS = 30_000;

export interface WebShellOptions {
  readonly services: Services;
  /** The built renderer (index.html + assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Fixed in tests; otherwise 32 random bytes per launch. */
  readonly token?: string;
}

export interface WebShell {
  /** The address to open, with the launch token in the fragment (never sent to a server). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The web shell: serves the renderer on 127.0.0.1 and carries the contract over one WebSocket.
 * The socket is opened only with this launch's token (as a sub-protocol, since browsers cannot
 * set headers on a WebSocket) and only from our own origin; HTTP requests for other host names
 * are refused, which stops DNS-rebinding pages from reading the console.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expectedToken = Buffer.from(TOKEN_PROTOCOL_PREFIX + token);
  let origin = '';
  let allowedHosts: ReadonlySet<string> = new Set();

  const http = createServer((request, response) => {
    drop(serveHttp(request, response), (error) => {
      log.error('http request failed', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) return refuse(response, 421);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405);
    const url = new URL(request.url ?? '/', origin);
    const file = await loadStaticFile(options.rendererDir, url.pathname);
    if (!file) return refuse(response, 404);
    response.writeHead(200, {
      // The co-browse viewer page has its own policy; everything else the console's.
      ...securityHeadersFor(url.pathname),
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', origin);
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const requestOrigin = request.headers.origin;
    if (url.pathname !== SOCKET_PATH) return rejectUpgrade(socket, 404);
    if (!allowedHosts.has(request.headers.host ?? '')) return rejectUpgrade(socket, 421);
    // Browsers always send Origin; a foreign one is a page on another site trying its luck.
    if (requestOrigin !== undefined && requestOrigin !== origin) return rejectUpgrade(socket, 403);
    if (!offered.includes(SOCKET_PROTOCOL) || !offered.some((p) => tokenMatches(p, expectedToken))) {
      log.warn('refused a socket without the launch token');
      return rejectUpgrade(socket, 401);
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  let nextSocketId = 1;
  const alive = new WeakSet<WebSocket>();
  const senders = new Map<string, WebSocket>();
  sockets.on('connection', (ws: WebSocket) => {
    const sender = `socket-${nextSocketId++}`;
    senders.set(sender, ws);
    ws.on('close', () => {
      senders.delete(sender);
      options.services.events.senderGone(sender);
    });
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    // A protocol error (oversized or broken frame) closes that socket; unhandled, it would
    // crash main, and with it every window.
    ws.on('error', (error) => log.warn(`${sender} dropped: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return send(ws, { type: 'error', error: { code: 'request.malformed', params: {} } });
      drop(handleFrame(ws, sender, data.toString()));
    });
  });

  async function handleFrame(ws: WebSocket, sender: string, text: string): Promise<void> {
    let frame: ClientFrame;
    let raw: unknown = null;
    try {
      raw = JSON.parse(text);
      const parsed = ClientFrame.safeParse(raw);
      if (!parsed.success) throw parsed.error;
      frame = parsed.data;
    } catch {
      // A frame with a usable id is answered under it (e.g. a request whose payload was left
      // undefined, which JSON drops): an id-less error would leave its sender waiting.
      const id = (raw as { id?: unknown } | null)?.id;
      const malformed = { code: 'request.malformed' as const, params: {} };
      if (Number.isSafeInteger(id) && (id as number) >= 0) send(ws, { type: 'response', id: id as number, result: { ok: false, error: malformed } });
      else send(ws, { type: 'error', error: malformed });
      return;
    }
    const result = await options.services.dispatcher.dispatch(frame.channel, frame.payload, { shell: 'web', sender });
    send(ws, { type: 'response', id: frame.id, result });
  }

  const unsubscribe = options.services.events.subscribe((name, payload, to) => {
    if (to !== undefined) {
      const ws = senders.get(to);
      if (ws) send(ws, { type: 'event', name, payload });
      return;
    }
    for (const ws of sockets.clients) send(ws, { type: 'event', name, payload });
  });

  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of sockets.clients) ws.close(1001, 'shutting down');
      sockets.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function tokenMatches(offered: string, expected: Buffer): boolean {
  const candidate = Buffer.from(offered);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(String(status));
}

function rejectUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
