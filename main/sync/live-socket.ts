import WebSocket from 'ws';
import type { HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { Backoff } from './backoff.ts';
import { liveFrameOf, type LiveFrame } from './live-frame.ts';

const log = createLogger('sync');

/** The close code the hub's live-events socket uses when the session behind it ended (server/events/session-watch.ts). */
export const SESSION_ENDED_CLOSE = 4401;

export interface LiveSocketHandlers {
  /** Connected: whatever happened while the socket was down is still to be synced. */
  onOpen(): void;
  /** A frame from the hub (null for a message that is not one: it still says "something changed"). */
  onFrame(frame: LiveFrame | null): void;
  /** The hub ended this session (logout elsewhere, device revoked, access ended). */
  onSessionEnded(): void;
  /** Disconnected; the next attempt is at `retryAt`. */
  onDown(retryAt: number): void;
}

/**
 * The hub's live events (`GET /events`, one WebSocket), reconnected with a back-off while the
 * console runs. It only delivers frames: what they mean for the cache is the syncer's business.
 */
export class LiveSocket {
  readonly #session: HubSession;
  readonly #since: () => number;
  readonly #handlers: LiveSocketHandlers;
  #socket: WebSocket | null = null;
  #backoff = new Backoff(1_000, 30_000);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = true;

  /** `since`: the cache's cursor, read at each connect (the hub replays nothing older). */
  constructor(session: HubSession, since: () => number, handlers: LiveSocketHandlers) {
    this.#session = session;
    this.#since = since;
    this.#handlers = handlers;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket?.removeAllListeners();
    this.#socket?.on('error', () => undefined);
    this.#socket?.terminate();
    this.#socket = null;
  }

  #connect(): void {
    if (this.#stopped) return;
    const url = this.#session.url();
    const token = this.#session.accessToken();
    if (!url || !token) {
      // Not signed in yet or the token is being refreshed: look again shortly.
      this.#schedule(this.#backoff.next());
      return;
    }
    const target = new URL(`/events?since=${this.#since()}`, url);
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(target, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 10_000 });
    this.#socket = socket;
    socket.on('open', () => {
      this.#backoff.reset();
      this.#handlers.onOpen();
    });
    socket.on('message', (data: WebSocket.RawData) => this.#handlers.onFrame(liveFrameOf(data)));
    socket.on('error', (error) => log.warn(`live events: ${error.message}`));
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (code === SESSION_ENDED_CLOSE) this.#handlers.onSessionEnded();
      const delay = this.#backoff.next();
      this.#handlers.onDown(Date.now() + delay);
      this.#schedule(delay);
    });
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), delayMs);
    this.#timer.unref?.();
  }
}
