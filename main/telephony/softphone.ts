import { Invitation } from 'sip.js';
import type { Settings } from '../../common/contract/contract.ts';
import type { CallView, MediaStatsReport, PhoneStatus, SipAccountInput, SipAccountView } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import type { EventHub } from '../contract/events.ts';
import { createLogger } from '../log.ts';
import { CallEvents, type CallListener } from './call-events.ts';
import { CallMachine } from './calls.ts';
import { callerNumber, parseDialTarget } from './dial-target.ts';
import { dialledLineOf } from './dialled-line.ts';
import { MediaBridge } from './media-bridge.ts';
import { MediaPrewarm } from './media-prewarm.ts';
import { MediaRecovery } from './media-recovery.ts';
import { PresenceTracker, type HubPresence } from './presence.ts';
import { SipRegistration } from './registration.ts';
import type { SipAccountStore } from './sip-account.ts';
import { DEFAULT_TIMINGS, type SoftphoneTimings } from './timings.ts';
import { Transfers } from './transfers.ts';

export { DEFAULT_TIMINGS, type SoftphoneTimings } from './timings.ts';

const log = createLogger('softphone');

/** What the softphone needs from the rest of main; plain functions, so tests can build one. */
export interface SoftphoneOptions {
  readonly events: EventHub;
  readonly accounts: SipAccountStore;
  readonly settings: () => Settings;
  /** Sends the agent's presence to the hub (best effort; the hub may be unreachable). */
  readonly publishPresence: (status: HubPresence) => Promise<void>;
  readonly timings?: Partial<SoftphoneTimings>;
  readonly now?: () => number;
}

/**
 * The softphone: sip.js signalling in main, behind the `phone.*` requests. A facade over its
 * parts — registration and transport (`registration.ts`), the call state machine (`calls.ts`),
 * transfers (`transfers.ts`) and media recovery (`media-recovery.ts`) — that publishes what
 * happens to calls (`onCall`) for the listeners that react to them: caller id, the call log,
 * presence. It knows no customers: a listener names a call's customer through `linkCustomer`.
 * Because the signalling lives here, a renderer reload does not drop a call.
 */
export class Softphone {
  readonly bridge: MediaBridge;
  readonly #options: SoftphoneOptions;
  readonly #callEvents = new CallEvents();
  readonly #registration: SipRegistration;
  readonly #calls: CallMachine;
  readonly #transfers: Transfers;
  readonly #recovery: MediaRecovery;
  readonly #presence: PresenceTracker;
  readonly #prewarm: MediaPrewarm;
  #disposed = false;
  #refusingNewCalls = false;

  constructor(options: SoftphoneOptions) {
    this.#options = options;
    const now = options.now ?? Date.now;
    const timings = { ...DEFAULT_TIMINGS, ...options.timings };
    const changed = () => this.#changed();
    this.bridge = new MediaBridge(options.events);
    this.#presence = new PresenceTracker({ wrapUpSeconds: () => options.settings().wrapUpSeconds, publish: options.publishPresence, onExpired: changed, now });
    this.#calls = new CallMachine({
      bridge: this.bridge,
      now,
      publish: (event) => this.#callEvents.publish(event),
      changed,
      onRefer: (record, referral) => this.#transfers.followReferral(record, referral),
    });
    this.#registration = new SipRegistration({
      accounts: options.accounts,
      settings: options.settings,
      bridge: this.bridge,
      timings,
      now,
      onInvite: (invitation) => this.#onInvite(invitation),
      onConnectionLost: () => this.#recovery.connectionLost(),
      onRegistered: () => this.#recovery.repairDialogs(),
      onChange: (registration) => {
        this.#callEvents.publish({ type: 'registration', registration });
        this.#changed();
      },
    });
    this.#transfers = new Transfers({ calls: this.#calls, registration: this.#registration, bridge: this.bridge, settings: options.settings });
    this.#recovery = new MediaRecovery({ calls: this.#calls, bridge: this.bridge, changed });
    this.#prewarm = new MediaPrewarm(this.bridge, () => ({ hold: false, iceRestart: false, iceServers: options.settings().iceServers, iceGatheringTimeoutMs: timings.iceGatheringTimeoutMs }));
    // Before any other listener: the status they may read after an ended call carries its wrap-up.
    this.#callEvents.on((event) => {
      if (event.type === 'ended') this.#presence.callEnded(event.call);
      if (event.type === 'answered') this.#prewarm.answered(event.call.id);
      if (event.type === 'ended') this.#prewarm.ended(event.call.id);
      this.#transfers.onCallEvent(event);
    });
  }

  /**
   * Listens to what happens to calls (new, started, answered, linked, ended, forgotten) and to
   * the registration; the way for main's features to react to a call. Returns the unsubscribe.
   */
  onCall(listener: CallListener): () => void {
    return this.#callEvents.on(listener);
  }

  // ---- status ----

  status(): PhoneStatus {
    return {
      registration: this.#registration.view,
      calls: this.#calls.views(),
      presence: this.#presence.current,
      mediaAttached: this.bridge.attached,
    };
  }

  /** A call main still knows (live, or ended and still linkable). */
  call(callId: string): CallView | null {
    return this.#calls.known(callId)?.view ?? null;
  }

  /** Start with the configured account (if any). */
  start(): void {
    void this.register().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#registration.stop();
    this.#presence.dispose();
    this.#recovery.dispose();
    for (const record of this.#calls.records()) await this.#calls.end(record, 'localHangup').catch(() => undefined);
    await this.#registration.close();
  }

  // ---- account and registration ----

  account(): SipAccountView {
    return this.#options.accounts.view();
  }

  async saveAccount(input: SipAccountInput): Promise<SipAccountView> {
    const view = await this.#options.accounts.save(input);
    await this.#registration.restart();
    return view;
  }

  /** The hub handed us this agent's account (or none) after sign-in. */
  async accountChanged(): Promise<void> {
    await this.#registration.restart();
  }

  async register(): Promise<PhoneStatus> {
    await this.#registration.register();
    return this.status();
  }

  async unregister(): Promise<PhoneStatus> {
    await this.#registration.unregister();
    return this.status();
  }

  // ---- calls ----

  /**
   * While access ends (main/access/): no new call rings here. Each new inbound call is answered
   * 486 Busy Here (a queue offers it to another agent) and a call ringing now is declined; the
   * call in progress goes on until the agent hangs up.
   */
  refuseNewCalls(on: boolean): void {
    this.#refusingNewCalls = on;
    if (!on) return;
    for (const view of this.#calls.views()) {
      if (view.state === 'ringing') void this.#calls.decline(view.id).catch(() => undefined);
    }
  }

  #onInvite(invitation: Invitation): void {
    if (this.#refusingNewCalls) {
      log.info('incoming call answered 486 Busy Here: access is ending');
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    if (this.#transfers.acceptReplacement(invitation)) return;
    if (!this.#presence.offersCalls()) {
      // Wrap-up time: the call is not offered. 486 Busy Here tells a PBX queue to try another
      // agent (or to keep the caller waiting); a direct caller hears busy. Nothing rings here,
      // so nothing can stack over the wrap-up form the agent is filling in.
      log.info('incoming call answered 486 Busy Here: wrap-up time');
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const { dialCountry } = this.#options.settings();
    const number = callerNumber(invitation.remoteIdentity.uri.user, dialCountry);
    const dialled = dialledLineOf(invitation, this.#options.accounts.view().username, dialCountry);
    const record = this.#calls.track(invitation, 'inbound', number, invitation.remoteIdentity.displayName || null, dialled);
    invitation.progress().catch(() => undefined);
    this.#calls.started(record);
    this.#prewarm.ringing(record.view.id, invitation.request);
  }

  async dial(target: string): Promise<{ callId: string }> {
    const ua = this.#registration.requireRegistered();
    if (!this.bridge.attached) throw new LoketError('phone.noMedia');
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    const record = this.#calls.place(ua, this.#registration.uriFor(parsed.user, parsed.display), parsed.display, null);
    return { callId: record.view.id };
  }

  async answer(callId: string): Promise<PhoneStatus> {
    await this.#calls.answer(callId);
    return this.status();
  }

  async decline(callId: string): Promise<PhoneStatus> {
    await this.#calls.decline(callId);
    return this.status();
  }

  async hangup(callId: string): Promise<PhoneStatus> {
    await this.#calls.end(this.#calls.requireCall(callId), 'localHangup');
    return this.status();
  }

  async hold(callId: string, on: boolean): Promise<PhoneStatus> {
    await this.#calls.hold(callId, on);
    return this.status();
  }

  async mute(callId: string, on: boolean): Promise<PhoneStatus> {
    await this.#calls.mute(callId, on);
    return this.status();
  }

  dtmf(callId: string, digits: string): PhoneStatus {
    this.#calls.dtmf(callId, digits);
    return this.status();
  }

  /** Blind transfer: REFER the far end to `target`; our leg ends once the transfer took. A hand-off's id rides along (`transfers.ts`). */
  async transfer(callId: string, target: string, handoffId?: string): Promise<PhoneStatus> {
    await this.#transfers.transfer(callId, target, handoffId);
    return this.status();
  }

  /** Attended transfer, step 1: the customer on hold, a consult call to the colleague (carrying a hand-off's id, if any). */
  consult(callId: string, target: string, handoffId?: string): Promise<{ callId: string }> {
    return this.#transfers.consult(callId, target, handoffId);
  }

  /** A header of an inbound call's INVITE (e.g. the hand-off id a colleague's console sent), if it has one. */
  inviteHeader(callId: string, name: string): string | null {
    const session = this.#calls.known(callId)?.session;
    return session instanceof Invitation ? (session.request.getHeader(name) ?? null) : null;
  }

  /** Attended transfer, step 2: REFER the customer to the colleague with Replaces (RFC 3891). */
  async completeTransfer(consultCallId: string): Promise<PhoneStatus> {
    await this.#transfers.completeTransfer(consultCallId);
    return this.status();
  }

  /** Attended transfer cancelled: end the consult call, take the customer off hold. */
  async cancelTransfer(consultCallId: string): Promise<PhoneStatus> {
    await this.#transfers.cancelTransfer(consultCallId);
    return this.status();
  }

  /**
   * Names the customer a call is about: the caller-id lookup's one match, or the agent's
   * choice (several matched, or none and the agent made or found one) — also for a call that
   * ended a moment ago, since the wrap-up needs it. A call keeps the customer it has.
   */
  linkCustomer(callId: string, customerId: string): PhoneStatus {
    this.#calls.link(callId, customerId);
    return this.status();
  }

  /**
   * The agent saved the wrap-up of a call: the after-call time is over, so presence goes back
   * to what the agent chose (available) instead of waiting out the wrap-up seconds.
   */
  wrapUpDone(interactionId: string): void {
    if (this.#presence.wrapUpDone(interactionId)) this.#changed();
  }

  /** "Ready" ends the wrap-up time now (calls are offered again); "Extend" adds the configured length, once. */
  wrapUpTime(action: 'ready' | 'extend'): PhoneStatus {
    if (action === 'ready') this.#presence.ready();
    else this.#presence.extend();
    this.#changed();
    return this.status();
  }

  /** The hub session (re)started: it gets the presence it may have missed. */
  republishPresence(): void {
    this.#presence.republish();
  }

  setPresence(state: 'available' | 'break'): PhoneStatus {
    this.#presence.choose(state);
    this.#changed();
    return this.status();
  }

  /** Raw getStats figures from the renderer → the call's quality badge. */
  stats(report: MediaStatsReport): boolean {
    return this.#calls.stats(report);
  }

  /** When the first RTP packet of the call reached the renderer (benchmark: answer → audio). */
  firstPacketAt(callId: string): number | null {
    return this.#calls.get(callId)?.firstPacketAt ?? null;
  }

  // ---- the status event ----

  #changed(): void {
    if (this.#disposed) return;
    this.#presence.update(this.#registration.view, this.#calls.views());
    this.#options.events.emit('phone.changed', this.status());
  }
}
