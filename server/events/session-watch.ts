import type { WebSocket } from 'ws';
import { accessEnd } from '../api/auth-rows.ts';
import type { Caller } from '../api/auth.ts';
import type { HubContext } from '../api/route.ts';
import type { Role } from '../../common/hub/roles.ts';
import { onSessionChange } from './bus.ts';

/** Close code of a socket whose session ended (like HTTP 401); the close reason is the hub error code. */
export const SESSION_ENDED = 4401;
/**
 * Safety net for ends nobody announced (a row changed by hand, a role changed, a notification
 * lost while the LISTEN connection was down): every socket is checked again this often.
 */
const SWEEP_MS = 30_000;
/** setTimeout's ceiling is about 24.8 days; an access end further away is reached in steps. */
const MAX_TIMER_MS = 86_400_000;

interface Watched {
  readonly caller: Caller;
  /** The access end the timer is armed for (ms since the epoch), or null. */
  end: number | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Keeps every live-events socket tied to its session family and ends it with that family: on
 * logout, device revocation, a disabled agent, a reused refresh token (announced by whichever
 * instance did it, `announceSessionChange`), and at an overflow agent's access end (a timer,
 * re-armed when the end moves). A refresh rotates the family's session and ends nothing.
 */
export class SessionWatch {
  readonly #hub: HubContext;
  readonly #onEnd: (socket: WebSocket, reason: 'auth.revoked' | 'auth.expired') => void;
  readonly #sockets = new Map<WebSocket, Watched>();
  #announcements = 0;
  #checking: Promise<void> | null = null;
  #again = false;
  #unlisten: (() => Promise<void>) | null = null;
  #sweep: ReturnType<typeof setInterval> | null = null;

  constructor(hub: HubContext, onEnd: (socket: WebSocket, reason: 'auth.revoked' | 'auth.expired') => void) {
    this.#hub = hub;
    this.#onEnd = onEnd;
  }

  async start(): Promise<void> {
    this.#unlisten = await onSessionChange(this.#hub.db, () => {
      this.#announcements += 1;
      void this.recheck();
    });
    this.#sweep = setInterval(() => void this.recheck(), SWEEP_MS);
    this.#sweep.unref();
  }

  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    await this.#unlisten?.();
    for (const watched of this.#sockets.values()) if (watched.timer) clearTimeout(watched.timer);
    this.#sockets.clear();
    await this.#checking;
  }

  /**
   * How many announcements arrived so far. A socket's opener reads it before authenticating and
   * calls `recheck` if it moved before `add`: an end announced in between is not missed.
   */
  get announcements(): number {
    return this.#announcements;
  }

  add(socket: WebSocket, caller: Caller): void {
    const watched: Watched = { caller, end: null, timer: null };
    this.#sockets.set(socket, watched);
    this.#arm(watched, caller.accessExpiresAt);
  }

  remove(socket: WebSocket): void {
    const watched = this.#sockets.get(socket);
    if (watched?.timer) clearTimeout(watched.timer);
    this.#sockets.delete(socket);
  }

  /** Asks the database about every watched socket's session; bursts of wake-ups make one more check. */
  recheck(): Promise<void> {
    if (this.#checking) {
      this.#again = true;
      return this.#checking;
    }
    this.#checking = (async () => {
      do {
        this.#again = false;
        await this.#check();
      } while (this.#again);
    })()
      .catch((error: unknown) => console.error('[hub] session check failed', error))
      .finally(() => {
        this.#checking = null;
      });
    return this.#checking;
  }

  async #check(): Promise<void> {
    if (this.#sockets.size === 0) return;
    const entries = [...this.#sockets];
    const families = [...new Set(entries.map(([, w]) => w.caller.familyId))];
    const agentIds = [...new Set(entries.map(([, w]) => w.caller.agentId))];
    const now = this.#hub.now();
    // A family lives while one of its sessions does (a refresh revokes the old one and opens the next).
    const live = await this.#hub.db.query<{ id: string }>(
      `select f.id from unnest($1::uuid[]) as f(id) where exists (
         select 1 from auth_session s left join device d on d.id = s.device_id
         where s.family_id = f.id and s.revoked_at is null and s.expires_at > $2 and d.revoked_at is null)`,
      [families, now],
    );
    const agents = await this.#hub.db.query<{ id: string; role: Role; access_expires_at: Date | null; disabled_at: Date | null }>(
      'select id, role, access_expires_at, disabled_at from agent where id = any($1::uuid[])',
      [agentIds],
    );
    const liveFamilies = new Set(live.map((row) => row.id));
    const byId = new Map(agents.map((agent) => [agent.id, agent]));
    for (const [socket, watched] of entries) {
      if (!this.#sockets.has(socket)) continue; // closed meanwhile
      const agent = byId.get(watched.caller.agentId);
      const end = agent ? accessEnd(agent) : null;
      // A changed role ends the socket too: what it may receive was decided for the old role.
      if (!agent || agent.disabled_at || agent.role !== watched.caller.role || !liveFamilies.has(watched.caller.familyId)) {
        this.#end(socket, 'auth.revoked');
      } else if (end && end <= now) {
        this.#end(socket, 'auth.expired');
      } else {
        this.#arm(watched, end);
      }
    }
  }

  #arm(watched: Watched, end: Date | null): void {
    const at = end?.getTime() ?? null;
    if (at !== null && watched.end === at && watched.timer) return;
    if (watched.timer) clearTimeout(watched.timer);
    watched.timer = null;
    watched.end = at;
    if (at === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(1, at - this.#hub.now().getTime()));
    watched.timer = setTimeout(() => {
      watched.timer = null;
      void this.recheck();
    }, delay);
    watched.timer.unref();
  }

  #end(socket: WebSocket, reason: 'auth.revoked' | 'auth.expired'): void {
    this.remove(socket);
    this.#onEnd(socket, reason);
  }
}
