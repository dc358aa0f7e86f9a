import type { CallView, Presence, PresenceState, Registration, WrapUpPeriod } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import { EXTENSION } from '../../common/phone.ts';

/** The hub's words for the same states (common/hub/api.ts `PresenceStatus`). */
export const HUB_PRESENCE: Record<PresenceState, 'available' | 'on_call' | 'wrap_up' | 'break' | 'offline'> = {
  available: 'available',
  onCall: 'on_call',
  wrapUp: 'wrap_up',
  break: 'break',
  offline: 'offline',
};
export type HubPresence = (typeof HUB_PRESENCE)[PresenceState];

/** A wrap-up time running: which call it follows, when it ends, whether it was extended. */
export interface WrapUpTime {
  readonly callId: string;
  readonly interactionId: string;
  /** ms since epoch */
  readonly endsAt: number;
  readonly extended: boolean;
}

/**
 * Whether an ended call starts a wrap-up time: only a customer contact that was answered. A
 * declined, missed or unanswered call has nothing to wrap up, a consult call is part of the
 * customer's call, and a colleague's extension is no customer contact (the page opens no form
 * for either).
 */
export function startsWrapUp(call: CallView): boolean {
  return call.answeredAt !== null && call.consultFor === null && !EXTENSION.test(call.remoteNumber.trim());
}

/** The wrap-up time runs at `now`: new calls are not offered (486 Busy Here). */
export function inWrapUp(wrapUp: WrapUpTime | null, now: number): wrapUp is WrapUpTime {
  return wrapUp !== null && now < wrapUp.endsAt;
}

/** "Extend": once, by the configured length, counted from when it would have ended. */
export function extendWrapUp(wrapUp: WrapUpTime | null, seconds: number, now: number): WrapUpTime {
  if (!inWrapUp(wrapUp, now) || wrapUp.extended || seconds <= 0) throw new LoketError('phone.wrapUpNotExtendable');
  return { ...wrapUp, endsAt: wrapUp.endsAt + seconds * 1000, extended: true };
}

export interface PresenceInputs {
  /** What the agent chose: available or on a break. */
  readonly chosen: 'available' | 'break';
  readonly registered: boolean;
  readonly onCall: boolean;
  /** The wrap-up time after the last answered call, if one was started. */
  readonly wrapUp: WrapUpTime | null;
  /** What one extension adds (the configured wrap-up length). */
  readonly wrapUpSeconds: number;
  readonly now: number;
}

/**
 * The agent's presence, derived rather than stored, so it can never contradict the phone:
 * offline while not registered, on call while a call is live, wrap-up while the time after the
 * last answered call runs (a call ringing meanwhile does not end it), then what the agent chose.
 */
export function derivePresence(inputs: PresenceInputs): Presence {
  if (!inputs.registered) return { state: 'offline', until: null };
  if (inputs.onCall) return { state: 'onCall', until: null };
  const { wrapUp } = inputs;
  if (inWrapUp(wrapUp, inputs.now)) {
    const period: WrapUpPeriod = { callId: wrapUp.callId, interactionId: wrapUp.interactionId, extended: wrapUp.extended, extendSeconds: inputs.wrapUpSeconds };
    return { state: 'wrapUp', until: wrapUp.endsAt, wrapUp: period };
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
 * The presence listener: follows the softphone's calls and registration, keeps the wrap-up time
 * and the presence that `phone.changed` carries, and publishes each change of state to the hub
 * (`PUT /presence`). The softphone asks it whether a new call may be offered (`offersCalls`).
 */
export class PresenceTracker {
  readonly #options: PresenceTrackerOptions;
  #chosen: 'available' | 'break' = 'available';
  #wrapUp: WrapUpTime | null = null;
  #presence: Presence = { state: 'offline', until: null };
  #timer: NodeJS.Timeout | undefined;

  constructor(options: PresenceTrackerOptions) {
    this.#options = options;
  }

  get current(): Presence {
    return this.#presence;
  }

  /** A call ended: an answered customer call starts its wrap-up time (replacing an earlier one). */
  callEnded(call: CallView): void {
    if (!startsWrapUp(call)) return;
    const seconds = this.#options.wrapUpSeconds();
    const endedAt = call.endedAt ?? this.#options.now();
    this.#wrapUp = seconds > 0 ? { callId: call.id, interactionId: call.interactionId, endsAt: endedAt + seconds * 1000, extended: false } : null;
  }

  /** False while the wrap-up time runs: the softphone then answers a new call 486 Busy Here. */
  offersCalls(): boolean {
    return !inWrapUp(this.#wrapUp, this.#options.now());
  }

  /** What the agent chose; takes effect at the next `update`. */
  choose(state: 'available' | 'break'): void {
    this.#chosen = state;
  }

  /** "Ready": the wrap-up time ends now and the agent is available for the next call. */
  ready(): void {
    this.#wrapUp = null;
    this.#chosen = 'available';
  }

  /** "Extend": once per wrap-up, by the configured length; `phone.wrapUpNotExtendable` otherwise. */
  extend(): void {
    this.#wrapUp = extendWrapUp(this.#wrapUp, this.#options.wrapUpSeconds(), this.#options.now());
  }

  /**
   * The agent saved the wrap-up of a call: the after-call time is over, so presence goes back
   * to what the agent chose instead of waiting out the wrap-up seconds. True when that changed
   * something (the status must go out again).
   */
  wrapUpDone(interactionId: string): boolean {
    // Only the wrap-up of the call the time follows ends it (an older one's does not).
    if (this.#wrapUp?.interactionId !== interactionId) return false;
    this.#wrapUp = null;
    return true;
  }

  /** Derives presence from the phone as it stands now; publishes it when its state changed. */
  update(registration: Registration, calls: readonly CallView[]): Presence {
    const now = this.#options.now();
    if (this.#wrapUp !== null && !inWrapUp(this.#wrapUp, now)) this.#wrapUp = null;
    const next = derivePresence({
      chosen: this.#chosen,
      registered: registration.state === 'registered' || (registration.state === 'reconnecting' && calls.some((c) => c.state === 'active')),
      onCall: calls.some((call) => call.state === 'active' || call.state === 'dialing'),
      wrapUp: this.#wrapUp,
      wrapUpSeconds: this.#options.wrapUpSeconds(),
      now,
    });
    clearTimeout(this.#timer);
    if (next.until !== null) {
      this.#timer = setTimeout(() => this.#options.onExpired(), Math.max(0, next.until - now) + 5);
      this.#timer.unref();
    }
    if (samePresence(next, this.#presence)) return this.#presence;
    const stateChanged = next.state !== this.#presence.state;
    this.#presence = next;
    if (stateChanged) this.republish();
    return next;
  }

  /**
   * Sends the current presence again: a change made while the console was not signed in to the
   * hub (the phone often registers first) was never published, and the hub would keep the agent
   * offline — out of the directory's free colleagues and the escalations' auto-assignment.
   */
  republish(): void {
    this.#options.publish(HUB_PRESENCE[this.#presence.state]).catch(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}

function samePresence(a: Presence, b: Presence): boolean {
  return (
    a.state === b.state &&
    a.until === b.until &&
    a.wrapUp?.interactionId === b.wrapUp?.interactionId &&
    a.wrapUp?.extended === b.wrapUp?.extended &&
    a.wrapUp?.extendSeconds === b.wrapUp?.extendSeconds
  );
}
