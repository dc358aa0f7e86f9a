import type { CallView, Presence, PresenceState, Registration } from '../../common/contract/telephony.ts';

/** The hub's words for the same states (common/hub/api.ts `PresenceStatus`). */
export const HUB_PRESENCE: Record<PresenceState, 'available' | 'on_call' | 'wrap_up' | 'break' | 'offline'> = {
  available: 'available',
  onCall: 'on_call',
  wrapUp: 'wrap_up',
  break: 'break',
  offline: 'offline',
};
export type HubPresence = (typeof HUB_PRESENCE)[PresenceState];

export interface PresenceInputs {
  /** What the agent chose: available or on a break. */
  readonly chosen: 'available' | 'break';
  readonly registered: boolean;
  readonly onCall: boolean;
  /** When the last call ended (ms), for the wrap-up period after it. */
  readonly lastCallEndedAt: number | null;
  readonly wrapUpSeconds: number;
  readonly now: number;
}

/**
 * The agent's presence, derived rather than stored, so it can never contradict the phone:
 * offline while not registered, on call while a call is live, wrap-up for N seconds after the
 * last call (the time to write the note), then what the agent chose.
 */
export function derivePresence(inputs: PresenceInputs): Presence {
  if (!inputs.registered) return { state: 'offline', until: null };
  if (inputs.onCall) return { state: 'onCall', until: null };
  if (inputs.lastCallEndedAt !== null && inputs.wrapUpSeconds > 0) {
    const until = inputs.lastCallEndedAt + inputs.wrapUpSeconds * 1000;
    if (inputs.now < until) return { state: 'wrapUp', until };
  }
  return { state: inputs.chosen, until: null };
}

export interface PresenceTrackerOptions {
  readonly wrapUpSeconds: () => number;
  /** Sends the agent's presence to the hub (best effort; the hub may be unreachable). */
  readonly publish: (status: HubPresence) => Promise<void>;
  /** The wrap-up time ran out: presence changed by itself, the status must go out again. */
  readonly onExpired: () => void;
  readonly now: () => number;
}

/**
 * The presence listener: follows the softphone's calls and registration, keeps the presence
 * that `phone.changed` carries, and publishes each change of state to the hub (`PUT /presence`).
 */
export class PresenceTracker {
  readonly #options: PresenceTrackerOptions;
  #chosen: 'available' | 'break' = 'available';
  #lastCallEndedAt: number | null = null;
  #lastEndedInteraction: string | null = null;
  #presence: Presence = { state: 'offline', until: null };
  #timer: NodeJS.Timeout | undefined;

  constructor(options: PresenceTrackerOptions) {
    this.#options = options;
  }

  get current(): Presence {
    return this.#presence;
  }

  /** A call ended: the wrap-up time starts. */
  callEnded(call: CallView): void {
    this.#lastCallEndedAt = call.endedAt ?? this.#options.now();
    this.#lastEndedInteraction = call.interactionId;
  }

  /** What the agent chose; takes effect at the next `update`. */
  choose(state: 'available' | 'break'): void {
    this.#chosen = state;
  }

  /**
   * The agent saved the wrap-up of a call: the after-call time is over, so presence goes back
   * to what the agent chose instead of waiting out the wrap-up seconds. True when that changed
   * something (the status must go out again).
   */
  wrapUpDone(interactionId: string): boolean {
    // Only the wrap-up of the call that ended last ends the wrap-up time (an older one's does not).
    if (this.#lastEndedInteraction !== interactionId || this.#lastCallEndedAt === null) return false;
    this.#lastCallEndedAt = null;
    return true;
  }

  /** Derives presence from the phone as it stands now; publishes it when its state changed. */
  update(registration: Registration, calls: readonly CallView[]): Presence {
    const now = this.#options.now();
    const next = derivePresence({
      chosen: this.#chosen,
      registered: registration.state === 'registered' || (registration.state === 'reconnecting' && calls.some((c) => c.state === 'active')),
      onCall: calls.some((call) => call.state === 'active' || call.state === 'dialing'),
      lastCallEndedAt: calls.some((call) => call.state === 'ringing') ? null : this.#lastCallEndedAt,
      wrapUpSeconds: this.#options.wrapUpSeconds(),
      now,
    });
    clearTimeout(this.#timer);
    if (next.until !== null) {
      this.#timer = setTimeout(() => this.#options.onExpired(), Math.max(0, next.until - now) + 5);
      this.#timer.unref();
    }
    if (next.state === this.#presence.state && next.until === this.#presence.until) return this.#presence;
    const stateChanged = next.state !== this.#presence.state;
    this.#presence = next;
    if (stateChanged) this.#options.publish(HUB_PRESENCE[next.state]).catch(() => undefined);
    return next;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
