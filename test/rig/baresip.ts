// The customer's phone: baresip 1.0, driven over its ctrl_tcp socket (baresip-control.ts: the
// connection, its commands and events). Here: what a test does with the phone — dial (also from
// any caller id), answer, hang up, DTMF, the calls it has, registering again after Kamailio
// restarts, and the audio it received.
import { setTimeout as delay } from 'node:timers/promises';
import { BaresipControl, DEFAULT_EVENT_TIMEOUT_MS, parseCalls, type BaresipCall, type BaresipEvent } from './baresip-control.ts';
import { baresipAccountLine, baresipAor, baresipCallerLine, type SipUser } from './config.ts';
import { POLL_MS, waitUntil } from './wait.ts';
import { markGrowingRecording, newestReceivedAudio, recordingSince, type ReceivedAudio, type ReceivedWindow, type RecordingMark } from './recordings.ts';

export type { BaresipCall, BaresipEvent } from './baresip-control.ts';
export type { ReceivedAudio, ReceivedWindow, RecordingMark } from './recordings.ts';

/**
 * baresip sends RFC 4733 telephone-events; a new digit sent before the previous one's end packet
 * went out replaces it (observed: "sndcode 12" arrives as "1"). One digit lasts ~180 ms.
 */
const DTMF_DIGIT_GAP_MS = 250;

export class BaresipPhone {
  private readonly control: BaresipControl;
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
    logTail: () => string,
    /** The account's bindings in Kamailio's location table now. */
    private readonly registeredContacts: () => Promise<string[]>,
  ) {
    this.control = new BaresipControl(logTail, (event) => this.onEvent(event));
  }

  /** Every event frame received since the rig started, oldest first. */
  get events(): BaresipEvent[] {
    return this.control.events;
  }

  /** Opens the control connection (baresip must be listening). `autoAnswer`: its account's answermode. */
  async connect(autoAnswer: boolean): Promise<void> {
    this.autoAnswer = autoAnswer;
    await this.control.connect();
  }

  /** Closes the control connection (before baresip is stopped). */
  disconnect(): void {
    this.control.disconnect();
  }

  /** Any ctrl_tcp command (see baresip's `help`); resolves with its text output, throws if not ok. */
  command(command: string, params = ''): Promise<string> {
    return this.exclusive.then(() => this.send(command, params));
  }

  private send(command: string, params = ''): Promise<string> {
    return this.control.send(command, params);
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
    return this.control.waitForEvent(predicate, timeoutMs, since);
  }

  /** The events that arrived at or after `since` (a Date.now() value). */
  eventsSince(since: number): BaresipEvent[] {
    return this.control.eventsSince(since);
  }

  /** The DTMF digits baresip received (CALL_DTMF_START events at or after `since`, a Date.now() value), in order. */
  receivedDtmf(since = 0): string {
    return this.eventsSince(since)
      .filter((e) => e.type === 'CALL_DTMF_START')
      .map((e) => e.param ?? '')
      .join('');
  }

  /** Levels of the audio baresip received in its newest call (see recordings.ts). */
  receivedAudio(): Promise<ReceivedAudio> {
    return newestReceivedAudio(this.recordingsDir);
  }

  /**
   * Marks the end of the received-audio recording baresip is writing now (see recordings.ts);
   * throws if none grows within `timeoutMs`: baresip then receives no audio at all.
   *
   * Only once baresip has one call, established: after a transfer it follows the REFER with a
   * new call while the old one still records its last packets, and when both started in the
   * same second they write one file (recordings are named by the second), so a window taken
   * then would hold the old call's audio or none at all.
   */
  async markReceivedAudio(timeoutMs = DEFAULT_EVENT_TIMEOUT_MS): Promise<RecordingMark> {
    await waitUntil(
      async () => {
        const calls = await this.listCalls();
        return calls.length === 1 && calls[0]?.state === 'ESTABLISHED';
      },
      { timeoutMs, what: 'baresip with one established call' },
    ).catch(async (error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(await this.listCalls())}`);
    });
    return markGrowingRecording(this.recordingsDir, timeoutMs);
  }

  /** Levels of what baresip decoded since `mark`, and the mark for the next window (see recordings.ts). */
  receivedAudioSince(mark: RecordingMark): Promise<ReceivedWindow> {
    return recordingSince(mark);
  }

  private onEvent(event: BaresipEvent): void {
    // Before the waiters' continuations run (they are microtasks), so a test's next command
    // waits for this registration.
    if (event.type === 'CALL_CLOSED' && this.registerWhenIdle) {
      this.withExclusive(() => this.registerIfIdle()).catch((error: unknown) => {
        if (this.control.open) console.warn(`[rig] baresip did not register again after Kamailio restarted: ${String(error)}`);
      });
    }
  }
}
