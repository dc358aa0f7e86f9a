import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { COBROWSE_CLOSE, type CobrowseControl, type CobrowseEndReason, type CobrowsePage, type CobrowseState, type StateMessage } from '../../common/cobrowse/protocol.ts';
import type { CobrowseStartResponse } from '../../common/hub/cobrowse.ts';
import { auditAction } from '../api/audit.ts';
import type { Caller } from '../api/auth.ts';
import { HubError } from '../api/errors.ts';
import type { HubContext } from '../api/route.ts';

/** What the co-browse relay uses of the hub (it is built before the context that holds it). */
export type CobrowseHub = Pick<HubContext, 'db' | 'auth' | 'now'>;
import type { Doorbell } from './doorbell.ts';
import { DEFAULT_LIMITS, type CobrowseLimits } from './limits.ts';
import {
  agentFirstName, endOrphans, expireCodes, forgetInstance, heartbeatInstance, holdSession, insertSession, markEnded, newCustomerKey, openSessionsOf, readSession, type SessionRow,
} from './session-store.ts';
import type { CobrowseSignals } from './signals.ts';

// The co-browse relay's sessions: which sockets each live session has on this instance, its
// state machine and its timers. The hub judges every step; the row (session-store.ts) is written
// before the sockets are told. Page content only passes through (customer-socket.ts,
// agent-socket.ts): never parsed beyond its type, never stored, never logged.

export interface CobrowseOptions {
  /** No frame either way for this long ends a consented session (`idle`). */
  readonly idleMs: number;
  /** A page gone (navigating) may resume this long (`customer_left` after). */
  readonly awayGraceMs: number;
  /** The agent's socket may be gone this long (`agent_left` after). */
  readonly agentGraceMs: number;
  /** The code (and a doorbell request) is good this long (`code_expired` after). */
  readonly codeTtlMs: number;
  readonly limits: CobrowseLimits;
  /** The heartbeat's ping interval. */
  readonly pingMs: number;
}

export const DEFAULT_COBROWSE: CobrowseOptions = {
  idleMs: 10 * 60_000,
  awayGraceMs: 60_000,
  agentGraceMs: 2 * 60_000,
  codeTtlMs: 10 * 60_000,
  limits: DEFAULT_LIMITS,
  pingMs: 20_000,
};

/**
 * The sweep's interval: this instance says it is alive, requested sessions whose code ran out end
 * (besides each code's own timer), and sessions of instances that are gone end.
 */
const SWEEP_MS = 10_000;

/** A session with sockets on this instance. */
export interface LiveSession {
  readonly id: string;
  readonly agentId: string;
  readonly customerId: string;
  readonly agentName: string;
  state: CobrowseState;
  control: CobrowseControl;
  page: CobrowsePage | null;
  /** The customer's last control answer (`denied`), shown to the agent until control moves again. */
  answer: string | null;
  customer: WebSocket | null;
  agent: WebSocket | null;
  lastFrameAt: number;
  idleTimer: ReturnType<typeof setTimeout> | null;
  awayTimer: ReturnType<typeof setTimeout> | null;
  agentTimer: ReturnType<typeof setTimeout> | null;
}

export class CobrowseRelay {
  readonly hub: CobrowseHub;
  readonly options: CobrowseOptions;
  readonly doorbell: Doorbell;
  readonly #signals: CobrowseSignals;
  readonly #sessions = new Map<string, LiveSession>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #sweep: ReturnType<typeof setInterval> | null = null;
  /** This hub instance, as the holder of its sessions in the rows. */
  readonly instanceId = randomUUID();

  constructor(hub: CobrowseHub, options: CobrowseOptions, doorbell: Doorbell, signals: CobrowseSignals) {
    this.hub = hub;
    this.options = options;
    this.doorbell = doorbell;
    this.#signals = signals;
    signals.subscribe((signal) => {
      if (signal.kind === 'ended') this.#closeLocal(signal.sessionId, signal.reason);
    });
  }

  /** Sessions no running instance holds (this hub stopped with them running) end `hub_restart`; then the sweep starts. */
  async start(): Promise<void> {
    await heartbeatInstance(this.hub.db, this.instanceId, this.hub.now());
    await this.#endOrphans();
    this.#sweep = setInterval(() => void this.#sweepOnce(), SWEEP_MS);
    this.#sweep.unref();
  }

  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    await forgetInstance(this.hub.db, this.instanceId).catch(() => undefined);
    for (const timer of this.#timers) clearTimeout(timer);
    for (const session of this.#sessions.values()) {
      this.#clearTimers(session);
      session.customer?.terminate();
      session.agent?.terminate();
    }
    this.#sessions.clear();
  }

  /**
   * `POST /cobrowse/sessions`: a requested session with a code, pushed to the customer's open pages.
   * The agent's previous session ends (`agent_ended`): one at a time. A repeat of the same id by
   * the same agent for the same customer answers the same session.
   */
  async create(caller: Caller, id: string, customerId: string): Promise<CobrowseStartResponse> {
    const existing = await readSession(this.hub.db, id);
    if (existing) return this.#repeat(caller, existing, customerId);
    for (const previous of await openSessionsOf(this.hub.db, caller.agentId)) await this.end(previous.id, 'agent_ended');
    const customerKey = newCustomerKey();
    let row: SessionRow;
    try {
      row = await this.hub.db.transaction(async (tx) => {
        const inserted = await insertSession(tx, { id, agentId: caller.agentId, customerId, now: this.hub.now(), codeTtlMs: this.options.codeTtlMs, customerKey, instanceId: this.instanceId });
        await auditAction(tx, caller.agentId, 'cobrowse.start', { type: 'customer', id: customerId }, { sessionId: id });
        return inserted;
      });
    } catch (error) {
      const raced = await readSession(this.hub.db, id);
      if (raced) return this.#repeat(caller, raced, customerId);
      throw error;
    }
    this.later(this.options.codeTtlMs + 50, () => void this.expire());
    const pageOnline = await this.doorbell.pageOnline(customerId);
    if (pageOnline) {
      const agentName = await agentFirstName(this.hub.db, caller.agentId);
      await this.doorbell.ring({ customerId, sessionId: id, customerKey, agentName, expiresAt: row.code_expires_at.toISOString() });
    }
    return { id, code: row.code ?? '', codeExpiresAt: row.code_expires_at.toISOString(), pageOnline, state: row.state, control: row.control };
  }

  async #repeat(caller: Caller, row: SessionRow, customerId: string): Promise<CobrowseStartResponse> {
    if (row.agent_id !== caller.agentId || row.customer_id !== customerId) throw new HubError(409, 'idempotency.conflict');
    // The code was used or the session is over: the same answer can no longer be given.
    if (row.code === null || row.state !== 'requested') throw new HubError(409, 'state.conflict', { state: row.state });
    return { id: row.id, code: row.code, codeExpiresAt: row.code_expires_at.toISOString(), pageOnline: await this.doorbell.pageOnline(customerId), state: row.state, control: row.control };
  }

  /** Ends a session for `reason` (once: a second end is a no-op) and closes its sockets wherever they are. */
  async end(id: string, reason: CobrowseEndReason): Promise<SessionRow | null> {
    const row = await markEnded(this.hub.db, id, reason, this.hub.now());
    if (row) await this.#audit(row);
    this.#closeLocal(id, reason);
    if (row) await this.#signals.publish({ kind: 'ended', sessionId: id, reason });
    return row;
  }

  /** Requested sessions whose code ran out: ended `code_expired`. */
  async expire(): Promise<void> {
    try {
      for (const row of await expireCodes(this.hub.db, this.hub.now())) {
        await this.#audit(row);
        this.#closeLocal(row.id, 'code_expired');
        await this.#signals.publish({ kind: 'ended', sessionId: row.id, reason: 'code_expired' });
      }
    } catch (error) {
      console.error('[hub] co-browse code expiry failed', error);
    }
  }

  async #sweepOnce(): Promise<void> {
    try {
      await heartbeatInstance(this.hub.db, this.instanceId, this.hub.now());
      await this.expire();
      await this.#endOrphans();
    } catch (error) {
      console.error('[hub] co-browse sweep failed', error);
    }
  }

  async #endOrphans(): Promise<void> {
    for (const row of await endOrphans(this.hub.db, this.hub.now())) {
      await this.#audit(row);
      this.#closeLocal(row.id, 'hub_restart');
      await this.#signals.publish({ kind: 'ended', sessionId: row.id, reason: 'hub_restart' });
    }
  }

  /** The in-memory session for a row, made when its first socket arrives on this instance. */
  attach(row: SessionRow, agentName: string): LiveSession {
    let session = this.#sessions.get(row.id);
    if (!session) {
      void holdSession(this.hub.db, row.id, this.instanceId).catch(() => undefined);
      session = {
        id: row.id, agentId: row.agent_id, customerId: row.customer_id, agentName,
        state: row.state, control: row.control,
        page: row.last_url === null ? null : { url: row.last_url, title: row.last_title ?? '' },
        answer: null, customer: null, agent: null, lastFrameAt: Date.now(),
        idleTimer: null, awayTimer: null, agentTimer: null,
      };
      this.#sessions.set(row.id, session);
      this.#armIdle(session);
    }
    return session;
  }

  isCurrent(session: LiveSession): boolean {
    return this.#sessions.get(session.id) === session;
  }

  /** A frame passed, either way: the session is not idle. */
  touch(session: LiveSession): void {
    session.lastFrameAt = Date.now();
  }

  /** The agent's view of the session, on join and on every change. */
  sendState(session: LiveSession): void {
    const message: StateMessage = { t: 'state', state: session.state, control: session.control, page: session.page, reason: session.answer };
    if (session.agent?.readyState === session.agent?.OPEN) session.agent?.send(JSON.stringify(message));
  }

  /** The customer's page left (navigating, closed): `away`, and it has the grace to come back. */
  customerGone(session: LiveSession): void {
    if (session.awayTimer) clearTimeout(session.awayTimer);
    session.awayTimer = setTimeout(() => void this.end(session.id, 'customer_left'), this.options.awayGraceMs);
    session.awayTimer.unref();
  }

  customerBack(session: LiveSession): void {
    if (session.awayTimer) clearTimeout(session.awayTimer);
    session.awayTimer = null;
  }

  agentGone(session: LiveSession): void {
    if (session.agentTimer) clearTimeout(session.agentTimer);
    session.agentTimer = setTimeout(() => void this.end(session.id, 'agent_left'), this.options.agentGraceMs);
    session.agentTimer.unref();
  }

  agentBack(session: LiveSession): void {
    if (session.agentTimer) clearTimeout(session.agentTimer);
    session.agentTimer = null;
  }

  /** A timer that dies with the hub. */
  later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      work();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #armIdle(session: LiveSession): void {
    const check = () => {
      if (!this.isCurrent(session)) return;
      const quiet = Date.now() - session.lastFrameAt;
      // A requested session is ended by its code's expiry, not by silence.
      if (quiet >= this.options.idleMs && session.state !== 'requested') {
        void this.end(session.id, 'idle');
        return;
      }
      session.idleTimer = setTimeout(check, Math.max(10, this.options.idleMs - quiet));
      session.idleTimer.unref();
    };
    session.idleTimer = setTimeout(check, this.options.idleMs);
    session.idleTimer.unref();
  }

  #clearTimers(session: LiveSession): void {
    for (const timer of [session.idleTimer, session.awayTimer, session.agentTimer]) if (timer) clearTimeout(timer);
  }

  /** Tells both sockets of an ended session why, then closes them (4000, the reason). */
  #closeLocal(id: string, reason: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    this.#clearTimers(session);
    session.state = 'ended';
    const frame = JSON.stringify({ t: 'ended', reason });
    for (const socket of [session.customer, session.agent]) {
      if (!socket || socket.readyState !== socket.OPEN) continue;
      socket.send(frame);
      socket.close(COBROWSE_CLOSE.ended, reason);
    }
  }

  async #audit(row: SessionRow): Promise<void> {
    await auditAction(this.hub.db, row.agent_id, 'cobrowse.end', { type: 'customer', id: row.customer_id }, { sessionId: row.id, reason: row.end_reason });
    // A request that never went live: the customer's open pages drop its prompt.
    if (row.consent_at === null) await this.doorbell.closed(row.customer_id, row.id);
  }
}
