import { Registerer, RegistererState, SIPExtension, UserAgent, type Invitation, type URI } from 'sip.js';
import type { Settings } from '../../common/contract/contract.ts';
import type { Registration } from '../../common/contract/telephony.ts';
import { LoketError, type ErrorCode } from '../../common/errors.ts';
import { createLogger } from '../log.ts';
import type { MediaBridge } from './media-bridge.ts';
import { ProxySessionDescriptionHandler } from './proxy-sdh.ts';
import { isUnreachable, listeningAddress, watchPort } from './server-watch.ts';
import { domainOf, type SipAccount, type SipAccountStore } from './sip-account.ts';
import type { SoftphoneTimings } from './timings.ts';
import { TransportLostError, WsTransport, type WsTransportOptions } from './ws-transport.ts';

const log = createLogger('softphone');

const REGISTER_EXPIRES_S = 300;
const REGISTER_TIMEOUT_MS = 10_000;

export interface SipRegistrationOptions {
  readonly accounts: SipAccountStore;
  readonly settings: () => Settings;
  readonly bridge: MediaBridge;
  readonly timings: SoftphoneTimings;
  readonly now: () => number;
  readonly onInvite: (invitation: Invitation) => void;
  /** The connection to the SIP server went away (live calls are now recovering). */
  readonly onConnectionLost: () => void;
  /** Registered (again): dialogs may be repaired over the new connection. */
  readonly onRegistered: () => void;
  readonly onChange: (registration: Registration) => void;
}

/**
 * Registration and transport: the UserAgent on our own WebSocket transport (keep-alives that
 * expect an answer), REGISTER with digest auth, one attempt at a time, and reconnecting with
 * backoff — quick while an outage is fresh, gentler once it lasts. While the server's port
 * refuses connections it is watched (`server-watch.ts`), so the REGISTER goes out as soon as the
 * server is back rather than at the end of a back-off step; at most one such early attempt per
 * step, so a server that answers but refuses still gets only the back-off's pace.
 */
export class SipRegistration {
  readonly #options: SipRegistrationOptions;
  #ua: UserAgent | null = null;
  #registerer: Registerer | null = null;
  #account: SipAccount | null = null;
  #registration: Registration;
  /** The agent switched the phone off: do not reconnect. */
  #wanted = true;
  #bringUp: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopWatch: (() => void) | null = null;
  /** The running attempt was started by the port answering, not by the back-off timer. */
  #earlyAttempt = false;
  #attempt = 0;
  #outageSince: number | null = null;
  #lastFailure: string | null = null;
  #disposed = false;

  constructor(options: SipRegistrationOptions) {
    this.#options = options;
    this.#registration = { state: 'unconfigured', error: null, since: options.now(), retryAt: null, aor: null };
  }

  get view(): Registration {
    return this.#registration;
  }

  async register(): Promise<void> {
    this.#wanted = true;
    const account = this.#options.accounts.current();
    if (!account) {
      this.#setRegistration({ state: 'unconfigured', error: null, retryAt: null });
      return;
    }
    // The store hands out a fresh object each time: compare what it says, not its identity.
    if (this.#registration.state === 'failed' || JSON.stringify(this.#account) !== JSON.stringify(account)) await this.#teardown(false);
    this.#account = account;
    await this.#connectAndRegister();
  }

  async unregister(): Promise<void> {
    this.#wanted = false;
    this.#cancelRetry();
    await this.#teardown(true);
    this.#setRegistration({ state: this.#options.accounts.current() ? 'unregistered' : 'unconfigured', error: null, retryAt: null });
  }

  /** The account changed (Settings, or the hub's): start over with it. */
  async restart(): Promise<void> {
    this.#cancelRetry();
    await this.#teardown(true);
    this.#attempt = 0;
    if (this.#wanted) await this.register().catch(() => undefined);
  }

  /** Stop reconnecting; `close` then unregisters and stops the UserAgent. */
  stop(): void {
    this.#disposed = true;
    this.#wanted = false;
    this.#cancelRetry();
  }

  close(): Promise<void> {
    return this.#teardown(true);
  }

  requireRegistered(): UserAgent {
    if (!this.#options.accounts.current()) throw new LoketError('phone.notConfigured');
    if (!this.#ua || this.#registration.state !== 'registered') throw new LoketError('phone.notRegistered');
    return this.#ua;
  }

  /** A user (number, extension) at our SIP domain; `display` names it in the refusal. */
  uriFor(user: string, display = user): URI {
    const account = this.#account;
    const uri = account ? UserAgent.makeURI(`sip:${user}@${domainOf(account)}`) : undefined;
    if (!uri) throw new LoketError('phone.badNumber', { target: display });
    return uri;
  }

  /** The UserAgent while one exists (a REFER is followed only then). */
  get userAgent(): UserAgent | null {
    return this.#ua;
  }

  #ensureUserAgent(account: SipAccount): UserAgent {
    if (this.#ua) return this.#ua;
    const { timings, bridge, settings } = this.#options;
    const domain = domainOf(account);
    const uri = UserAgent.makeURI(`sip:${account.username}@${domain}`);
    if (!uri) throw new LoketError('request.invalid', { field: 'username' });
    const transportOptions: WsTransportOptions = {
      server: account.server,
      connectionTimeoutMs: timings.connectionTimeoutMs,
      keepAliveIntervalMs: timings.keepAliveIntervalMs,
      keepAliveTimeoutMs: timings.keepAliveTimeoutMs,
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
          bridge,
          mediaDefaults: () => ({ iceServers: settings().iceServers, iceGatheringTimeoutMs: timings.iceGatheringTimeoutMs }),
        }),
      delegate: {
        onInvite: (invitation) => this.#options.onInvite(invitation),
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
    const early = this.#earlyAttempt;
    this.#earlyAttempt = false;
    this.#cancelRetry();
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
      // Nobody listening: watch for the server's return. Not after an early attempt failed
      // (the port answers, the server does not serve): the back-off alone then.
      this.#scheduleReconnect('phone.serverUnreachable', !early && isUnreachable(error));
      return;
    }
    this.#attempt = 0;
    this.#outageSince = null;
    this.#lastFailure = null;
    this.#setRegistration({ state: 'registered', error: null, retryAt: null });
    this.#options.onRegistered();
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
    this.#options.onConnectionLost();
    this.#scheduleReconnect(code, true);
  }

  /** The next attempt after the back-off step; sooner if `watch` and the server's port answers first. */
  #scheduleReconnect(error: ErrorCode, watch = false): void {
    if (!this.#wanted || this.#disposed) return;
    this.#cancelRetry();
    const { timings } = this.#options;
    const now = this.#options.now();
    this.#outageSince ??= now;
    const fast = now - this.#outageSince < timings.reconnectFastForMs;
    const base = fast
      ? Math.min(timings.reconnectFastMs, timings.reconnectFirstMs * 2 ** this.#attempt)
      : Math.min(timings.reconnectSlowMaxMs, timings.reconnectFastMs * 2 ** Math.max(0, this.#attempt - 3));
    const delay = Math.round(base * (0.8 + Math.random() * 0.2));
    this.#attempt += 1;
    this.#setRegistration({ state: 'reconnecting', error: error as Registration['error'], retryAt: now + delay });
    this.#retryTimer = setTimeout(() => void this.#connectAndRegister(), delay);
    const address = watch && this.#account ? listeningAddress(this.#account.server) : null;
    if (address) {
      this.#stopWatch = watchPort(address, {
        intervalMs: fast ? timings.serverWatchFastMs : timings.serverWatchSlowMs,
        onAnswer: () => {
          this.#stopWatch = null;
          this.#earlyAttempt = true;
          void this.#connectAndRegister();
        },
      });
    }
  }

  #cancelRetry(): void {
    clearTimeout(this.#retryTimer);
    this.#stopWatch?.();
    this.#stopWatch = null;
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
    const since = next.state === this.#registration.state ? this.#registration.since : this.#options.now();
    this.#registration = { ...next, since, aor };
    this.#options.onChange(this.#registration);
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
