import type { CobrowseStatus } from '../../../common/contract/cobrowse.ts';

// The panel's decisions, kept pure so they are tested without a page: how the code reads, how
// long it is still valid, what the customer last answered to a control request, and the words
// for why a session ended.

/** "123456" → "123 456": two groups of three are read out (and typed) without losing one. */
export function groupCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** "123456" → "1 2 3 4 5 6": a screen reader then says each digit instead of a number. */
export function spellCode(code: string): string {
  return [...code].join(' ');
}

/** Milliseconds the code is still valid (0 once expired; null when it has no expiry). */
export function codeTimeLeft(codeExpiresAt: string | null, now: number): number | null {
  if (codeExpiresAt === null) return null;
  const at = Date.parse(codeExpiresAt);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** 540_000 → "9:00": minutes and seconds, as a countdown reads. */
export function formatCountdown(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * What the customer last said to control, from one status to the next: `refused` (the hub's
 * `denied` answer), `takenBack` (control went from on to off), or null while nothing was said
 * since the last request or grant. A status of another session starts afresh.
 */
export type ControlAnswer = 'refused' | 'takenBack' | null;

export function nextControlAnswer(previous: CobrowseStatus | null, next: CobrowseStatus, answer: ControlAnswer): ControlAnswer {
  if (previous?.sessionId !== next.sessionId) answer = null;
  if (next.control !== 'off') return null;
  if (next.reason === 'denied') return 'refused';
  if (previous?.sessionId === next.sessionId && previous.control === 'on') return 'takenBack';
  return answer;
}

/** The sentence for an end reason; a reason this console does not know reads "The session ended." */
export const END_REASON_KEYS = {
  agent_ended: 'cobrowse:reason.agent_ended',
  customer_ended: 'cobrowse:reason.customer_ended',
  customer_declined: 'cobrowse:reason.customer_declined',
  code_expired: 'cobrowse:reason.code_expired',
  idle: 'cobrowse:reason.idle',
  customer_left: 'cobrowse:reason.customer_left',
  agent_left: 'cobrowse:reason.agent_left',
  agent_signed_out: 'cobrowse:reason.agent_signed_out',
  too_large: 'cobrowse:reason.too_large',
  rate_limited: 'cobrowse:reason.rate_limited',
  protocol_error: 'cobrowse:reason.protocol_error',
  hub_restart: 'cobrowse:reason.hub_restart',
} as const;

export type EndReasonKey = (typeof END_REASON_KEYS)[keyof typeof END_REASON_KEYS] | 'cobrowse:reason.unknown';

export function endReasonKey(reason: string | null): EndReasonKey {
  return reason !== null && Object.hasOwn(END_REASON_KEYS, reason) ? END_REASON_KEYS[reason as keyof typeof END_REASON_KEYS] : 'cobrowse:reason.unknown';
}
