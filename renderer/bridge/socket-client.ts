import {
  SOCKET_PATH,
  SOCKET_PROTOCOL,
  TOKEN_PROTOCOL_PREFIX,
  ServerFrame,
  type ClientFrame,
} from '../../common/contract/socket-protocol.ts';
import type { EventName } from '../../common/contract/contract.ts';
import { LoketError } from '../../common/errors.ts';
import { unwrap, type ConnectionStatus, type LoketClient } from './client.ts';

export interface SocketClientOptions {
  /** e.g. `ws://127.0.0.1:5173` */
  readonly origin: string;
  readonly token: string;
  /** How long a request may wait for a connection before it fails with `bridge.timeout`. */
  readonly requestTimeoutMs?: number;
  readonly WebSocketImpl?: typeof WebSocket;
  readonly random?: () => number;
  /**
   * Tells whether the web shell answers plain HTTP. A socket that closes before opening while
   * HTTP works means the token was refused (browsers hide the 401 from scripts).
   */
  readonly serverReachable?: () => Promise<boolean>;
}

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 10_000;

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  /** Sent on a socket: if that socket drops, main may or may not have acted on it. */
  sent: boolean;
}

/**
 * The web shell's transport: one WebSocket carrying the contract, reopened with exponential
 * backoff and jitter when it drops (the web shell restarted, the laptop slept). Requests made
 * while it reconnects wait for it; requests in flight when it drops fail with
 * `bridge.disconnected`, since we cannot know whether main acted on them.
 */
export function createSocketClient(options: SocketClientOptions): LoketClient {
  const WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  const random = options.random ?? Math.random;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const serverReachable =
    options.serverReachable ??
    (() =>
      // Any HTTP answer, even an error status, means the shell is there.
      fetch(options.origin.replace(/^ws/, 'http') + '/', { method: 'HEAD', cache: 'no-store' }).then(
        () => true,
        () => false,
      ));
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  const waiting: Array<() => void> = [];
  let status: ConnectionStatus = { state: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;

  function setStatus(next: ConnectionStatus) {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  /** The token is not accepted; nothing will change until the page is opened with a new one. */
  function refuseAll() {
    waiting.length = 0;
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new LoketError('bridge.unauthorized'));
      pending.delete(id);
    }
    setStatus({ state: 'unauthorized' });
  }

  function connect() {
    if (options.token === '') return refuseAll();
    setStatus({ state: 'connecting' });
    let opened = false;
    const ws = new WebSocketImpl(`${options.origin}${SOCKET_PATH}`, [SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token]);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      setStatus({ state: 'connected' });
      for (const send of waiting.splice(0)) send();
    };
    // A failed connection also fires `close`, which does the work; browsers only log the error.
    ws.onerror = () => undefined;
    ws.onmessage = (message: MessageEvent) => {
      const parsed = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'response') {
        const entry = pending.get(frame.id);
        if (!entry) return;
        pending.delete(frame.id);
        clearTimeout(entry.timer);
        try {
          entry.resolve(unwrap(frame.result));
        } catch (error) {
          entry.reject(error);
        }
      } else if (frame.type === 'event') {
        for (const listener of listeners.get(frame.name as EventName) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      // Requests that never left keep waiting for the next connection (or their timeout).
      for (const [id, entry] of pending) {
        if (!entry.sent) continue;
        clearTimeout(entry.timer);
        entry.reject(new LoketError('bridge.disconnected'));
        pending.delete(id);
      }
      const retry = () => {
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** attempt) * (0.5 + random() / 2);
        attempt += 1;
        setStatus({ state: 'offline', retryAt: Date.now() + delay });
        setTimeout(connect, delay);
      };
      if (opened) return retry();
      void serverReachable().then((reachable) => {
        if (reachable) refuseAll();
        else retry();
      });
    };
  }

  connect();

  return {
    request(channel, payload) {
      return new Promise((resolve, reject) => {
        if (status.state === 'unauthorized') return reject(new LoketError('bridge.unauthorized'));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new LoketError('bridge.timeout', { channel }));
        }, timeoutMs);
        const send = () => {
          const entry = pending.get(id);
          if (!entry || !socket) return; // timed out while waiting for the connection
          const frame: ClientFrame = { type: 'request', id, channel, payload };
          socket.send(JSON.stringify(frame));
          entry.sent = true;
        };
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, sent: false });
        if (socket?.readyState === WebSocketImpl.OPEN) send();
        else waiting.push(send);
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
