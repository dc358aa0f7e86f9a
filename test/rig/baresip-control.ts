// baresip's ctrl_tcp connection. ctrl_tcp speaks JSON in netstrings ("<length>:<json>,") and
// serves ONE connection at a time (a new one replaces the old), so the rig keeps a single
// long-lived connection: it carries command responses (matched by token) and the asynchronous
// event frames baresip sends for every call and registration. What the commands mean is the
// phone's business (baresip.ts); the one command output parsed here is `listcalls`.
import net from 'node:net';
import { RIG_HOST, RIG_PORTS } from './config.ts';

/**
 * One event frame from baresip. Types observed with baresip 1.0.0 (class "call" unless noted):
 * - CALL_INCOMING: a call rings (only with auto-answer off; with answermode=auto an incoming
 *   call goes straight to CALL_ESTABLISHED)
 * - CALL_RINGING: our outgoing call got 180 Ringing
 * - CALL_ESTABLISHED, then CALL_RTPESTAB (class "other", param "audio") once RTP arrives
 * - CALL_CLOSED, param: the reason ("Connection reset by user" when we hung up, "... by peer"
 *   when they did, "404 Not Found", ...)
 * - CALL_DTMF_START (param: the digit) and CALL_DTMF_END: DTMF received (RFC 4733)
 * - CALL_RTCP (raw.rtcp_stats), CALL_LOCAL_SDP / CALL_REMOTE_SDP (class "other", param
 *   "offer"/"answer"; also for re-INVITEs such as hold)
 * - REGISTERING, REGISTER_OK (param "200 OK"), REGISTER_FAIL, UNREGISTERING (class "register")
 * `direction` is "incoming" or "outgoing" for call events.
 */
export interface BaresipEvent {
  /** Date.now() when the frame arrived. */
  readonly at: number;
  readonly type: string;
  /** "call", "register", "other", ... */
  readonly class: string;
  /** "incoming" or "outgoing", for call events. */
  readonly direction?: string;
  readonly peeruri?: string;
  /** The call's SIP Call-ID. */
  readonly id?: string;
  readonly param?: string;
  /** The whole frame (CALL_RTCP carries rtcp_stats). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface BaresipCall {
  readonly line: number;
  /** "0:00:03" */
  readonly duration: string;
  /** e.g. INCOMING, OUTGOING, RINGING, EARLY, ESTABLISHED */
  readonly state: string;
  readonly peer: string;
  /** baresip holds its current call when it answers another one. */
  readonly onHold: boolean;
  /** The call that answer/hangup/sendDtmf act on. */
  readonly current: boolean;
}

const COMMAND_TIMEOUT_MS = 5_000;
export const DEFAULT_EVENT_TIMEOUT_MS = 5_000;

type Waiter = { predicate: (event: BaresipEvent) => boolean; resolve: (event: BaresipEvent) => void };
type Pending = { resolve: (data: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export class BaresipControl {
  /** Every event frame received since the rig started, oldest first. */
  readonly events: BaresipEvent[] = [];
  private socket: net.Socket | null = null;
  private buffer = Buffer.alloc(0);
  private nextToken = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<Waiter>();
  private closedBecause: string | null = null;

  constructor(
    /** Where to look for the reason when the control connection drops. */
    private readonly logTail: () => string,
    /** Sees each event before the waiters' continuations run (they are microtasks). */
    private readonly onEvent: (event: BaresipEvent) => void,
  ) {}

  /** Whether the control connection is open (or opening). */
  get open(): boolean {
    return this.socket !== null;
  }

  /** Opens the control connection (baresip must be listening). */
  async connect(): Promise<void> {
    const socket = net.connect(RIG_PORTS.baresipCtrl, RIG_HOST);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.removeAllListeners('error');
    this.socket = socket;
    this.closedBecause = null;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => (this.closedBecause ??= error.message));
    socket.on('close', () => this.onClose());
  }

  /** Closes the control connection (before baresip is stopped). */
  disconnect(): void {
    this.closedBecause ??= 'the rig closed the control connection';
    this.socket?.destroy();
    this.socket = null;
  }

  /** Sends one ctrl_tcp command now; resolves with its text output, throws if not ok. */
  send(command: string, params = ''): Promise<string> {
    const socket = this.socket;
    if (!socket || socket.destroyed) {
      return Promise.reject(new Error(`baresip control connection is closed (${this.closedBecause ?? 'never opened'})`));
    }
    const token = String(this.nextToken++);
    const body = Buffer.from(JSON.stringify({ command, params, token }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip did not answer "${command} ${params}" in ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(token, { resolve, reject, timer });
      socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
    });
  }

  /**
   * The first event that arrived at or after `since` (a Date.now() value) and matches, waiting
   * for it up to `timeoutMs`. Take `since = Date.now()` before acting, so an event of an earlier
   * call cannot satisfy the wait, while one that arrives before this call is still seen.
   */
  waitForEvent(predicate: (event: BaresipEvent) => boolean, timeoutMs = DEFAULT_EVENT_TIMEOUT_MS, since = 0): Promise<BaresipEvent> {
    const seen = this.eventsSince(since).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const recent = this.eventsSince(since).slice(-12).map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`);
        reject(new Error(`no matching baresip event in ${timeoutMs} ms; events since: ${recent.join(', ') || 'none'}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The events that arrived at or after `since` (a Date.now() value). */
  eventsSince(since: number): BaresipEvent[] {
    return this.events.filter((e) => e.at >= since);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    // Several netstrings (events and a response) may arrive in one chunk, or one across chunks.
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length + 1) return;
      const frame = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString()) as Record<string, unknown>;
      this.buffer = this.buffer.subarray(colon + 1 + length + 1);
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Record<string, unknown>): void {
    if (frame.response === true) {
      const token = String(frame.token);
      const pending = this.pending.get(token);
      if (!pending) return;
      this.pending.delete(token);
      clearTimeout(pending.timer);
      const data = typeof frame.data === 'string' ? frame.data : '';
      if (frame.ok === true) pending.resolve(data);
      else pending.reject(new Error(`baresip refused the command: ${data.trim()}`));
      return;
    }
    if (frame.event !== true) return;
    const text = (key: string) => (typeof frame[key] === 'string' ? (frame[key] as string) : undefined);
    const event: BaresipEvent = {
      at: Date.now(),
      type: text('type') ?? 'UNKNOWN',
      class: text('class') ?? '',
      direction: text('direction'),
      peeruri: text('peeruri'),
      id: text('id'),
      param: text('param'),
      raw: frame,
    };
    this.events.push(event);
    this.onEvent(event);
    for (const waiter of [...this.waiters]) if (waiter.predicate(event)) waiter.resolve(event);
  }

  private onClose(): void {
    this.socket = null;
    const reason = this.closedBecause ?? `baresip closed the control connection\n${this.logTail()}`;
    this.closedBecause = reason;
    for (const [token, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`baresip control connection closed: ${reason}`));
      this.pending.delete(token);
    }
  }
}

/** Parses `listcalls`: "> [line 2]  0:00:03  ESTABLISHED  (on hold)  sip:2001@127.0.0.1:5060" ('>': the current call). */
export function parseCalls(text: string): BaresipCall[] {
  const calls: BaresipCall[] = [];
  for (const line of text.split('\n')) {
    const match = /^(>?)\s*\[line (\d+)\]\s+(\S+)\s+(\S+)\s+(\(on hold\)\s+)?(\S+)/.exec(line);
    if (match) {
      calls.push({
        current: match[1] === '>',
        line: Number(match[2]),
        duration: match[3]!,
        state: match[4]!,
        onHold: match[5] !== undefined,
        peer: match[6]!,
      });
    }
  }
  return calls;
}
