import type { MediaCommand, MediaResultRequest } from '../../common/contract/telephony.ts';
import type { EventHub } from '../contract/events.ts';
import { createLogger } from '../log.ts';

const log = createLogger('media-bridge');

/** The media engine is gone or never came: sip.js must fail the operation now, not in 32 s. */
export class MediaUnavailableError extends Error {
  constructor(detail: string) {
    super(`media engine unavailable: ${detail}`);
    this.name = 'MediaUnavailableError';
  }
}

/** The engine answered with an error (e.g. the microphone could not be opened). */
export class MediaFailedError extends Error {
  readonly reason: string;
  constructor(op: string, reason: string) {
    super(`media ${op} failed: ${reason}`);
    this.name = 'MediaFailedError';
    this.reason = reason;
  }
}

interface Engine {
  readonly engineId: string;
  readonly sender: string;
}

interface Pending {
  readonly engineId: string;
  readonly op: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

export type MediaAttachment =
  /** A page with a new engine: the peer connections of any earlier one are gone. */
  | { readonly kind: 'fresh'; readonly engineId: string }
  /** The same engine came back (its link to main blinked): its peer connections still live. */
  | { readonly kind: 'resumed'; readonly engineId: string }
  | { readonly kind: 'detached' };

/**
 * Main's end of the media bridge: turns a media operation into a `media.command` event for the
 * one attached engine (the newest page wins) and resolves it with that engine's `media.result`.
 * Calls fail at once when no engine is attached, and every pending call fails the moment the
 * engine's page goes away: sip.js then answers a re-INVITE with 488 or ends the call, instead of
 * hanging a transaction on a page that will never answer.
 */
export class MediaBridge {
  readonly #events: EventHub;
  readonly #timeoutMs: number;
  #engine: Engine | null = null;
  /** The last engine seen, so a reconnect of the same page is not taken for a new one. */
  #lastEngineId: string | null = null;
  #seq = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(attachment: MediaAttachment) => void>();

  constructor(events: EventHub, timeoutMs = 10_000) {
    this.#events = events;
    this.#timeoutMs = timeoutMs;
    events.onSenderGone((sender) => {
      if (this.#engine?.sender === sender) this.#detach(`page ${sender} went away`);
    });
  }

  get attached(): boolean {
    return this.#engine !== null;
  }

  attach(engineId: string, sender: string): MediaAttachment {
    if (this.#engine && this.#engine.engineId !== engineId) this.#detach('replaced by a newer page');
    this.#engine = { engineId, sender };
    const attachment: MediaAttachment = engineId === this.#lastEngineId ? { kind: 'resumed', engineId } : { kind: 'fresh', engineId };
    this.#lastEngineId = engineId;
    log.info(`media engine ${attachment.kind} (${sender})`);
    for (const listener of this.#listeners) listener(attachment);
    return attachment;
  }

  onAttachment(listener: (attachment: MediaAttachment) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  call(callId: string, command: MediaCommand, timeoutMs = this.#timeoutMs): Promise<unknown> {
    const engine = this.#engine;
    if (!engine) return Promise.reject(new MediaUnavailableError('no console page is attached'));
    const id = this.#seq++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new MediaUnavailableError(`${command.op} not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { engineId: engine.engineId, op: command.op, resolve, reject, timer });
      this.#events.emit('media.command', { engineId: engine.engineId, id, callId, command }, { to: engine.sender });
    });
  }

  /** A `media.result` from the renderer; results from a replaced engine are ignored. */
  result(result: MediaResultRequest): boolean {
    const pending = this.#pending.get(result.id);
    if (!pending || pending.engineId !== result.engineId) return false;
    this.#pending.delete(result.id);
    clearTimeout(pending.timer);
    if (result.ok) pending.resolve(result.value ?? null);
    else pending.reject(new MediaFailedError(pending.op, result.error ?? 'unknown'));
    return true;
  }

  /** True when `engineId` is the attached engine (stats from an old page are dropped). */
  isCurrent(engineId: string): boolean {
    return this.#engine?.engineId === engineId;
  }

  #detach(why: string): void {
    if (!this.#engine) return;
    log.info(`media engine detached: ${why}`);
    const engineId = this.#engine.engineId;
    this.#engine = null;
    for (const [id, pending] of this.#pending) {
      if (pending.engineId !== engineId) continue;
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(new MediaUnavailableError(why));
    }
    for (const listener of this.#listeners) listener({ kind: 'detached' });
  }
}
