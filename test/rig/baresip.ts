// The customer's phone: baresip 1.0, driven over its ctrl_tcp socket. ctrl_tcp speaks JSON in
// netstrings ("<length>:<json>,") and serves ONE connection at a time (a new one replaces the
// old), so the rig keeps a single long-lived connection: it carries command responses (matched
// by token) and the asynchronous event frames baresip sends for every call and registration.
import { readdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { baresipAccountLine, baresipAor, baresipCallerLine, RIG_HOST, RIG_PORTS, type SipUser } from './config.ts';
import { POLL_MS } from './wait.ts';
import { markGrowingRecording, recordingSince, type ReceivedWindow, type RecordingMark } from './recordings.ts';
import { analyseWav, type AudioLevels } from './wav.ts';

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

export interface ReceivedAudio extends AudioLevels {
  /** The recording analysed (a *-dec.wav in the rig's recordings folder). */
  readonly file: string;
}

export type { ReceivedWindow, RecordingMark } from './recordings.ts';

const COMMAND_TIMEOUT_MS = 5_000;

const DEFAULT_EVENT_TIMEOUT_MS = 5_000;
/**
 * baresip sends RFC 4733 telephone-events; a new digit sent before the previous one's end packet
 * went out replaces it (observed: "sndcode 12" arrives as "1"). One digit lasts ~180 ms.
 */
const DTMF_DIGIT_GAP_MS = 250;

type Waiter = { predicate: (event: BaresipEvent) => boolean; resolve: (event: BaresipEvent) => void };
type Pending = { resolve: (data: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export class BaresipPhone {
  /** Every event frame received since the rig started, oldest first. */
  readonly events: BaresipEvent[] = [];
  private socket: net.Socket | null = null;
  private buffer = Buffer.alloc(0);
  private nextToken = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<Waiter>();
  private closedBecause: string | null = null;
  private autoAnswer = true;
  /** Commands wait for this: re-registering must not be interleaved with a test's commands. */
  private exclusive: Promise<void> = Promise.resolve();
  /** Kamailio restarted during a call: register again once the last call has ended. */
  private registerWhenIdle = false;
  /** E.164 caller ids with a baresip account of their own (dialFrom). */
  private readonly callerIds = new Set<string>();

  constructor(
    /** The account baresip registers (the customer's number). */
    readonly user: SipUser,
    private readonly recordingsDir: string,
    /** Where to look for the reason when the control connection drops. */
    private readonly logTail: () => string,
    /** The account's bindings in Kamailio's location table now. */
    private readonly registeredContacts: () => Promise<string[]>,
  ) {}

  /** Opens the control connection (baresip must be listening). `autoAnswer`: its account's answermode. */
  async connect(autoAnswer: boolean): Promise<void> {
    this.autoAnswer = autoAnswer;
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

  /** Any ctrl_tcp command (see baresip's `help`); resolves with its text output, throws if not ok. */
  command(command: string, params = ''): Promise<string> {
    return this.exclusive.then(() => this.send(command, params));
  }

  private send(command: string, params = ''): Promise<string> {
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

  /** Calls a SIP URI, or a bare number (baresip makes it sip:<number>@127.0.0.1), as the phone's own user (2001). */
  async dial(uri: string): Promise<void> {
    await this.withExclusive(async () => {
      await this.select(baresipAor(this.user.user));
      await this.send('dial', uri);
    });
  }

  /**
   * Calls `uri` with `callerId` (E.164, e.g. "+31612345678") as the From user, i.e. the caller id
   * a console sees: a call from a customer's own number, through the rig's PSTN trunk. The first
   * call from a number adds a baresip account for it (not registered, no password; see
   * baresipCallerLine). Until the next dial(), answer/hangup/sendDtmf/listCalls act on this
   * number's account, whose call it is.
   */
  async dialFrom(callerId: string, uri: string): Promise<void> {
    const line = baresipCallerLine(callerId);
    await this.withExclusive(async () => {
      if (!this.callerIds.has(callerId)) {
        await this.send('uanew', line);
        this.callerIds.add(callerId);
      }
      await this.select(baresipAor(callerId));
      await this.send('dial', uri);
    });
  }

  /** The caller ids dialFrom() has made accounts for so far. */
  get callerIdAccounts(): readonly string[] {
    return [...this.callerIds];
  }

  /**
   * Makes `aor` baresip's current account: baresip 1.0 dials from, answers, hangs up and lists the
   * calls of its current account only. An incoming call makes its own account current.
   */
  private async select(aor: string): Promise<void> {
    if (this.callerIds.size === 0) return; // one account: always the current one
    await this.send('uafind', aor);
  }

  /** Answers the ringing call (needed only when auto-answer is off). */
  async answer(): Promise<void> {
    await this.command('accept');
  }

  /** Hangs up the current call. */
  async hangup(): Promise<void> {
    await this.command('hangup');
  }

  /** Sends DTMF as RFC 4733 telephone-events in the current call, one digit at a time. */
  async sendDtmf(digits: string): Promise<void> {
    if (!/^[0-9*#A-D]+$/i.test(digits)) throw new Error(`not DTMF digits: "${digits}"`);
    for (const [index, digit] of [...digits].entries()) {
      if (index > 0) await delay(DTMF_DIGIT_GAP_MS);
      await this.command('sndcode', digit);
    }
  }

  /** The calls baresip has now (parsed from `listcalls`). */
  async listCalls(): Promise<BaresipCall[]> {
    return parseCalls(await this.command('listcalls'));
  }

  /** baresip's `callstat` text for the current call (codecs, SDP, RTP addresses), for diagnostics. */
  callStats(): Promise<string> {
    return this.command('callstat');
  }

  /** Whether baresip's account is registered, as far as baresip knows (`reginfo`). */
  async registered(): Promise<boolean> {
    // "> sip:2001@127.0.0.1:5060   \x1b[32mOK \x1b[;m  Expires 300s": drop the colour codes first.
    const text = (await this.command('reginfo')).replaceAll('\x1b', '').replace(/\[[0-9;]*m/g, '');
    return /\sOK\s/.test(text);
  }

  /**
   * Resolves once baresip's account is registered. Call right after connect(): baresip registers
   * by itself at start, and the REGISTER_OK event of a registration that completes after the
   * connection opened is in `events`, one that completed before shows in `reginfo`.
   */
  async waitUntilRegistered(timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<void> {
    if (await this.registered()) return;
    const event = await this.waitForEvent((e) => e.type === 'REGISTER_OK' || e.type === 'REGISTER_FAIL', timeoutMs);
    if (event.type !== 'REGISTER_OK') throw new Error(`baresip's registration failed: ${event.param ?? ''}`);
  }

  /** Turns answering incoming calls automatically on or off (the account's answermode). */
  async setAutoAnswer(auto: boolean): Promise<void> {
    await this.command('answermode', auto ? 'auto' : 'manual');
    this.autoAnswer = auto;
  }

  /**
   * Makes baresip register again now, by re-creating its account (baresip 1.0 has no "register
   * now" command). Needed after Kamailio restarts: Kamailio keeps registrations in memory only.
   * Deleting the account ends its calls, so with a call going on use registerAgainWhenIdle().
   * Other commands wait until this is done.
   */
  reregister(timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<void> {
    return this.withExclusive(() => this.recreateAccount(timeoutMs));
  }

  /**
   * Registers again now if baresip has no call, else as soon as its last call has ended (a call
   * survives a Kamailio restart: its dialog does not need the registration; calls TO baresip do).
   */
  registerAgainWhenIdle(): Promise<void> {
    this.registerWhenIdle = true;
    return this.withExclusive(() => this.registerIfIdle());
  }

  private async registerIfIdle(): Promise<void> {
    if (!this.registerWhenIdle || parseCalls(await this.send('listcalls')).length > 0) return;
    this.registerWhenIdle = false;
    await this.recreateAccount(DEFAULT_EVENT_TIMEOUT_MS);
  }

  private async recreateAccount(timeoutMs: number): Promise<void> {
    const since = Date.now();
    // New account first, then delete the old one: the two then have different contacts
    // ("2001-<address of the account>"), so the old one's un-REGISTER cannot remove the new
    // binding (delete first, and the new account may get the same address and contact).
    // uadel removes the first account with that AOR, which is the old one.
    await this.send('uanew', baresipAccountLine(this.user, this.autoAnswer));
    const event = await this.waitForEvent(
      (e) => (e.type === 'REGISTER_OK' || e.type === 'REGISTER_FAIL') && (e.raw.accountaor === undefined || e.raw.accountaor === baresipAor(this.user.user)),
      timeoutMs,
      since,
    );
    if (event.type !== 'REGISTER_OK') throw new Error(`baresip's registration failed: ${event.param ?? ''}`);
    // The AOR as baresip names it: with the registrar's port, from the account line.
    await this.send('uadel', baresipAor(this.user.user));
    // Until the old account's un-REGISTER is through, Kamailio has two bindings and would ring both.
    const deadline = Date.now() + timeoutMs;
    while ((await this.registeredContacts()).length !== 1) {
      if (Date.now() > deadline) throw new Error(`baresip's old registration is still there after ${timeoutMs} ms`);
      await delay(POLL_MS);
    }
  }

  /**
   * Runs `work` with the control connection to itself: commands issued meanwhile wait. Takes the
   * turn synchronously, so a command a test sends after seeing an event comes after work that
   * the event started.
   */
  private withExclusive<T>(work: () => Promise<T>): Promise<T> {
    let release = () => {};
    const before = this.exclusive;
    this.exclusive = new Promise((resolve) => (release = resolve));
    return before.then(work).finally(release);
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

  /** The DTMF digits baresip received (CALL_DTMF_START events at or after `since`, a Date.now() value), in order. */
  receivedDtmf(since = 0): string {
    return this.eventsSince(since)
      .filter((e) => e.type === 'CALL_DTMF_START')
      .map((e) => e.param ?? '')
      .join('');
  }

  /**
   * Levels of the audio baresip received in its newest call. sndfile writes, per call,
   * dump-<local time YYYY-MM-DD-HH-MM-SS>-dec.wav (decoded = received) and -enc.wav (sent), as
   * 16-bit PCM at the codec's rate (48 kHz stereo for Opus). Two calls starting in the same
   * second share a name, so this is meant for one call at a time.
   */
  async receivedAudio(): Promise<ReceivedAudio> {
    const names = (await readdir(this.recordingsDir)).filter((name) => name.endsWith('-dec.wav'));
    if (names.length === 0) throw new Error(`baresip has recorded no call yet (${this.recordingsDir} is empty)`);
    const dated = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await stat(path.join(this.recordingsDir, name))).mtimeMs })),
    );
    const newest = dated.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name)).at(-1)!;
    const file = path.join(this.recordingsDir, newest.name);
    return { file, ...analyseWav(await readFile(file)) };
  }

  /**
   * Marks the end of the received-audio recording baresip is writing now (see recordings.ts);
   * throws if none grows within `timeoutMs`: baresip then receives no audio at all.
   */
  markReceivedAudio(timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<RecordingMark> {
    return markGrowingRecording(this.recordingsDir, timeoutMs);
  }

  /** Levels of what baresip decoded since `mark`, and the mark for the next window (see recordings.ts). */
  receivedAudioSince(mark: RecordingMark): Promise<ReceivedWindow> {
    return recordingSince(mark);
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
    // Before the waiters' continuations run (they are microtasks), so a test's next command
    // waits for this registration.
    if (event.type === 'CALL_CLOSED' && this.registerWhenIdle) {
      this.withExclusive(() => this.registerIfIdle()).catch((error: unknown) => {
        if (this.socket) console.warn(`[rig] baresip did not register again after Kamailio restarted: ${String(error)}`);
      });
    }
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
function parseCalls(text: string): BaresipCall[] {
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
