import { randomBytes } from 'node:crypto';
import { TokenResponse, type AgentProfile } from '../../common/hub/api.ts';
import type { HubStatus } from '../../common/contract/contract.ts';
import type { SecretVault } from '../cache/vault.ts';
import { Backoff } from '../sync/backoff.ts';
import { logoutAtHub, postAuth } from './auth-calls.ts';
import { errorBody, errorCode, HubRequestError, HubUnreachableError } from './hub-errors.ts';
import { jsonBody } from './json-body.ts';
import { forgetStoredSession, readStoredSession, writeStoredSession, type StoredSession } from './stored-session.ts';
import { createLogger } from '../log.ts';

export { HubRequestError, HubUnreachableError } from './hub-errors.ts';

const log = createLogger('hub');

/** How the console proves who it is: a password (the demo, `LOKET_HUB_*`) or an enrollment code (overflow agents). */
export type HubCredentials =
  | { readonly method: 'password'; readonly url: string; readonly email: string; readonly password: string }
  | { readonly method: 'enrollment'; readonly url: string; readonly code: string };

export interface HubSessionOptions {
  /** Sign in with these at start (and again whenever the session ends). */
  readonly credentials?: HubCredentials | undefined;
  /** Keeps the refresh token and the agent's profile between launches (none: sign in every launch). */
  readonly vault?: SecretVault | undefined;
  readonly fetch?: typeof fetch;
  readonly deviceName?: string;
}

const RETRY_START_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;

/** The hub refused to refresh this session (401): who it was, and the hub's code and reason. */
export interface SessionEnded {
  readonly url: string;
  /** The refused refresh token: good for nothing but the final report (`POST /auth/final-report`). */
  readonly refreshToken: string;
  readonly agent: AgentProfile;
  readonly code: string;
  readonly reason: string | null;
}

/**
 * The console's signed-in session with the team's hub: signs in (password or enrollment code),
 * keeps the access token fresh with the rotating refresh token, keeps that token (and who the
 * agent is) in the vault so a restart — even offline — knows the agent, and retries with
 * backoff while the hub is unreachable. The renderer sees only its status; tokens never leave main.
 */
export class HubSession {
  readonly #options: HubSessionOptions;
  readonly #fetch: typeof fetch;
  readonly #listeners = new Set<(status: HubStatus) => void>();
  readonly #tokenListeners = new Set<(url: string, tokens: TokenResponse) => void>();
  readonly #endedListeners = new Set<(ended: SessionEnded) => void>();
  #credentials: HubCredentials | null;
  #status: HubStatus = { state: 'off' };
  #session: StoredSession | null = null;
  #access: { token: string; expiresAt: number } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextAttemptAt: number | null = null;
  readonly #backoff = new Backoff(RETRY_START_MS, RETRY_MAX_MS);
  #stopped = false;
  /**
   * Moves on every sign-in, sign-out and stop: an answer to a sign-in or refresh sent before it
   * is dropped. Without it a sign-in still in flight when access ended (the wipe signs out)
   * signed the wiped console in again when its answer came.
   */
  #generation = 0;
  #refreshing: Promise<boolean> | null = null;

  constructor(options: HubSessionOptions = {}) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
    this.#credentials = options.credentials ?? null;
  }

  status(): HubStatus {
    return this.#status;
  }

  /** The signed-in agent (also while offline after a restart), or null. */
  agent(): AgentProfile | null {
    return this.#session?.agent ?? null;
  }

  url(): string | null {
    return this.#session?.url ?? this.#credentials?.url ?? null;
  }

  /** The current access token, when one is valid. */
  accessToken(): string | null {
    return this.#access && this.#access.expiresAt > Date.now() ? this.#access.token : null;
  }

  onChange(listener: (status: HubStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every accepted sign-in or refresh answer (its `lease` feeds the hub clock: main/access/). */
  onTokens(listener: (url: string, tokens: TokenResponse) => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  /** The hub refused to refresh the session (revoked, access ended): told before the session is forgotten. */
  onSessionEnded(listener: (ended: SessionEnded) => void): () => void {
    this.#endedListeners.add(listener);
    return () => this.#endedListeners.delete(listener);
  }

  /** The current refresh token (for the final report when access ends by the clock), or null. */
  refreshToken(): string | null {
    return this.#session?.refreshToken ?? null;
  }

  /** Whether a sign-in would happen by itself (credentials from the environment). */
  hasCredentials(): boolean {
    return this.#credentials !== null;
  }

  /** Resumes the stored session, or signs in with the configured credentials. */
  start(): void {
    this.#stopped = false;
    const stored = readStoredSession(this.#options.vault);
    if (this.#credentials && (!stored || stored.url !== this.#credentials.url)) {
      this.#set({ state: 'connecting', url: this.#credentials.url });
      this.#schedule(0);
      return;
    }
    if (stored) {
      this.#session = stored;
      this.#setSignedIn();
      this.#schedule(0); // refresh for an access token
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#generation += 1;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Signs in now with these credentials (from the console's sign-in form); resolves with the outcome. */
  async signIn(credentials: HubCredentials): Promise<HubStatus> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#stopped = false;
    this.#generation += 1;
    this.#credentials = null; // a password typed into the form is used once, never kept
    this.#session = null;
    this.#access = null;
    this.#set({ state: 'connecting', url: credentials.url });
    await this.#login(credentials, false);
    return this.#status;
  }

  /** Ends the session at the hub (best effort) and forgets it here. */
  async signOut(): Promise<HubStatus> {
    const session = this.#session;
    const token = this.accessToken();
    this.stop();
    this.#credentials = null;
    this.#session = null;
    this.#access = null;
    forgetStoredSession(this.#options.vault);
    if (session && token) await logoutAtHub(this.#fetch, session.url, token);
    this.#set({ state: 'off' });
    return this.#status;
  }

  /**
   * An authorised request to the hub. A 401 refreshes the access token once and repeats the
   * request. Throws `HubRequestError` for an answer other than 2xx, `HubUnreachableError` otherwise.
   */
  async request(method: string, path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const session = this.#session;
      if (!session) throw new HubUnreachableError('not signed in');
      let token = this.accessToken();
      if (!token) {
        if (!(await this.#refresh())) throw new HubUnreachableError('no access token');
        token = this.accessToken();
      }
      let response: Response;
      try {
        response = await this.#fetch(new URL(path, session.url), {
          method,
          headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new HubUnreachableError(error instanceof Error ? error.message : String(error));
      }
      if (response.status === 401 && attempt === 0) {
        this.#access = null;
        continue;
      }
      if (!response.ok) throw new HubRequestError(response.status, await errorCode(response));
      return response.status === 204 ? null : await jsonBody(response);
    }
    throw new HubRequestError(401, 'auth.required');
  }

  /**
   * The hub's URL and a valid access token, for requests sent from a worker thread (the first
   * sync's fetcher). Null when this session's requests go through an injected fetch, which a
   * worker cannot use. `refused`: the token the hub just refused (a new one is fetched unless
   * that happened meanwhile). Throws `HubUnreachableError` like `request` when none is at hand.
   */
  async bearer(refused?: string): Promise<{ url: string; token: string } | null> {
    if (this.#options.fetch) return null;
    const session = this.#session;
    if (!session) throw new HubUnreachableError('not signed in');
    if (refused !== undefined && this.#access?.token === refused) this.#access = null;
    const token = this.accessToken() ?? ((await this.#refresh()) ? this.accessToken() : null);
    if (!token) throw new HubUnreachableError('no access token');
    return { url: session.url, token };
  }

  // ---- internals ----

  #store(): void {
    if (this.#session) writeStoredSession(this.#options.vault, this.#session);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#nextAttemptAt = Date.now() + delayMs;
    this.#timer = setTimeout(() => {
      this.#nextAttemptAt = null;
      void this.#tick();
    }, delayMs);
    this.#timer.unref?.();
  }

  #cancelSchedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextAttemptAt = null;
  }

  /** When the session will next talk to the hub by itself (null: not until the agent acts). */
  nextAttemptAt(): number | null {
    return this.#nextAttemptAt;
  }

  async #tick(): Promise<void> {
    if (this.#session) {
      await this.#refresh();
    } else if (this.#credentials) {
      await this.#login(this.#credentials, true);
    }
  }

  /** One refresh at a time; true when a fresh access token is at hand. */
  #refresh(): Promise<boolean> {
    this.#refreshing ??= this.#doRefresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #doRefresh(): Promise<boolean> {
    const session = this.#session;
    if (!session) return false;
    if (!session.retryKey) {
      session.retryKey = randomBytes(24).toString('base64url');
      this.#store();
    }
    try {
      const generation = this.#generation;
      const response = await postAuth(this.#fetch, session.url, '/auth/refresh', { refreshToken: session.refreshToken, retryKey: session.retryKey });
      if (generation !== this.#generation) return false; // signed out or in anew meanwhile
      if (response.status === 401) {
        // The session ended (revoked, expired): sign in again if we can, else say so.
        log.warn('the hub ended this session');
        const refusal = await errorBody(response);
        this.#session = null;
        this.#access = null;
        forgetStoredSession(this.#options.vault);
        const ended: SessionEnded = { url: session.url, refreshToken: session.refreshToken, agent: session.agent, code: refusal.code, reason: refusal.reason };
        for (const listener of this.#endedListeners) listener(ended);
        if (this.#credentials) {
          this.#schedule(0);
        } else {
          this.#set({ state: 'error', url: session.url, code: refusal.code });
        }
        return false;
      }
      if (!response.ok) throw new HubRequestError(response.status, await errorCode(response));
      const tokens = TokenResponse.parse(await response.json());
      if (generation !== this.#generation) return false;
      this.#accept(session.url, tokens);
      return true;
    } catch (error) {
      // Offline: keep the session (the agent stays signed in), try again with backoff.
      log.warn(`hub ${session.url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
      this.#retry();
      return false;
    }
  }

  async #login(credentials: HubCredentials, retry: boolean): Promise<void> {
    const deviceName = this.#options.deviceName ?? 'Loket console';
    const generation = this.#generation;
    try {
      const response =
        credentials.method === 'password'
          ? await postAuth(this.#fetch, credentials.url, '/auth/login', { email: credentials.email, password: credentials.password, deviceName })
          : await postAuth(this.#fetch, credentials.url, '/auth/enroll', { code: credentials.code, deviceName });
      if (generation !== this.#generation) return; // signed out or in anew meanwhile
      if (!response.ok) {
        const refusal = await errorBody(response);
        this.#set({ state: 'error', url: credentials.url, code: refusal.code });
        if (!retry) return;
        if (response.status === 429) {
          // The hub slows sign-ins per account: come back when it says, not sooner.
          this.#schedule(Math.max(RETRY_START_MS, (refusal.retryAfter ?? RETRY_MAX_MS / 1000) * 1000));
        } else if (response.status >= 500 || response.status === 408) {
          this.#retry();
        } else {
          // A wrong password, a spent code, an ended access: the same credentials cannot succeed,
          // and repeating them would lock the account (the hub counts failures per account).
          // The agent signs in again from Settings.
          log.warn(`the hub refused the sign-in (${response.status} ${refusal.code}); not retrying with the same credentials`);
          this.#cancelSchedule();
        }
        return;
      }
      const tokens = TokenResponse.parse(await response.json());
      if (generation !== this.#generation) return;
      this.#accept(credentials.url, tokens);
    } catch (error) {
      if (generation !== this.#generation) return;
      log.warn(`hub ${credentials.url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
      this.#set({ state: 'error', url: credentials.url, code: 'hub.unreachable' });
      if (retry) this.#retry();
    }
  }

  #accept(url: string, tokens: TokenResponse): void {
    this.#backoff.reset();
    this.#session = { url, refreshToken: tokens.refreshToken, agent: tokens.agent };
    this.#access = { token: tokens.accessToken, expiresAt: Date.parse(tokens.accessExpiresAt) };
    this.#store();
    for (const listener of this.#tokenListeners) listener(url, tokens);
    this.#setSignedIn();
    const refreshIn = this.#access.expiresAt - Date.now() - REFRESH_MARGIN_MS;
    this.#schedule(Math.max(5_000, refreshIn));
  }

  #setSignedIn(): void {
    const session = this.#session;
    if (!session) return;
    const { displayName, role, email } = session.agent;
    const current = this.#status;
    if (current.state === 'signedIn' && current.url === session.url && current.agent.email === email && current.agent.role === role) return;
    this.#set({ state: 'signedIn', url: session.url, agent: { displayName, role, email } });
  }

  #retry(): void {
    this.#schedule(this.#backoff.next());
  }

  #set(status: HubStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}
