import { z } from 'zod';
import { TokenResponse } from '../../common/hub/api.ts';
import type { HubStatus } from '../../common/contract/contract.ts';
import { createLogger } from '../log.ts';

const log = createLogger('hub');

export interface HubSessionOptions {
  readonly url: string;
  readonly email: string;
  readonly password: string;
  readonly fetch?: typeof fetch;
}

const RETRY_START_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

const HubErrorBody = z.object({ code: z.string() });

/**
 * The console's signed-in session with the team's hub: logs in, keeps the access token fresh
 * with the rotating refresh token, and retries with backoff while the hub is unreachable. The
 * renderer sees only its status; tokens never leave main.
 */
export class HubSession {
  readonly #options: HubSessionOptions;
  readonly #fetch: typeof fetch;
  readonly #listeners = new Set<(status: HubStatus) => void>();
  #status: HubStatus;
  #tokens: TokenResponse | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #stopped = false;

  constructor(options: HubSessionOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
    this.#status = { state: 'connecting', url: options.url };
  }

  status(): HubStatus {
    return this.#status;
  }

  /** The current access token, for later hub clients (sync, events). */
  accessToken(): string | null {
    return this.#tokens?.accessToken ?? null;
  }

  onChange(listener: (status: HubStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#signIn(), delayMs);
    this.#timer.unref?.();
  }

  async #signIn(): Promise<void> {
    const refreshing = this.#tokens !== null;
    try {
      const response = refreshing
        ? await this.#post('/auth/refresh', { refreshToken: this.#tokens?.refreshToken })
        : await this.#post('/auth/login', { email: this.#options.email, password: this.#options.password, deviceName: 'Loket console' });
      if (response.status === 401 && refreshing) {
        this.#tokens = null; // the session ended (revoked, expired): sign in again
        return this.#schedule(0);
      }
      if (!response.ok) {
        const body = HubErrorBody.safeParse(await response.json().catch(() => null));
        const code = body.success ? body.data.code : `http.${response.status}`;
        this.#set({ state: 'error', url: this.#options.url, code });
        return this.#retry();
      }
      this.#tokens = TokenResponse.parse(await response.json());
      this.#attempt = 0;
      const agent = this.#tokens.agent;
      this.#set({ state: 'signedIn', url: this.#options.url, agent: { displayName: agent.displayName, role: agent.role, email: agent.email } });
      const refreshIn = Date.parse(this.#tokens.accessExpiresAt) - Date.now() - REFRESH_MARGIN_MS;
      this.#schedule(Math.max(5_000, refreshIn));
    } catch (error) {
      log.warn(`hub ${this.#options.url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
      this.#set({ state: 'error', url: this.#options.url, code: 'hub.unreachable' });
      this.#retry();
    }
  }

  #retry(): void {
    const delay = Math.min(RETRY_MAX_MS, RETRY_START_MS * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
    this.#attempt += 1;
    this.#schedule(delay);
  }

  #post(path: string, body: unknown): Promise<Response> {
    return this.#fetch(new URL(path, this.#options.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  #set(status: HubStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}
