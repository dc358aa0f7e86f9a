import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  SIPExtension,
  URI,
  UserAgent,
  type Referral,
} from 'sip.js';
import { v7 as uuidv7 } from 'uuid';
import type { Settings } from '../../common/contract/contract.ts';
import { MAX_CALLER_MATCHES } from '../../common/contract/telephony.ts';
import type {
  CallEndReason,
  CallerMatch,
  CallView,
  MediaStatsReport,
  PhoneStatus,
  Presence,
  Registration,
  SipAccountInput,
  SipAccountView,
} from '../../common/contract/telephony.ts';
import { LoketError, type ErrorCode } from '../../common/errors.ts';
import type { EventHub } from '../contract/events.ts';
import { createLogger } from '../log.ts';
import type { CallLogEntry } from '../data/console-data.ts';
import { callerNumber, parseDialTarget } from './dial-target.ts';
import { MediaBridge, MediaFailedError, type MediaAttachment } from './media-bridge.ts';
import { derivePresence, HUB_PRESENCE } from './presence.ts';
import { ProxySessionDescriptionHandler, type ProxySdhOptions } from './proxy-sdh.ts';
import { estimateQuality, intervalLoss } from './quality.ts';
import { domainOf, type SipAccount, type SipAccountStore } from './sip-account.ts';
import { TransportLostError, WsTransport, type WsTransportOptions } from './ws-transport.ts';

const log = createLogger('softphone');

/** How long an ended call stays in the status, so the agent can read why it ended. */
const ENDED_CALL_VISIBLE_MS = 5_000;
/** Ended calls the agent may still link to a customer (an unknown caller's form filled in after hanging up). */
const LINKABLE_ENDED_CALLS = 20;
/** A page that does not come back within this long: end its calls rather than leave the customer in silence. */
const MEDIA_GRACE_MS = 30_000;
const REGISTER_EXPIRES_S = 300;
const REGISTER_TIMEOUT_MS = 10_000;

/** Timings that tests and the benchmark may tighten; the defaults are what agents get. */
export interface SoftphoneTimings {
  /** Silence before a keep-alive: 4 s + 8 s for the answer, so a dead link shows within 12 s. */
  readonly keepAliveIntervalMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** Reconnect delays: quick while an outage is fresh (a PBX restart is back within seconds)… */
  readonly reconnectFastMs: number;
  /** …and gentler once it has lasted `reconnectFastForMs` (no storm against a PBX that is down). */
  readonly reconnectSlowMaxMs: number;
  readonly reconnectFastForMs: number;
  readonly iceGatheringTimeoutMs: number;
}

export const DEFAULT_TIMINGS: SoftphoneTimings = {
  keepAliveIntervalMs: 4_000,
  keepAliveTimeoutMs: 8_000,
  connectionTimeoutMs: 5_000,
  reconnectFastMs: 750,
  reconnectSlowMaxMs: 30_000,
  reconnectFastForMs: 120_000,
  iceGatheringTimeoutMs: 2_000,
};

/** What the softphone needs from the rest of main; plain functions, so tests can build one. */
export interface SoftphoneOptions {
  readonly events: EventHub;
  readonly accounts: SipAccountStore;
  readonly settings: () => Settings;
  /** Customers with this phone number in the cache (screen pop and the call's interaction). */
  readonly customersByPhone: (e164: string) => readonly CallerMatch[];
  /**
   * Asks the hub who has this number, for consoles whose cache holds no customers (overflow
   * agents, machines without a key store); resolves to null when the cache is the answer.
   */
  readonly lookupCallerOnline?: (e164: string) => Promise<readonly CallerMatch[] | null>;
  /** A ringing call's caller is known (one customer): the screen pop's data can go out now. */
  readonly onCallerKnown?: (customerId: string) => void;
  readonly logCall: (entry: CallLogEntry) => void;
  /** Sends the agent's presence to the hub (best effort; the hub may be unreachable). */
  readonly publishPresence: (status: (typeof HUB_PRESENCE)[keyof typeof HUB_PRESENCE]) => Promise<void>;
  readonly timings?: Partial<SoftphoneTimings>;
  readonly now?: () => number;
}

interface CallRecord {
  view: CallView;
  readonly session: Invitation | Inviter;
  /** Why it ended, when we ended it (else the far end did). */
  localEnd: CallEndReason | null;
  /** One re-INVITE at a time per dialog (sip.js refuses overlapping ones). */
  renegotiation: Promise<void>;
  lastStats: { packetsReceived: number; packetsLost: number } | undefined;
  firstPacketAt: number | null;
  /** The attended transfer's consult call, while it lasts. */
  consultCallId: string | null;
  /** The far end accepted our REFER: its hang-up now means the transfer went through. */
  referAccepted: boolean;
  logged: boolean;
}

/**
 * The softphone: sip.js signalling in main. It registers with digest auth and keeps the
 * registration alive (own transport with keep-alives, reconnect with backoff, one REGISTER at a
 * time), runs the call state machine the renderer observes through `phone.changed`, and asks the
 * renderer's media engine for descriptions through the media bridge. Because the signalling
 * lives here, a renderer reload does not drop a call: when the new page's engine attaches, every
 * established call is renegotiated (re-INVITE with an ICE restart). And when the connection to the
 * SIP server comes back, every dialog is repaired with a re-INVITE over the new connection, so
 * the proxy routes the far end's BYE to us again.
 */
export class Softphone {
  readonly bridge: MediaBridge;
  readonly #options: SoftphoneOptions;
  readonly #timings: SoftphoneTimings;
  readonly #now: () => number;
  #ua: UserAgent | null = null;
  #registerer: Registerer | null = null;
  #account: SipAccount | null = null;
  #registration: Registration;
  /** The agent switched the phone off: do not reconnect. */
  #wanted = true;
  #bringUp: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #outageSince: number | null = null;
  #lastFailure: string | null = null;
  readonly #calls = new Map<string, CallRecord>();
  readonly #endedCalls = new Map<string, CallRecord>();
  #chosenPresence: 'available' | 'break' = 'available';
  #lastCallEndedAt: number | null = null;
  #presence: Presence = { state: 'offline', until: null };
  #presenceTimer: NodeJS.Timeout | undefined;
  #mediaGraceTimer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(options: SoftphoneOptions) {
    this.#options = options;
    this.#timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.#now = options.now ?? Date.now;
    this.#registration = { state: 'unconfigured', error: null, since: this.#now(), retryAt: null, aor: null };
    this.bridge = new MediaBridge(options.events);
    this.bridge.onAttachment((attachment) => this.#onMediaAttachment(attachment));
  }

  // ---- status ----

  status(): PhoneStatus {
    return {
      registration: this.#registration,
      calls: [...this.#calls.values()].map((record) => record.view),
      presence: this.#presence,
      mediaAttached: this.bridge.attached,
    };
  }

  /** Start with the configured account (if any). */
  start(): void {
    void this.register().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#presenceTimer);
    clearTimeout(this.#mediaGraceTimer);
    for (const record of this.#calls.values()) await this.#end(record, 'localHangup').catch(() => undefined);
    await this.#teardown(true);
  }

  // ---- account and registration ----

  account(): SipAccountView {
    return this.#options.accounts.view();
  }

  async saveAccount(input: SipAccountInput): Promise<SipAccountView> {
    const view = await this.#options.accounts.save(input);
    await this.#restart();
    return view;
  }

  /** The hub handed us this agent's account (or none) after sign-in. */
  async accountChanged(): Promise<void> {
    await this.#restart();
  }

  async register(): Promise<PhoneStatus> {
    this.#wanted = true;
    const account = this.#options.accounts.current();
    if (!account) {
      this.#setRegistration({ state: 'unconfigured', error: null, retryAt: null });
      return this.status();
    }
    // The store hands out a fresh object each time: compare what it says, not its identity.
    if (this.#registration.state === 'failed' || JSON.stringify(this.#account) !== JSON.stringify(account)) await this.#teardown(false);
    this.#account = account;
    await this.#connectAndRegister();
    return this.status();
  }

  async unregister(): Promise<PhoneStatus> {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    await this.#teardown(true);
    this.#setRegistration({ state: this.#options.accounts.current() ? 'unregistered' : 'unconfigured', error: null, retryAt: null });
    return this.status();
  }

  async #restart(): Promise<void> {
    clearTimeout(this.#retryTimer);
    await this.#teardown(true);
    this.#attempt = 0;
    if (this.#wanted) await this.register().catch(() => undefined);
  }

  #ensureUserAgent(account: SipAccount): UserAgent {
    if (this.#ua) return this.#ua;
    const domain = domainOf(account);
    const uri = UserAgent.makeURI(`sip:${account.username}@${domain}`);
    if (!uri) throw new LoketError('request.invalid', { field: 'username' });
    const transportOptions: WsTransportOptions = {
      server: account.server,
      connectionTimeoutMs: this.#timings.connectionTimeoutMs,
      keepAliveIntervalMs: this.#timings.keepAliveIntervalMs,
      keepAliveTimeoutMs: this.#timings.keepAliveTimeoutMs,
    };
    const ua = new UserAgent({
      uri,
      displayName: account.displayName || undefined,
      authorizationUsername: account.authorizationUser || account.username,
      authorizationPassword: account.password,
      transportConstructor: WsTransport,
      transportOptions,
      // Reconnecting is ours (backoff, re-register, dialog repair): sip.js's own fixed-delay
      // loop stays off (its default of 0 attempts; the option itself is deprecated).
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: 'Loket',
      logLevel: 'warn',
      logBuiltinEnabled: false,
      logConnector: (level, category, _label, content) => {
        if (level === 'error') log.error(`${category}: ${content}`);
        else if (level === 'warn') log.warn(`${category}: ${content}`);
      },
      sessionDescriptionHandlerFactory: (session) =>
        new ProxySessionDescriptionHandler(session, {
          bridge: this.bridge,
          mediaDefaults: () => ({ iceServers: this.#options.settings().iceServers, iceGatheringTimeoutMs: this.#timings.iceGatheringTimeoutMs }),
        }),
      delegate: {
        onInvite: (invitation) => this.#onInvite(invitation),
        onDisconnect: (error) => this.#onTransportLost(error),
      },
    });
    this.#ua = ua;
    this.#registerer = new Registerer(ua, { expires: REGISTER_EXPIRES_S });
    this.#registerer.stateChange.addListener((state) => {
      // The registrar dropped us (refresh failed, expired): same as a lost connection.
      if (state === RegistererState.Unregistered && this.#registration.state === 'registered' && this.#wanted) {
        this.#scheduleReconnect('phone.serverUnreachable');
      }
    });
    return ua;
  }

  /** Connect (or reconnect) and register; one attempt at a time, retried with backoff. */
  #connectAndRegister(): Promise<void> {
    if (this.#bringUp) return this.#bringUp;
    this.#bringUp = this.#attemptBringUp().finally(() => {
      this.#bringUp = null;
    });
    return this.#bringUp;
  }

  async #attemptBringUp(): Promise<void> {
    const account = this.#account;
    if (!account || !this.#wanted) return;
    clearTimeout(this.#retryTimer);
    const wasUp = this.#registration.state === 'registered' || this.#registration.state === 'reconnecting';
    this.#setRegistration({ state: wasUp ? 'reconnecting' : 'connecting', error: this.#registration.error, retryAt: null });
    try {
      const ua = this.#ensureUserAgent(account);
      if (ua.state !== 'Started') await ua.start();
      else await ua.reconnect();
      await this.#registerOnce();
    } catch (error) {
      if (error instanceof RegistrationRefused) {
        this.#setRegistration({ state: 'failed', error: error.code, retryAt: null });
        await this.#teardown(false);
        return;
      }
      // Once per distinct reason, not at every retry of an outage (they come ~1 s apart).
      const reason = (error as Error).message;
      if (reason !== this.#lastFailure) log.warn(`could not register: ${reason} (retrying)`);
      this.#lastFailure = reason;
      this.#scheduleReconnect('phone.serverUnreachable');
      return;
    }
    this.#attempt = 0;
    this.#outageSince = null;
    this.#lastFailure = null;
    this.#setRegistration({ state: 'registered', error: null, retryAt: null });
    this.#repairDialogs();
  }

  /** One REGISTER, resolved when the registrar accepted it; digest auth is sip.js's. */
  #registerOnce(): Promise<void> {
    const registerer = this.#registerer;
    if (!registerer) return Promise.reject(new Error('no registerer'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('REGISTER timed out')), REGISTER_TIMEOUT_MS);
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      // The registrar's 2xx, not the Registerer's state: a re-REGISTER over a new connection
      // leaves that state at Registered throughout, so no state change would ever tell us.
      registerer
        .register({
          requestDelegate: {
            onAccept: () => done(),
            onReject: (response) => {
              const status = response.message.statusCode ?? 0;
              done(status === 401 || status === 403 || status === 407 ? new RegistrationRefused('phone.authFailed', status) : new Error(`REGISTER ${status}`));
            },
          },
        })
        .catch((error: unknown) => done(error instanceof Error ? error : new Error(String(error))));
    });
  }

  #onTransportLost(error: Error | undefined): void {
    if (!error || !this.#wanted || this.#disposed) return;
    const code: ErrorCode = error instanceof TransportLostError && error.code === 'keepAlive' ? 'phone.keepAliveLost' : 'phone.serverUnreachable';
    log.warn(`connection to the SIP server lost: ${error.message}`);
    for (const record of this.#calls.values()) if (record.view.state === 'active') this.#patch(record, { recovering: true });
    this.#scheduleReconnect(code);
  }

  #scheduleReconnect(error: ErrorCode): void {
    if (!this.#wanted || this.#disposed) return;
    clearTimeout(this.#retryTimer);
    const now = this.#now();
    this.#outageSince ??= now;
    const fast = now - this.#outageSince < this.#timings.reconnectFastForMs;
    const base = fast
      ? Math.min(this.#timings.reconnectFastMs, 250 * 2 ** this.#attempt)
      : Math.min(this.#timings.reconnectSlowMaxMs, this.#timings.reconnectFastMs * 2 ** Math.max(0, this.#attempt - 3));
    const delay = Math.round(base * (0.8 + Math.random() * 0.2));
    this.#attempt += 1;
    this.#setRegistration({ state: 'reconnecting', error: error as Registration['error'], retryAt: now + delay });
    this.#retryTimer = setTimeout(() => void this.#connectAndRegister(), delay);
  }

  async #teardown(unregister: boolean): Promise<void> {
    const ua = this.#ua;
    const registerer = this.#registerer;
    this.#ua = null;
    this.#registerer = null;
    this.#account = null;
    if (!ua) return;
    if (unregister && registerer && registerer.state === RegistererState.Registered && ua.isConnected()) {
      await registerer.unregister().catch(() => undefined);
    }
    await ua.stop().catch(() => undefined);
  }

  #setRegistration(next: Pick<Registration, 'state' | 'error' | 'retryAt'>): void {
    const account = this.#account ?? this.#options.accounts.current();
    const aor = account ? `${account.username}@${domainOf(account)}` : null;
    const since = next.state === this.#registration.state ? this.#registration.since : this.#now();
    this.#registration = { ...next, since, aor };
    this.#changed();
  }

  // ---- calls ----

  #onInvite(invitation: Invitation): void {
    if (this.#acceptReplacement(invitation)) return;
    const settings = this.#options.settings();
    const number = callerNumber(invitation.remoteIdentity.uri.user, settings.dialCountry);
    const record = this.#track(invitation, 'inbound', number, invitation.remoteIdentity.displayName || null);
    invitation.progress().catch(() => undefined);
    this.#logStart(record);
  }

  async dial(target: string): Promise<{ callId: string }> {
    const ua = this.#requireRegistered();
    if (!this.bridge.attached) throw new LoketError('phone.noMedia');
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    const record = this.#placeCall(ua, parsed.user, parsed.display, null);
    return { callId: record.view.id };
  }

  #placeCall(ua: UserAgent, user: string, display: string, consultFor: string | null): CallRecord {
    const account = this.#account;
    const uri = account ? UserAgent.makeURI(`sip:${user}@${domainOf(account)}`) : undefined;
    if (!uri) throw new LoketError('phone.badNumber', { target: display });
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: {} });
    const record = this.#track(inviter, 'outbound', display, null);
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
    this.#logStart(record);
    return record;
  }

  async answer(callId: string): Promise<PhoneStatus> {
    const record = this.#requireCall(callId);
    if (!(record.session instanceof Invitation) || record.view.state !== 'ringing') throw new LoketError('phone.wrongState');
    if (!this.bridge.attached) throw new LoketError('phone.noMedia');
    try {
      await record.session.accept({ sessionDescriptionHandlerOptions: {} });
    } catch (error) {
      throw mediaError(error);
    }
    return this.status();
  }

  async decline(callId: string): Promise<PhoneStatus> {
    const record = this.#requireCall(callId);
    if (!(record.session instanceof Invitation) || record.view.state !== 'ringing') throw new LoketError('phone.wrongState');
    record.localEnd = 'declined';
    // 486: an ACD takes "busy here" as "try the next agent"; 603 would end the customer's call.
    await record.session.reject({ statusCode: 486 }).catch(() => undefined);
    return this.status();
  }

  async hangup(callId: string): Promise<PhoneStatus> {
    const record = this.#requireCall(callId);
    await this.#end(record, 'localHangup');
    return this.status();
  }

  async hold(callId: string, on: boolean): Promise<PhoneStatus> {
    const record = this.#requireActive(callId);
    if (record.view.held === on) return this.status();
    await this.#renegotiate(record, { hold: on });
    this.#patch(record, { held: on });
    return this.status();
  }

  async mute(callId: string, on: boolean): Promise<PhoneStatus> {
    const record = this.#requireActive(callId);
    try {
      await this.#sdh(record)?.mute(on);
    } catch (error) {
      throw mediaError(error);
    }
    this.#patch(record, { muted: on });
    return this.status();
  }

  dtmf(callId: string, digits: string): PhoneStatus {
    const record = this.#requireActive(callId);
    const sdh = this.#sdh(record);
    if (!sdh?.sendDtmf(digits.toUpperCase(), { duration: 160, interToneGap: 90 })) throw new LoketError('phone.noMedia');
    return this.status();
  }

  /** Blind transfer: REFER the far end to `target`; our leg ends once the transfer took. */
  async transfer(callId: string, target: string): Promise<PhoneStatus> {
    const record = this.#requireActive(callId);
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    const uri = this.#uriFor(parsed.user);
    this.#patch(record, { transfer: { kind: 'blind', target: parsed.display, state: 'trying' } });
    await this.#refer(record, uri, 'blind', parsed.display);
    return this.status();
  }

  /** Attended transfer, step 1: the customer on hold, a consult call to the colleague. */
  async consult(callId: string, target: string): Promise<{ callId: string }> {
    const record = this.#requireActive(callId);
    const ua = this.#requireRegistered();
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    if (!record.view.held) {
      await this.#renegotiate(record, { hold: true });
      this.#patch(record, { held: true });
    }
    const consult = this.#placeCall(ua, parsed.user, parsed.display, record.view.id);
    record.consultCallId = consult.view.id;
    this.#patch(record, { transfer: { kind: 'attended', target: parsed.display, state: 'trying' } });
    return { callId: consult.view.id };
  }

  /** Attended transfer, step 2: REFER the customer to the colleague with Replaces (RFC 3891). */
  async completeTransfer(consultCallId: string): Promise<PhoneStatus> {
    const consult = this.#requireActive(consultCallId);
    const customer = consult.view.consultFor ? this.#calls.get(consult.view.consultFor) : undefined;
    if (!customer || customer.view.state !== 'active') throw new LoketError('phone.noCall');
    const dialog = consult.session.dialog;
    if (!dialog) throw new LoketError('phone.noCall');
    // Refer-To is the colleague's address of record with the consult dialog in Replaces. sip.js's
    // refer(session) would put the colleague's Contact there, which a proxy cannot route as a new
    // call (it only knows registered addresses): the customer's INVITE then fails with 404.
    const colleague = consult.session.remoteIdentity.uri;
    const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
    const target = new ReferToWithHeaders(colleague.scheme, colleague.user ?? '', colleague.host, colleague.port, {}, { Replaces: [replaces] });
    await this.#refer(customer, target, 'attended', consult.view.remoteNumber);
    // The colleague's phone ends the consult dialog itself when it replaces it; if not, we do.
    setTimeout(() => void this.#end(consult, 'transferred'), 2_000).unref();
    return this.status();
  }

  /** Attended transfer cancelled: end the consult call, take the customer off hold. */
  async cancelTransfer(consultCallId: string): Promise<PhoneStatus> {
    const consult = this.#requireCall(consultCallId);
    const customer = consult.view.consultFor ? this.#calls.get(consult.view.consultFor) : undefined;
    await this.#end(consult, 'localHangup');
    if (customer && customer.view.state === 'active') {
      customer.consultCallId = null;
      this.#patch(customer, { transfer: null });
      if (customer.view.held) {
        await this.#renegotiate(customer, { hold: false });
        this.#patch(customer, { held: false });
      }
    }
    return this.status();
  }

  /**
   * The agent says which customer a call is about (several matched, or none and the agent made
   * or found one). Also for a call that ended a moment ago: the wrap-up needs its customer. A
   * call keeps the customer it has (the hub refuses to move an interaction to another one).
   */
  linkCustomer(callId: string, customerId: string): PhoneStatus {
    const record = this.#calls.get(callId) ?? this.#endedCalls.get(callId);
    if (!record) throw new LoketError('phone.noCall');
    if (record.view.customerId === customerId) return this.status();
    if (record.view.customerId !== null) throw new LoketError('phone.wrongState');
    record.view = { ...record.view, customerId };
    if (record.logged) this.#log(record, 'link');
    this.#changed();
    return this.status();
  }

  /**
   * The agent saved the wrap-up of a call: the after-call time is over, so presence goes back
   * to what the agent chose (available) instead of waiting out the wrap-up seconds.
   */
  wrapUpDone(interactionId: string): void {
    // Only the wrap-up of the call that ended last ends the wrap-up time (an older one's does not).
    const last = [...this.#endedCalls.values()].reduce<CallRecord | null>((a, b) => ((b.view.endedAt ?? 0) >= (a?.view.endedAt ?? 0) ? b : a), null);
    if (last?.view.interactionId !== interactionId || this.#lastCallEndedAt === null) return;
    this.#lastCallEndedAt = null;
    this.#changed();
  }

  setPresence(state: 'available' | 'break'): PhoneStatus {
    this.#chosenPresence = state;
    this.#changed();
    return this.status();
  }

  /** Raw getStats figures from the renderer → the call's quality badge. */
  stats(report: MediaStatsReport): boolean {
    if (!this.bridge.isCurrent(report.engineId)) return false;
    const record = this.#calls.get(report.callId);
    if (!record || record.view.state !== 'active') return false;
    if (report.firstPacketAt !== null && record.firstPacketAt === null) record.firstPacketAt = report.firstPacketAt;
    const loss = intervalLoss(record.lastStats, report);
    record.lastStats = { packetsReceived: report.packetsReceived, packetsLost: report.packetsLost };
    if (report.packetsReceived > 0) this.#patch(record, { quality: estimateQuality({ rttMs: report.rttMs, jitterMs: report.jitterMs, loss }) });
    return true;
  }

  /** When the first RTP packet of the call reached the renderer (benchmark: answer → audio). */
  firstPacketAt(callId: string): number | null {
    return this.#calls.get(callId)?.firstPacketAt ?? null;
  }

  // ---- call internals ----

  #track(session: Invitation | Inviter, direction: 'inbound' | 'outbound', number: string, name: string | null): CallRecord {
    const now = this.#now();
    // The screen pop's lookup, before the call rings: exact E.164 in the cache (an index lookup).
    const matches = (number.startsWith('+') ? this.#options.customersByPhone(number) : [])
      .slice(0, MAX_CALLER_MATCHES)
      .map((c) => ({ id: c.id, name: c.name, country: c.country, emails: [...c.emails] }));
    // Before the ringing call itself goes out: the page then has the caller's 360 when the call
    // opens their screen, and renders the header with the ringing banner.
    const [only] = matches;
    if (direction === 'inbound' && matches.length === 1 && only) this.#options.onCallerKnown?.(only.id);
    const record: CallRecord = {
      view: {
        id: session.id,
        direction,
        state: direction === 'inbound' ? 'ringing' : 'dialing',
        remoteNumber: number,
        remoteName: name,
        sipCallId: session.request.callId,
        startedAt: now,
        answeredAt: null,
        endedAt: null,
        endReason: null,
        held: false,
        muted: false,
        recovering: false,
        consultFor: null,
        transfer: null,
        transfers: 0,
        quality: null,
        interactionId: uuidv7(),
        customerId: matches.length === 1 ? (matches[0]?.id ?? null) : null,
        matches,
      },
      session,
      localEnd: null,
      renegotiation: Promise.resolve(),
      lastStats: undefined,
      firstPacketAt: null,
      consultCallId: null,
      referAccepted: false,
      logged: false,
    };
    this.#calls.set(session.id, record);
    if (matches.length === 0 && number.startsWith('+')) this.#lookupOnline(record, number);
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
      onRefer: (referral) => this.#followReferral(record, referral),
    };
    session.stateChange.addListener((state) => this.#onSessionState(record, state));
    this.#changed();
    return record;
  }

  #onSessionState(record: CallRecord, state: SessionState): void {
    if (state === SessionState.Established) {
      this.#patch(record, { state: 'active', answeredAt: this.#now() });
      return;
    }
    if (state !== SessionState.Terminated) return;
    const reason: CallEndReason = record.localEnd ?? (record.view.answeredAt === null ? (record.view.direction === 'inbound' ? 'cancelled' : 'failed') : 'remoteHangup');
    this.#patch(record, { state: 'ended', endedAt: this.#now(), endReason: reason, recovering: false });
    this.#lastCallEndedAt = this.#now();
    this.#logEnd(record);
    // A consult call that ends leaves its customer call waiting on hold: say so, do not resume on our own.
    if (record.view.consultFor) {
      const customer = this.#calls.get(record.view.consultFor);
      if (customer && customer.consultCallId === record.view.id) {
        customer.consultCallId = null;
        if (customer.view.transfer?.state === 'trying') this.#patch(customer, { transfer: null });
      }
    }
    this.#endedCalls.set(record.view.id, record);
    for (const id of this.#endedCalls.keys()) if (this.#endedCalls.size > LINKABLE_ENDED_CALLS) this.#endedCalls.delete(id);
    setTimeout(() => {
      this.#calls.delete(record.view.id);
      this.#changed();
    }, ENDED_CALL_VISIBLE_MS).unref();
    this.#changed();
  }

  async #end(record: CallRecord, reason: CallEndReason): Promise<void> {
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

  async #refer(record: CallRecord, target: URI, kind: 'blind' | 'attended', display: string): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      let accepted = false;
      let settled = false;
      const succeed = () => {
        if (settled) return;
        settled = true;
        record.session.stateChange.removeListener(onState);
        this.#patch(record, { transfer: { kind, target: display, state: 'done' }, transfers: record.view.transfers + 1 });
        resolve();
      };
      const fail = (status: number) => {
        if (settled) return;
        settled = true;
        record.session.stateChange.removeListener(onState);
        this.#patch(record, { transfer: { kind, target: display, state: 'failed' } });
        reject(new LoketError('phone.callFailed', { status }));
      };
      // The transferee may hang up on us as soon as its new call is up, before (or instead of)
      // reporting the 2xx: after an accepted REFER that is the transfer succeeding too.
      const onState = (state: SessionState) => {
        if (state === SessionState.Terminated) (accepted ? succeed : () => fail(0))();
      };
      record.session.stateChange.addListener(onState);
      record.session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              accepted = true;
              record.referAccepted = true;
            },
            onReject: (response) => fail(response.message.statusCode ?? 0),
          },
          // The far end reports the new call's progress as sipfrag NOTIFYs: a final 2xx means it took.
          onNotify: (notification) => {
            void notification.accept().catch(() => undefined);
            const status = /^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body)?.[1];
            const code = status ? Number(status) : 0;
            if (code >= 200 && code < 300) succeed();
            else if (code >= 300) fail(code);
          },
        })
        .catch((error: unknown) => {
          if (settled) return;
          settled = true;
          record.session.stateChange.removeListener(onState);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
    await done;
    await this.#end(record, 'transferred');
  }

  /**
   * The other party transfers us (a colleague's console, or a PBX moving the call): call the
   * Refer-To target as a call of our own — with its Replaces header when the transfer was
   * attended — and let this one go once the new call is up. sip.js reports the new call's
   * progress back to the transferor in NOTIFYs.
   */
  #followReferral(record: CallRecord, referral: Referral): void {
    if (!this.#ua || !this.bridge.attached) {
      void referral.reject().catch(() => undefined);
      return;
    }
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: {} });
        const number = callerNumber(referral.referTo.uri.user, this.#options.settings().dialCountry);
        const next = this.#track(inviter, 'outbound', number, null);
        next.view = { ...next.view, transfers: record.view.transfers + 1 };
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) void this.#end(record, 'transferred');
        });
        this.#logStart(next);
        return inviter.invite({
          requestDelegate: {
            onReject: (response) => {
              next.localEnd ??= reasonFromStatus(response.message.statusCode ?? 0);
            },
          },
        });
      })
      .catch((error: unknown) => log.warn(`could not follow a transfer: ${String(error)}`));
  }

  /** An INVITE with Replaces for one of our dialogs: a colleague completed an attended transfer to us. */
  #acceptReplacement(invitation: Invitation): boolean {
    const replaces = invitation.request.parseHeader('replaces') as { call_id: string; replaces_from_tag: string; replaces_to_tag: string } | undefined;
    if (!replaces) return false;
    const replaced = [...this.#calls.values()].find((record) => record.session.dialog?.callId === replaces.call_id);
    if (!replaced) return false;
    const number = callerNumber(invitation.remoteIdentity.uri.user, this.#options.settings().dialCountry);
    const record = this.#track(invitation, 'inbound', number, invitation.remoteIdentity.displayName || null);
    record.view = { ...record.view, transfers: replaced.view.transfers + 1 };
    this.#logStart(record);
    invitation
      .accept({ sessionDescriptionHandlerOptions: {} })
      .then(() => this.#end(replaced, 'transferred'))
      .catch((error: unknown) => log.warn(`could not take over the transferred call: ${String(error)}`));
    return true;
  }

  /** re-INVITE with an offer from the renderer; one at a time per call. */
  #renegotiate(record: CallRecord, extra: ProxySdhOptions): Promise<void> {
    const run = record.renegotiation.then(() => this.#reinvite(record, extra));
    record.renegotiation = run.catch(() => undefined);
    return run;
  }

  #reinvite(record: CallRecord, extra: ProxySdhOptions): Promise<void> {
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

  /** After a reconnect: re-INVITE every established call over the new connection. */
  #repairDialogs(): void {
    for (const record of this.#calls.values()) {
      if (record.view.state !== 'active' || !record.view.recovering) continue;
      if (!this.bridge.attached) continue; // the engine's attach will renegotiate
      this.#renegotiate(record, {})
        .then(() => this.#patch(record, { recovering: false }))
        .catch((error: unknown) => {
          log.warn(`dialog repair failed for ${record.view.id}: ${String(error)}`);
          void this.#end(record, 'failed');
        });
    }
  }

  #onMediaAttachment(attachment: MediaAttachment): void {
    if (attachment.kind === 'detached') {
      for (const record of this.#calls.values()) if (record.view.state === 'active') this.#patch(record, { recovering: true });
      clearTimeout(this.#mediaGraceTimer);
      if ([...this.#calls.values()].some((record) => record.view.state !== 'ended')) {
        this.#mediaGraceTimer = setTimeout(() => this.#endOrphanedCalls(), MEDIA_GRACE_MS);
        this.#mediaGraceTimer.unref();
      }
      this.#changed();
      return;
    }
    clearTimeout(this.#mediaGraceTimer);
    for (const record of this.#calls.values()) {
      if (record.view.state !== 'active') continue;
      if (attachment.kind === 'resumed') {
        this.#patch(record, { recovering: false });
        continue;
      }
      // A new page: its engine has no peer connection for this call. The next offer comes from
      // a fresh one (new ICE credentials, new DTLS fingerprint), so restart ICE.
      this.#sdh(record)?.forgetPendingOffer();
      record.firstPacketAt = null;
      this.#renegotiate(record, { iceRestart: true })
        .then(async () => {
          if (record.view.muted) await this.#sdh(record)?.mute(true);
          this.#patch(record, { recovering: false });
        })
        .catch((error: unknown) => {
          log.warn(`could not renegotiate ${record.view.id} after the page came back: ${String(error)}`);
          void this.#end(record, 'failed');
        });
    }
    this.#changed();
  }

  /** The screen pop for a console without cached customers: the hub's answer patches the ringing call. */
  #lookupOnline(record: CallRecord, number: string): void {
    const lookup = this.#options.lookupCallerOnline;
    if (!lookup) return;
    lookup(number)
      .then((found) => {
        if (!found || found.length === 0 || record.view.customerId !== null || record.view.matches.length > 0) return;
        const matches = found.slice(0, MAX_CALLER_MATCHES).map((c) => ({ id: c.id, name: c.name, country: c.country, emails: [...c.emails] }));
        const customerId = matches.length === 1 ? (matches[0]?.id ?? null) : null;
        this.#patch(record, { matches, customerId });
        // The call's interaction was logged without a customer: link it now.
        if (customerId && record.logged) this.#log(record, 'link');
      })
      .catch((error: unknown) => log.warn(`the hub could not look up caller ${number}`, error));
  }

  /** No page came back to carry the audio: hang up properly instead of leaving the far end in silence. */
  #endOrphanedCalls(): void {
    if (this.bridge.attached) return;
    for (const record of this.#calls.values()) if (record.view.state !== 'ended') void this.#end(record, 'failed');
  }

  #logStart(record: CallRecord): void {
    record.logged = true;
    this.#log(record, 'start');
  }

  #logEnd(record: CallRecord): void {
    if (record.logged) this.#log(record, 'end');
  }

  #log(record: CallRecord, phase: CallLogEntry['phase']): void {
    try {
      this.#options.logCall({
        id: record.view.interactionId,
        phase,
        customerId: record.view.customerId,
        direction: record.view.direction,
        remoteNumber: record.view.remoteNumber,
        sipCallId: record.view.sipCallId,
        startedAt: record.view.startedAt,
        endedAt: record.view.endedAt,
        transfers: record.view.transfers,
      });
    } catch (error) {
      log.error(`could not log call ${record.view.id}`, error);
    }
  }

  #sdh(record: CallRecord): ProxySessionDescriptionHandler | undefined {
    return record.session.sessionDescriptionHandler as ProxySessionDescriptionHandler | undefined;
  }

  #uriFor(user: string): URI {
    const account = this.#account;
    const uri = account ? UserAgent.makeURI(`sip:${user}@${domainOf(account)}`) : undefined;
    if (!uri) throw new LoketError('phone.badNumber', { target: user });
    return uri;
  }

  #requireRegistered(): UserAgent {
    if (!this.#options.accounts.current()) throw new LoketError('phone.notConfigured');
    if (!this.#ua || this.#registration.state !== 'registered') throw new LoketError('phone.notRegistered');
    return this.#ua;
  }

  #requireCall(callId: string): CallRecord {
    const record = this.#calls.get(callId);
    if (!record || record.view.state === 'ended') throw new LoketError('phone.noCall');
    return record;
  }

  #requireActive(callId: string): CallRecord {
    const record = this.#requireCall(callId);
    if (record.view.state !== 'active') throw new LoketError('phone.wrongState');
    return record;
  }

  #patch(record: CallRecord, patch: Partial<CallView>): void {
    record.view = { ...record.view, ...patch };
    this.#changed();
  }

  // ---- presence and the status event ----

  #changed(): void {
    if (this.#disposed) return;
    this.#updatePresence();
    this.#options.events.emit('phone.changed', this.status());
  }

  #updatePresence(): void {
    const now = this.#now();
    const calls = [...this.#calls.values()];
    const next = derivePresence({
      chosen: this.#chosenPresence,
      registered: this.#registration.state === 'registered' || (this.#registration.state === 'reconnecting' && calls.some((c) => c.view.state === 'active')),
      onCall: calls.some((record) => record.view.state === 'active' || record.view.state === 'dialing'),
      lastCallEndedAt: calls.some((record) => record.view.state === 'ringing') ? null : this.#lastCallEndedAt,
      wrapUpSeconds: this.#options.settings().wrapUpSeconds,
      now,
    });
    clearTimeout(this.#presenceTimer);
    if (next.until !== null) {
      this.#presenceTimer = setTimeout(() => this.#changed(), Math.max(0, next.until - now) + 5);
      this.#presenceTimer.unref();
    }
    if (next.state === this.#presence.state && next.until === this.#presence.until) return;
    const stateChanged = next.state !== this.#presence.state;
    this.#presence = next;
    if (stateChanged) this.#options.publishPresence(HUB_PRESENCE[next.state]).catch(() => undefined);
  }
}

/**
 * A Refer-To target with URI headers (`?Replaces=…`): sip.js writes a URI target bare into the
 * Refer-To header, where the `?` must be inside angle brackets to parse (RFC 3261 §20.10).
 */
class ReferToWithHeaders extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

class RegistrationRefused extends Error {
  readonly code: 'phone.authFailed';
  readonly status: number;
  constructor(code: 'phone.authFailed', status: number) {
    super(`REGISTER refused: ${status}`);
    this.code = code;
    this.status = status;
  }
}

function reasonFromStatus(status: number): CallEndReason {
  if (status === 486 || status === 600) return 'busy';
  if (status === 404 || status === 604) return 'notFound';
  if (status === 480) return 'unavailable';
  if (status === 408) return 'noAnswer';
  if (status === 487) return 'cancelled';
  if (status === 603) return 'declined';
  return 'failed';
}

/** A failure from the media engine as the agent should read it. */
function mediaError(error: unknown): LoketError {
  if (error instanceof LoketError) return error;
  if (error instanceof MediaFailedError && /NotAllowed|NotFound|NotReadable|Overconstrained/.test(error.reason)) {
    return new LoketError('phone.microphoneBlocked', { reason: error.reason });
  }
  if (error instanceof MediaFailedError) return new LoketError('phone.callFailed', { status: 0 });
  return new LoketError('phone.noMedia');
}
