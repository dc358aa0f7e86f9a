import { EmitterImpl, TransportState, type Transport } from 'sip.js';
import WebSocket from 'ws';

// SIP over WebSocket (RFC 7118) for sip.js, on the `ws` package instead of a browser WebSocket.
//
// Why our own transport instead of sip.js's web one: that one looks up a global `WebSocket`
// (main has none it should rely on), cannot take a CA for a PBX with a private certificate, and
// its keep-alive only *sends* pings: it never notices that no pong came back. A connection that
// dies silently (a NAT or firewall dropping packets) then looks "registered" for as long as TCP
// takes to give up — minutes — while calls to the agent get lost. Here a keep-alive without an
// answer in time closes the connection, so the softphone reconnects and says so.

export interface WsTransportOptions {
  readonly server: string;
  readonly connectionTimeoutMs: number;
  /** Send a keep-alive after this long without hearing anything from the server. */
  readonly keepAliveIntervalMs: number;
  /** A keep-alive not answered within this long means the connection is dead (RFC 5626: 10 s). */
  readonly keepAliveTimeoutMs: number;
  /** PEM of a private CA for `wss://` servers whose certificate no public CA signed. */
  readonly ca?: string | undefined;
  /** Told when the connection is dropped because keep-alives went unanswered. */
  readonly onKeepAliveLost?: (() => void) | undefined;
}

/** The connection closed without us asking: the reason travels as the error's `code`. */
export class TransportLostError extends Error {
  readonly code: 'keepAlive' | 'closed' | 'connectFailed';
  constructor(code: TransportLostError['code'], detail: string) {
    super(`SIP transport ${code}: ${detail}`);
    this.name = 'TransportLostError';
    this.code = code;
  }
}

/** LOKET_SIP_TRACE=1 logs the first line of every SIP message (never bodies: SDP, caller ids). */
const TRACE = process.env.LOKET_SIP_TRACE === '1';
const firstLine = (message: string) => message.slice(0, message.indexOf('\r\n'));

/** RFC 5626 §3.5.1 CRLF keep-alive: the client pings with a double CRLF, the server pongs with one. */
const PING = '\r\n\r\n';
const PONG = /^(\r\n)+$/;

export class WsTransport implements Transport {
  readonly protocol: string;
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  readonly #options: WsTransportOptions;
  #state: TransportState = TransportState.Disconnected;
  #socket: WebSocket | undefined;
  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #pongDeadline: NodeJS.Timeout | undefined;
  #lostBy: TransportLostError | undefined;

  /** sip.js calls `new transportConstructor(logger, transportOptions)`. */
  constructor(_logger: unknown, options: WsTransportOptions) {
    this.#options = options;
    this.protocol = options.server.startsWith('wss:') ? 'WSS' : 'WS';
  }

  get state(): TransportState {
    return this.#state;
  }

  isConnected(): boolean {
    return this.#state === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.#state === TransportState.Connected) return Promise.resolve();
    if (this.#connecting) return this.#connecting;
    this.#setState(TransportState.Connecting);
    this.#connecting = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.#options.server, 'sip', {
        handshakeTimeout: this.#options.connectionTimeoutMs,
        perMessageDeflate: false,
        ...(this.#options.ca ? { ca: this.#options.ca } : {}),
      });
      this.#socket = socket;
      this.#lostBy = undefined;
      let failure: Error | undefined;
      socket.on('open', () => {
        if (this.#socket !== socket) return;
        this.#connecting = undefined;
        this.#setState(TransportState.Connected);
        this.#scheduleKeepAlive();
        resolve();
        this.onConnect?.();
      });
      socket.on('message', (data: WebSocket.RawData) => {
        if (this.#socket !== socket) return;
        this.#heard();
        const text = data.toString();
        if (PONG.test(text)) return;
        if (TRACE) console.error(`[sip] <- ${firstLine(text)}`);
        this.onMessage?.(text);
      });
      socket.on('pong', () => this.#socket === socket && this.#heard());
      socket.on('error', (error) => {
        failure = error;
      });
      socket.on('close', (code, reason) => {
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        this.#stopKeepAlive();
        const wasConnecting = this.#connecting !== undefined;
        this.#connecting = undefined;
        const requested = this.#closing !== undefined;
        this.#setState(TransportState.Disconnected);
        if (wasConnecting) {
          reject(new TransportLostError('connectFailed', failure?.message ?? `closed ${code}`));
          return;
        }
        if (requested) {
          this.onDisconnect?.();
          return;
        }
        this.onDisconnect?.(this.#lostBy ?? new TransportLostError('closed', `${code} ${reason.toString()}`.trim()));
      });
    });
    return this.#connecting;
  }

  disconnect(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return Promise.resolve();
    if (this.#closing) return this.#closing;
    this.#setState(TransportState.Disconnecting);
    this.#closing = new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
      // A server that does not answer the close handshake must not hold us up.
      setTimeout(() => socket.terminate(), 1_000).unref();
    }).finally(() => {
      this.#closing = undefined;
    });
    return this.#closing;
  }

  async dispose(): Promise<void> {
    await this.disconnect();
    this.onConnect = undefined;
    this.onDisconnect = undefined;
    this.onMessage = undefined;
    this.stateChange.removeAllListeners();
  }

  send(message: string): Promise<void> {
    const socket = this.#socket;
    if (!socket || this.#state !== TransportState.Connected) return Promise.reject(new Error('SIP transport not connected'));
    if (TRACE) console.error(`[sip] -> ${firstLine(message)}`);
    return new Promise((resolve, reject) => socket.send(message, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Cuts the connection as if it had died (tests of the reconnect path use the real thing;
   * this is for a caller that knows better, e.g. the OS reporting a network change).
   */
  drop(): void {
    this.#socket?.terminate();
  }

  // ---- keep-alive ----

  /** Anything from the server proves the connection alive: the next ping can wait. */
  #heard(): void {
    clearTimeout(this.#pongDeadline);
    this.#pongDeadline = undefined;
    this.#scheduleKeepAlive();
  }

  #scheduleKeepAlive(): void {
    clearTimeout(this.#keepAliveTimer);
    if (this.#state !== TransportState.Connected) return;
    this.#keepAliveTimer = setTimeout(() => this.#ping(), this.#options.keepAliveIntervalMs);
    this.#keepAliveTimer.unref();
  }

  #ping(): void {
    const socket = this.#socket;
    if (!socket || this.#state !== TransportState.Connected || this.#pongDeadline) return;
    // Both forms: the CRLF ping is SIP's own (RFC 5626), the WebSocket ping frame is answered
    // by every RFC 6455 server even where a SIP proxy ignores CRLF on WebSocket connections.
    socket.send(PING, () => undefined);
    socket.ping();
    this.#pongDeadline = setTimeout(() => {
      this.#lostBy = new TransportLostError('keepAlive', `no answer within ${this.#options.keepAliveTimeoutMs} ms`);
      this.#options.onKeepAliveLost?.();
      socket.terminate();
    }, this.#options.keepAliveTimeoutMs);
    this.#pongDeadline.unref();
  }

  #stopKeepAlive(): void {
    clearTimeout(this.#keepAliveTimer);
    clearTimeout(this.#pongDeadline);
    this.#keepAliveTimer = undefined;
    this.#pongDeadline = undefined;
  }

  #setState(next: TransportState): void {
    if (this.#state === next) return;
    this.#state = next;
    this.stateChange.emit(next);
  }
}
