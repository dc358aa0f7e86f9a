import { randomUUID } from 'node:crypto';
import type { AgentMessage, HubToAgentMessage } from '../../common/cobrowse/protocol.ts';
import { COBROWSE_FRAME_MAX_CHARS, type CobrowseFrame, type CobrowseStartResponse, type CobrowseStatus } from '../../common/contract/cobrowse.ts';
import type { HubStatus } from '../../common/contract/contract.ts';
import { CobrowseSessionView, CobrowseStartResponse as HubStartResponse } from '../../common/hub/cobrowse.ts';
import { LoketError } from '../../common/errors.ts';
import { HubRequestError, HubUnreachableError } from '../hub/hub-errors.ts';
import { createLogger } from '../log.ts';
import { AgentSocket, agentSocketUrl } from './agent-socket.ts';

const log = createLogger('cobrowse');

/** What the desk needs from the hub session (HubSession has all of it). */
export interface CobrowseHubPort {
  request(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<unknown>;
  url(): string | null;
  accessToken(): string | null;
  status(): HubStatus;
  onChange(listener: (status: HubStatus) => void): () => void;
}

export interface CobrowseDeskOptions {
  readonly hub: CobrowseHubPort;
  readonly emitStatus: (status: CobrowseStatus) => void;
  readonly emitFrame: (frame: CobrowseFrame) => void;
  /** Waits between reconnect attempts (the last one repeats); tests shorten them. */
  readonly reconnectDelaysMs?: readonly number[];
}

const RECONNECT_DELAYS_MS = [200, 500, 1_000, 2_000, 5_000];
/** Pointer moves are dropped while this much is still queued: the next one says where it is now. */
const POINTER_BACKLOG_BYTES = 64 * 1024;
/** Closing the console ends its session; this long at most for the hub to hear it. */
const END_ON_EXIT_TIMEOUT_MS = 2_000;

interface Running {
  status: CobrowseStatus;
  /** The agent who started it: another sign-in ends it. */
  readonly owner: string;
  socket: AgentSocket | null;
  retry: ReturnType<typeof setTimeout> | null;
  attempt: number;
}

/**
 * The agent's co-browse session, held in main: a page reload or a second window does not drop
 * it (`current()` lets a page pick it up). Creates it at the hub, keeps the agent socket open
 * (reconnecting with backoff until the session has ended — the hub is the judge of that), passes
 * the customer's frames on verbatim and the session's state as it changes, and ends it on
 * `end`, on a new `start` (one session at a time), on sign-out and when the console closes.
 */
export class CobrowseDesk {
  readonly #hub: CobrowseHubPort;
  readonly #emitStatus: (status: CobrowseStatus) => void;
  readonly #emitFrame: (frame: CobrowseFrame) => void;
  readonly #delays: readonly number[];
  readonly #unsubscribe: () => void;
  #running: Running | null = null;

  constructor(options: CobrowseDeskOptions) {
    this.#hub = options.hub;
    this.#emitStatus = options.emitStatus;
    this.#emitFrame = options.emitFrame;
    this.#delays = options.reconnectDelaysMs ?? RECONNECT_DELAYS_MS;
    this.#unsubscribe = this.#hub.onChange((status) => this.#hubChanged(status));
  }

  /** The running session (null when there is none or it has ended). */
  current(): CobrowseStatus | null {
    const run = this.#running;
    return run && run.status.state !== 'ended' ? run.status : null;
  }

  async start(customerId: string): Promise<CobrowseStartResponse> {
    const owner = this.#hub.status();
    if (owner.state !== 'signedIn') throw new LoketError('hub.notSignedIn', {});
    const id = randomUUID();
    const created = HubStartResponse.parse(await atHub(() => this.#hub.request('POST', '/cobrowse/sessions', { id, customerId })));
    // The hub ended the previous one when it made this one (one session per agent).
    if (this.#running) this.#finish(this.#running, 'agent_ended');
    const run: Running = {
      status: { sessionId: created.id, customerId, state: created.state, control: created.control, code: created.code, codeExpiresAt: created.codeExpiresAt, page: null, reason: null },
      owner: owner.agent.email,
      socket: null,
      retry: null,
      attempt: 0,
    };
    this.#running = run;
    this.#emitStatus(run.status);
    this.#connect(run);
    return { sessionId: created.id, code: created.code, codeExpiresAt: created.codeExpiresAt, pageOnline: created.pageOnline };
  }

  async end(sessionId: string): Promise<{ ok: true }> {
    const run = this.#mine(sessionId);
    if (run.status.state === 'ended') return { ok: true };
    try {
      const view = CobrowseSessionView.parse(await this.#hub.request('POST', `/cobrowse/sessions/${sessionId}/end`, {}));
      this.#finish(run, view.endReason ?? 'agent_ended');
    } catch (error) {
      // Without REST the open socket can still say it; a refusal means the hub holds no session of ours.
      if (error instanceof HubUnreachableError && !run.socket?.send({ t: 'end' })) throw new LoketError('hub.unreachable', {});
      if (error instanceof HubRequestError) log.warn(`the hub refused to end the co-browse session: ${error.code}`);
      else if (!(error instanceof HubUnreachableError)) throw error;
      this.#finish(run, 'agent_ended');
    }
    return { ok: true };
  }

  send(sessionId: string, message: AgentMessage): { ok: true } {
    const run = this.#mine(sessionId);
    if (run.status.state === 'ended') throw new LoketError('cobrowse.ended', {});
    const socket = run.socket;
    const guiding = message.t === 'pointer' || message.t === 'highlight';
    // A pointer that cannot go now is stale by the time it could: dropped, not queued.
    if (guiding && (!socket?.open || socket.buffered > POINTER_BACKLOG_BYTES)) return { ok: true };
    if (!socket?.send(message)) throw new LoketError('hub.unreachable', {});
    return { ok: true };
  }

  /** The console is closing: its session ends (best effort, briefly) and nothing reconnects. */
  async dispose(): Promise<void> {
    this.#unsubscribe();
    const run = this.#running;
    if (!run || run.status.state === 'ended') return;
    await this.#hub
      .request('POST', `/cobrowse/sessions/${run.status.sessionId}/end`, {}, END_ON_EXIT_TIMEOUT_MS)
      .catch((error: unknown) => log.warn('could not end the co-browse session on exit', error));
    this.#finish(run, 'agent_ended');
  }

  // ---- internals ----

  #mine(sessionId: string): Running {
    const run = this.#running;
    if (!run || run.status.sessionId !== sessionId) throw new LoketError('cobrowse.ended', {});
    return run;
  }

  #connect(run: Running): void {
    const hubUrl = this.#hub.url();
    const token = this.#hub.accessToken();
    if (!hubUrl || !token) return this.#retry(run);
    const socket: AgentSocket = new AgentSocket(agentSocketUrl(hubUrl, run.status.sessionId), token, {
      frame: (text) => {
        if (run.socket !== socket || run.status.state === 'ended') return;
        if (text.length > COBROWSE_FRAME_MAX_CHARS) return log.warn(`dropped a co-browse frame of ${text.length} characters`);
        this.#emitFrame({ sessionId: run.status.sessionId, data: text });
      },
      message: (message) => {
        if (run.socket !== socket) return;
        run.attempt = 0;
        this.#heard(run, message);
      },
      close: (code, reason) => {
        if (run.socket !== socket) return;
        run.socket = null;
        if (run.status.state === 'ended') return;
        if (code === 4000) return this.#finish(run, reason || 'agent_ended');
        log.info(`co-browse socket closed (${code} ${reason}); reconnecting`);
        this.#retry(run);
      },
    });
    run.socket = socket;
  }

  #heard(run: Running, message: HubToAgentMessage): void {
    if (message.t === 'ended') return this.#finish(run, message.reason);
    if (message.state === 'ended') return this.#finish(run, message.reason ?? 'agent_ended');
    this.#update(run, {
      state: message.state,
      control: message.control,
      page: message.page,
      reason: message.reason,
      // A code works once: gone as soon as the customer joined.
      code: message.state === 'requested' ? run.status.code : null,
    });
  }

  /** After a lost socket: ask the hub whether the session still runs (this also refreshes the token), then rejoin. */
  #retry(run: Running): void {
    if (run.status.state === 'ended' || this.#running !== run || run.retry) return;
    const delay = this.#delays[Math.min(run.attempt, this.#delays.length - 1)] ?? 1_000;
    run.attempt++;
    run.retry = setTimeout(() => {
      run.retry = null;
      void this.#rejoin(run);
    }, delay);
    run.retry.unref();
  }

  async #rejoin(run: Running): Promise<void> {
    if (run.status.state === 'ended' || this.#running !== run || run.socket) return;
    try {
      const view = CobrowseSessionView.parse(await this.#hub.request('GET', `/cobrowse/sessions/${run.status.sessionId}`));
      if (view.state === 'ended') return this.#finish(run, view.endReason ?? 'agent_ended');
      this.#update(run, { state: view.state, control: view.control, code: view.code, codeExpiresAt: view.codeExpiresAt, page: view.page });
    } catch (error) {
      // 403/404: the hub holds no such session for this agent (any more).
      if (error instanceof HubRequestError && error.status !== 401) return this.#finish(run, error.code);
      return this.#retry(run);
    }
    // The session may have ended (or been replaced) while the hub answered.
    if (!ended(run) && this.#running === run && !run.socket) this.#connect(run);
  }

  #hubChanged(status: HubStatus): void {
    const run = this.#running;
    if (!run || run.status.state === 'ended') return;
    const signedOut =
      status.state === 'off' ||
      (status.state === 'signedIn' && status.agent.email !== run.owner) ||
      (status.state === 'error' && status.code !== 'hub.unreachable');
    if (signedOut) return this.#finish(run, 'agent_signed_out');
    // Back online: rejoin now rather than at the end of the backoff.
    if (status.state === 'signedIn' && !run.socket && run.retry) {
      clearTimeout(run.retry);
      run.retry = null;
      void this.#rejoin(run);
    }
  }

  #update(run: Running, change: Partial<CobrowseStatus>): void {
    const next = { ...run.status, ...change };
    if (JSON.stringify(next) === JSON.stringify(run.status)) return;
    run.status = next;
    this.#emitStatus(next);
  }

  #finish(run: Running, reason: string): void {
    if (run.status.state === 'ended') return;
    if (run.retry) clearTimeout(run.retry);
    run.retry = null;
    const socket = run.socket;
    run.socket = null;
    socket?.close();
    this.#update(run, { state: 'ended', reason: reason.slice(0, 100), code: null });
  }
}

function ended(run: Running): boolean {
  return run.status.state === 'ended';
}

/** A hub request as the agent reads its failure: refused (with the hub's code) or unreachable. */
async function atHub<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof HubRequestError) {
      if (error.status === 401) throw new LoketError('hub.notSignedIn', {});
      throw new LoketError('hub.refused', { code: error.code, status: error.status });
    }
    if (error instanceof HubUnreachableError) throw new LoketError('hub.unreachable', {});
    throw error;
  }
}
