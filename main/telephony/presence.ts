import type { Presence, PresenceState } from '../../common/contract/telephony.ts';

/** The hub's words for the same states (common/hub/api.ts `PresenceStatus`). */
export const HUB_PRESENCE: Record<PresenceState, 'available' | 'on_call' | 'wrap_up' | 'break' | 'offline'> = {
  available: 'available',
  onCall: 'on_call',
  wrapUp: 'wrap_up',
  break: 'break',
  offline: 'offline',
};

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
