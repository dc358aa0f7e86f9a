import { Invitation, Inviter, SessionState, type Referral, type URI, type UserAgent } from 'sip.js';
import type { CallEndReason, CallView, DialledLine, MediaStatsReport } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import { createLogger } from '../log.ts';
import type { CallEvent } from './call-events.ts';
import { mediaError, newCallView, reasonFromStatus, type CallRecord } from './call-record.ts';
import type { MediaBridge } from './media-bridge.ts';
import type { ProxySdhOptions, ProxySessionDescriptionHandler } from './proxy-sdh.ts';
import { estimateQuality, intervalLoss } from './quality.ts';

const log = createLogger('softphone');

/** How long an ended call stays in the status, so the agent can read why it ended. */
const ENDED_CALL_VISIBLE_MS = 5_000;
/** Ended calls the agent may still link to a customer (an unknown caller's form filled in after hanging up). */
const LINKABLE_ENDED_CALLS = 20;

export interface CallMachineOptions {
  readonly bridge: MediaBridge;
  readonly now: () => number;
  readonly publish: (event: CallEvent) => void;
  /** Something the renderer sees changed: `phone.changed` goes out. */
  readonly changed: () => void;
  /** The far end transfers us (REFER). */
  readonly onRefer: (record: CallRecord, referral: Referral) => void;
}

/**
 * The call state machine: the calls the renderer observes through `phone.changed`, each sip.js
 * session's state mapped onto them, and what an agent does to a live call (answer, decline,
 * hang up, hold, mute, DTMF). Media changes go through `renegotiate`, one re-INVITE at a time.
 */
export class CallMachine {
  readonly #options: CallMachineOptions;
  readonly #calls = new Map<string, CallRecord>();
  readonly #endedCalls = new Map<string, CallRecord>();
  /** A new call's listeners are running: its first `phone.changed` waits until they are done. */
  #announcing = false;

  constructor(options: CallMachineOptions) {
    this.#options = options;
  }

  /** Live calls and those ended in the last few seconds. */
  views(): CallView[] {
    return [...this.#calls.values()].map((record) => record.view);
  }

  records(): IterableIterator<CallRecord> {
    return this.#calls.values();
  }

  get(callId: string): CallRecord | undefined {
    return this.#calls.get(callId);
  }

  /** A call main still knows: live, or ended and still linkable. */
  known(callId: string): CallRecord | undefined {
    return this.#calls.get(callId) ?? this.#endedCalls.get(callId);
  }

  requireCall(callId: string): CallRecord {
    const record = this.#calls.get(callId);
    if (!record || record.view.state === 'ended') throw new LoketError('phone.noCall');
    return record;
  }

  requireActive(callId: string): CallRecord {
    const record = this.requireCall(callId);
    if (record.view.state !== 'active') throw new LoketError('phone.wrongState');
    return record;
  }

  patch(record: CallRecord, patch: Partial<CallView>): void {
    record.view = { ...record.view, ...patch };
    this.#changed();
  }

  /** Start tracking a session; its listeners (caller id) run before the call goes out. */
  track(session: Invitation | Inviter, direction: 'inbound' | 'outbound', number: string, name: string | null, dialled: DialledLine | null = null): CallRecord {
    const view = newCallView(session, direction, number, name, this.#options.now());
    const record: CallRecord = {
      // The line an inbound call was dialled on is in its first view: the banner names it as it rings.
      view: direction === 'inbound' ? { ...view, dialled } : view,
      session,
      localEnd: null,
      renegotiation: Promise.resolve(),
      lastStats: undefined,
      firstPacketAt: null,
      consultCallId: null,
      referAccepted: false,
    };
    this.#calls.set(session.id, record);
    this.#announcing = true;
    try {
      this.#options.publish({ type: 'new', call: record.view });
    } finally {
      this.#announcing = false;
    }
    session.delegate = {
      // With a delegate set, sip.js leaves the BYE to us: it must be accepted.
      onBye: (bye) => {
        // A transferee hangs up on the transferor once its new call is up.
        record.localEnd ??= record.referAccepted ? 'transferred' : 'remoteHangup';
        void bye.accept().catch(() => undefined);
      },
      onCancel: () => {
        record.localEnd ??= 'cancelled';
      },
      onRefer: (referral) => this.#options.onRefer(record, referral),
    };
    session.stateChange.addListener((state) => this.#onSessionState(record, state));
    this.#changed();
    return record;
  }

  /** The call counts from now on: the call log writes its interaction. */
  started(record: CallRecord): void {
    this.#options.publish({ type: 'started', call: record.view });
  }

  /** An outbound call (a dialled number, or a transfer's consult call). */
  /** `extraHeaders` go on the INVITE as given (e.g. the hand-off header of a consult call). */
  place(ua: UserAgent, uri: URI, display: string, consultFor: string | null, extraHeaders: readonly string[] = []): CallRecord {
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: {}, extraHeaders: [...extraHeaders] });
    const record = this.track(inviter, 'outbound', display, null);
    record.view = { ...record.view, consultFor };
    inviter
      .invite({
        requestDelegate: {
          onReject: (response) => {
            record.localEnd ??= reasonFromStatus(response.message.statusCode ?? 0);
          },
        },
      })
      .catch((error: unknown) => {
        log.warn(`INVITE failed: ${String(error)}`);
        record.localEnd ??= 'failed';
      });
    this.started(record);
    return record;
  }

  async answer(callId: string): Promise<void> {
    const record = this.requireCall(callId);
    if (!(record.session instanceof Invitation) || record.view.state !== 'ringing') throw new LoketError('phone.wrongState');
    if (!this.#options.bridge.attached) throw new LoketError('phone.noMedia');
    try {
      await record.session.accept({ sessionDescriptionHandlerOptions: {} });
    } catch (error) {
      throw mediaError(error);
    }
  }

  async decline(callId: string): Promise<void> {
    const record = this.requireCall(callId);
    if (!(record.session instanceof Invitation) || record.view.state !== 'ringing') throw new LoketError('phone.wrongState');
    record.localEnd = 'declined';
    // 486: an ACD takes "busy here" as "try the next agent"; 603 would end the customer's call.
    await record.session.reject({ statusCode: 486 }).catch(() => undefined);
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const record = this.requireActive(callId);
    if (record.view.held === on) return;
    await this.renegotiate(record, { hold: on });
    this.patch(record, { held: on });
  }

  async mute(callId: string, on: boolean): Promise<void> {
    const record = this.requireActive(callId);
    try {
      await this.sdh(record)?.mute(on);
    } catch (error) {
      throw mediaError(error);
    }
    this.patch(record, { muted: on });
  }

  dtmf(callId: string, digits: string): void {
    const record = this.requireActive(callId);
    const sdh = this.sdh(record);
    if (!sdh?.sendDtmf(digits.toUpperCase(), { duration: 160, interToneGap: 90 })) throw new LoketError('phone.noMedia');
  }

  /**
   * Names the customer of a call (several matched, or none and the agent made or found one).
   * Also for a call that ended a moment ago: the wrap-up needs its customer. A call keeps the
   * customer it has (the hub refuses to move an interaction to another one).
   */
  link(callId: string, customerId: string): CallView {
    const record = this.known(callId);
    if (!record) throw new LoketError('phone.noCall');
    if (record.view.customerId === customerId) return record.view;
    if (record.view.customerId !== null) throw new LoketError('phone.wrongState');
    record.view = { ...record.view, customerId };
    this.#options.publish({ type: 'linked', call: record.view });
    this.#changed();
    return record.view;
  }

  /** Raw getStats figures from the renderer → the call's quality badge. */
  stats(report: MediaStatsReport): boolean {
    if (!this.#options.bridge.isCurrent(report.engineId)) return false;
    const record = this.#calls.get(report.callId);
    if (!record || record.view.state !== 'active') return false;
    if (report.firstPacketAt !== null && record.firstPacketAt === null) record.firstPacketAt = report.firstPacketAt;
    const loss = intervalLoss(record.lastStats, report);
    record.lastStats = { packetsReceived: report.packetsReceived, packetsLost: report.packetsLost };
    if (report.packetsReceived > 0) this.patch(record, { quality: estimateQuality({ rttMs: report.rttMs, jitterMs: report.jitterMs, loss }) });
    return true;
  }

  async end(record: CallRecord, reason: CallEndReason): Promise<void> {
    const session = record.session;
    record.localEnd ??= reason;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel().catch(() => undefined);
        else await session.reject({ statusCode: 486 }).catch(() => undefined);
        return;
      case SessionState.Established:
        await session.bye().catch(() => undefined);
        return;
      default:
        return;
    }
  }

  /** re-INVITE with an offer from the renderer; one at a time per call. */
  renegotiate(record: CallRecord, extra: ProxySdhOptions): Promise<void> {
    const run = record.renegotiation.then(() => reinvite(record, extra));
    record.renegotiation = run.catch(() => undefined);
    return run;
  }

  sdh(record: CallRecord): ProxySessionDescriptionHandler | undefined {
    return record.session.sessionDescriptionHandler as ProxySessionDescriptionHandler | undefined;
  }

  #changed(): void {
    if (!this.#announcing) this.#options.changed();
  }

  #onSessionState(record: CallRecord, state: SessionState): void {
    if (state === SessionState.Established) {
      record.view = { ...record.view, state: 'active', answeredAt: this.#options.now() };
      this.#options.publish({ type: 'answered', call: record.view });
      this.#changed();
      return;
    }
    if (state !== SessionState.Terminated) return;
    const reason: CallEndReason = record.localEnd ?? (record.view.answeredAt === null ? (record.view.direction === 'inbound' ? 'cancelled' : 'failed') : 'remoteHangup');
    record.view = { ...record.view, state: 'ended', endedAt: this.#options.now(), endReason: reason, recovering: false };
    this.#endedCalls.set(record.view.id, record);
    for (const id of this.#endedCalls.keys()) {
      if (this.#endedCalls.size <= LINKABLE_ENDED_CALLS) break;
      this.#endedCalls.delete(id);
      if (!this.#calls.has(id)) this.#options.publish({ type: 'forgotten', callId: id });
    }
    this.#options.publish({ type: 'ended', call: record.view });
    setTimeout(() => {
      this.#calls.delete(record.view.id);
      if (!this.#endedCalls.has(record.view.id)) this.#options.publish({ type: 'forgotten', callId: record.view.id });
      this.#changed();
    }, ENDED_CALL_VISIBLE_MS).unref();
    this.#changed();
  }
}

function reinvite(record: CallRecord, extra: ProxySdhOptions): Promise<void> {
  const session = record.session;
  if (session.state !== SessionState.Established) return Promise.reject(new LoketError('phone.noCall'));
  // Options given to invite() replace the session's re-INVITE options and persist: merge, and
  // drop the ICE restart afterwards so later re-INVITEs do not restart ICE again.
  const options: ProxySdhOptions = { ...(session.sessionDescriptionHandlerOptionsReInvite as ProxySdhOptions), ...extra };
  return new Promise<void>((resolve, reject) => {
    session
      .invite({
        sessionDescriptionHandlerOptions: options,
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(new LoketError('phone.callFailed', { status: response.message.statusCode ?? 0 })),
        },
      })
      .catch((error: unknown) => reject(mediaError(error)));
  }).finally(() => {
    const persisted = session.sessionDescriptionHandlerOptionsReInvite as ProxySdhOptions;
    delete persisted.iceRestart;
  });
}
