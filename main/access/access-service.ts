import type { AccessStatus, EndReason } from '../../common/contract/access.ts';
import { parseEnrollLink } from '../../common/links/enroll-link.ts';
import type { HubSession, SessionEnded } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { endAccess, type AccessEndPorts, type EndedStatus } from './access-end.ts';
import type { EndedNoteFile } from './ended-note.ts';
import { runEnrollment, type EnrollmentPorts } from './enrollment.ts';
import type { LeaseKeeper } from './lease-keeper.ts';

const log = createLogger('access');

/** The clock is looked at this often (and on every status change). */
export const CHECK_EVERY_MS = 60_000;

/** What other features may ask of the access life cycle (the links service opens enrollment links through it). */
export interface AccessPort {
  enroll(link: string): Promise<AccessStatus>;
}

export interface AccessServiceOptions {
  readonly hub: HubSession;
  readonly leases: LeaseKeeper;
  readonly note: EndedNoteFile;
  readonly enrollment: EnrollmentPorts;
  /** The end's ports; `report` gets the hub and refresh token of the session that ended. */
  readonly end: (context: EndContext) => AccessEndPorts;
  readonly emit: (status: AccessStatus) => void;
  /**
   * Asks the hub for a fresh lease now; true when one verified. Before an offline lock the hub
   * gets this one chance: a laptop back from a long weekend that reaches the hub is not offline.
   */
  readonly confirmOnline: () => Promise<boolean>;
  readonly checkEveryMs?: number;
}

/** Whose access ends: the hub to report to and the refresh token to report with. */
export interface EndContext {
  readonly hub: string | null;
  readonly refreshToken: string | null;
}

type Held =
  | Extract<AccessStatus, { state: 'enrolling' | 'ready' | 'failed' | 'ending' | 'ended' }>
  | null;

/** The hub's refusal of a refresh that means access is over (not a mere expired token). */
export function endReasonOf(ended: Pick<SessionEnded, 'code' | 'reason'>): EndReason | null {
  if (ended.code === 'auth.revoked') return 'revoked';
  if (ended.code === 'auth.expired' && ended.reason === 'access') return 'expired';
  return null;
}

/**
 * The console's access life cycle (`access.*`): none → enrolling → ready → (one confirm) → active
 * → ending → ended → none. Between the held states it follows the hub session (`active` for
 * everyone signed in, password agents too). Access ends when the hub refuses the session
 * (revoked, access ended) or when the hub clock says so (expired, offline too long); the end
 * runs `access-end.ts` once.
 */
export class AccessService implements AccessPort {
  readonly #options: AccessServiceOptions;
  #held: Held = null;
  #last = '';
  #ending: Promise<EndedStatus> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #confirming: Promise<void> | null = null;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(options: AccessServiceOptions) {
    this.#options = options;
  }

  /** Reads the note of an earlier end (a restart after the wipe still says why) and starts watching. */
  async start(): Promise<void> {
    const ended = await this.#options.note.read();
    if (ended && !this.#options.hub.agent()) this.#held = ended;
    const { hub, leases } = this.#options;
    this.#unsubscribe.push(
      hub.onChange(() => this.#check()),
      hub.onSessionEnded((ended) => {
        const reason = endReasonOf(ended);
        if (reason) this.#end(reason, { hub: ended.url, refreshToken: ended.refreshToken });
      }),
      hub.onTokens((url, tokens) => {
        if (tokens.lease) void leases.accept(url, tokens.lease).then(() => this.#check());
      }),
    );
    await leases.ready();
    this.#timer = setInterval(() => this.#check(), this.#options.checkEveryMs ?? CHECK_EVERY_MS);
    this.#timer.unref?.();
    this.#check();
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  status(): AccessStatus {
    if (this.#held) return this.#held;
    const { hub, leases } = this.#options;
    const agent = hub.agent();
    const url = hub.url();
    if (agent && url) {
      const verdict = leases.verdict();
      const accessEndsAt = leases.clock.lease?.claims.accessExpiresAt ?? agent.accessExpiresAt;
      const endingSoon = verdict.state === 'ok' ? verdict.endingSoon : accessEndsAt !== null && Date.parse(accessEndsAt) - Date.now() <= 3 * 86_400_000;
      return { state: 'active', hub: url, agentName: agent.displayName, accessEndsAt, endingSoon };
    }
    // Credentials from the environment (the demo's `npm start`): signing in by itself, not a fresh install.
    if (hub.hasCredentials() && url) return { state: 'active', hub: url, agentName: '', accessEndsAt: null, endingSoon: false };
    return { state: 'none' };
  }

  /** Enrolls with a link: answers at once (`enrolling` or `failed`); the steps follow as `access.changed`. */
  async enroll(link: string): Promise<AccessStatus> {
    const current = this.status();
    // A link from outside never signs a working agent out or points the console at another hub:
    // while someone is signed in (or enrolment or the end is under way) it is ignored.
    if (current.state === 'enrolling' || current.state === 'ending' || current.state === 'ready' || current.state === 'active') {
      log.warn(`an enrollment link was ignored: the console is ${current.state}`);
      return current;
    }
    const parsed = parseEnrollLink(link);
    if (!parsed.ok) return this.#hold({ state: 'failed', hub: null, code: 'link.invalid', reason: parsed.reason });
    if (current.state === 'ended') await this.#options.note.clear();
    this.#ending = null;
    this.#hold({ state: 'enrolling', hub: parsed.hub, step: 'signingIn', progress: null });
    void runEnrollment(parsed.hub, parsed.code, this.#options.enrollment, (status) => this.#hold(status))
      .catch((error: unknown) => {
        log.error('enrollment failed', error);
        return { state: 'failed' as const, hub: parsed.hub, code: 'internal' as const };
      })
      .then((outcome) => this.#hold(outcome));
    return this.status();
  }

  /** The agent's one confirm on the ready screen. */
  confirm(): AccessStatus {
    if (this.#held?.state === 'ready') this.#release();
    return this.status();
  }

  /** The agent read the "access ended" (or "enrollment failed") screen. */
  async acknowledge(): Promise<AccessStatus> {
    if (this.#held?.state === 'ended') {
      await this.#options.note.clear();
      this.#ending = null;
    }
    if (this.#held?.state === 'ended' || this.#held?.state === 'failed') this.#release();
    return this.status();
  }

  /** The end of access under way or done (until the agent acknowledges it), or null. */
  ending(): Promise<EndedStatus> | null {
    return this.#ending;
  }

  /** Looks at the hub clock now (also every minute and on every session change). */
  check(): void {
    this.#check();
  }

  /** Resolves once a check's question to the hub (before an offline lock) has its answer. */
  async checked(): Promise<void> {
    await this.#confirming;
  }

  #check(): void {
    // Signed in another way (a password on the first screen) after an end or a failed link: the
    // console follows the session again; the note of the end is spent.
    if ((this.#held?.state === 'ended' || this.#held?.state === 'failed') && this.#options.hub.status().state === 'signedIn') {
      if (this.#held.state === 'ended') void this.#options.note.clear();
      this.#held = null;
      this.#ending = null;
    }
    const held = this.#held?.state;
    if (held !== 'ending' && held !== 'ended' && held !== 'enrolling') {
      const verdict = this.#options.leases.verdict();
      const { hub } = this.#options;
      if (verdict.state === 'expired' && hub.agent()) {
        this.#end('expired', { hub: hub.url(), refreshToken: hub.refreshToken() });
        return;
      }
      if (verdict.state === 'offline' && hub.agent()) {
        this.#confirmOrLock();
        return;
      }
    }
    this.#emitIfChanged();
  }

  /** The hub clock says offline too long: one try at the hub for a fresh lease, else the lock. */
  #confirmOrLock(): void {
    if (this.#confirming) return;
    const { hub } = this.#options;
    const context = { hub: hub.url(), refreshToken: hub.refreshToken() };
    this.#confirming = this.#options
      .confirmOnline()
      .catch(() => false)
      .then((online) => {
        this.#confirming = null;
        if (online && this.#options.leases.verdict().state !== 'offline') {
          this.#check();
          return;
        }
        // Refused meanwhile (revoked, expired): that end is already under way with its own reason.
        if (this.#ending || !hub.agent()) return;
        this.#end('offline', context);
      });
  }

  #end(reason: EndReason, context: EndContext): void {
    if (this.#ending) return;
    log.warn(`access ends: ${reason}`);
    this.#ending = endAccess(reason, this.#options.end(context), (status) => this.#hold(status)).then(
      (ended) => {
        this.#hold(ended);
        return ended;
      },
      (error: unknown) => {
        // The wipe itself failed: stay locked rather than show the console over half-deleted data.
        log.error('the end of access failed', error);
        this.#ending = null;
        throw error;
      },
    );
    this.#ending.catch(() => undefined);
  }

  #hold(status: NonNullable<Held>): AccessStatus {
    this.#held = status;
    this.#emitIfChanged();
    return status;
  }

  #release(): void {
    this.#held = null;
    this.#emitIfChanged();
  }

  #emitIfChanged(): void {
    const status = this.status();
    const serialised = JSON.stringify(status);
    if (serialised === this.#last) return;
    this.#last = serialised;
    this.#options.emit(status);
  }
}
