import type { CallEndReason, CallView, PhoneStatus, Registration } from '../../../common/contract/telephony.ts';
import { phoneKeys, type PhoneCommand } from '../../app/shortcuts.ts';
import type { T } from '../../i18n/use-t.ts';

// What the softphone UI shows, as pure functions of main's PhoneStatus (tested without React).

// ---- dialling ---------------------------------------------------------------------------------

// The rule itself is shared with main (common/phone.ts).
export { checkDialTarget, type DialCheck } from '../../../common/phone.ts';
// How numbers and durations read is shared with the screen pop and the wrap-up (app/phone-format.ts).
export { formatCallDuration, formatPhoneNumber, numberText, partyText } from '../../app/phone-format.ts';

// ---- calls -----------------------------------------------------------------------------------

export function isLive(call: CallView): boolean {
  return call.state !== 'ended';
}

/** Inbound calls still waiting for an answer, oldest first (the one that waited longest). */
export function ringingCalls(calls: readonly CallView[]): CallView[] {
  return calls.filter((call) => call.direction === 'inbound' && call.state === 'ringing').sort((a, b) => a.startedAt - b.startedAt);
}

export interface CallLayout {
  /** The call the panel is about (and the shortcuts act on). */
  readonly primary: CallView | null;
  /** Other live calls (the customer on hold during a consult, a second call), shown small. */
  readonly others: readonly CallView[];
}

/**
 * Which call the panel shows: a live consult call (the agent is talking to the colleague); else
 * the newest live call that is not on hold; else the newest live call; else the newest ended
 * call, which main keeps for a few seconds so the agent can read why it ended.
 */
export function arrangeCalls(calls: readonly CallView[]): CallLayout {
  const handled = calls.filter((call) => !(call.direction === 'inbound' && call.state === 'ringing'));
  const newestFirst = [...handled].sort((a, b) => b.startedAt - a.startedAt);
  const live = newestFirst.filter(isLive);
  const primary =
    live.find((call) => call.consultFor !== null) ?? live.find((call) => !call.held) ?? live[0] ?? newestFirst.find((call) => !isLive(call)) ?? null;
  return { primary, others: live.filter((call) => call !== primary) };
}

/** The live consult call of a customer's call, if an attended transfer is under way. */
export function consultOf(calls: readonly CallView[], callId: string): CallView | null {
  return calls.find((call) => call.consultFor === callId && isLive(call)) ?? null;
}

/** How long the call has run: from the answer (live), to its end (ended); null before an answer. */
export function callDurationMs(call: CallView, now: number): number | null {
  if (call.answeredAt === null) return null;
  const end = call.state === 'ended' ? (call.endedAt ?? now) : now;
  return Math.max(0, end - call.answeredAt);
}

const END_REASONS = {
  localHangup: 'phone:ended.localHangup',
  remoteHangup: 'phone:ended.remoteHangup',
  declined: 'phone:ended.declined',
  busy: 'phone:ended.busy',
  notFound: 'phone:ended.notFound',
  noAnswer: 'phone:ended.noAnswer',
  cancelled: 'phone:ended.cancelled',
  transferred: 'phone:ended.transferred',
  failed: 'phone:ended.failed',
  unavailable: 'phone:ended.unavailable',
} as const satisfies Record<CallEndReason, string>;

/** Why a call ended, in the agent's words (who declined or cancelled depends on the direction). */
export function endReasonText(t: T, call: Pick<CallView, 'endReason' | 'direction'>): string {
  const reason = call.endReason;
  if (reason === null) return t('phone:ended.unknown');
  if (reason === 'declined' && call.direction === 'inbound') return t('phone:ended.declinedByYou');
  if (reason === 'cancelled' && call.direction === 'inbound') return t('phone:ended.cancelledByCaller');
  return t(END_REASONS[reason]);
}

/** The call's state in a few words, for the panel and for screen readers. */
export function callStateText(t: T, call: CallView): string {
  switch (call.state) {
    case 'ringing':
      return t('phone:call.ringing');
    case 'dialing':
      return t('phone:call.dialing');
    case 'ended':
      return t('phone:call.ended', { reason: endReasonText(t, call) });
    case 'active': {
      if (call.recovering) return t('phone:call.recovering');
      const parts = [call.held ? t('phone:call.onHold') : t('phone:call.connected')];
      if (call.muted) parts.push(t('phone:call.muted'));
      return parts.join(' · ');
    }
  }
}

/** How a number to dial is typed (dial pad, transfer): the phone keypad, no autofill, no spell check. */
export const DIAL_INPUT = { type: 'tel', inputMode: 'tel', autoComplete: 'off', spellCheck: false, maxLength: 64 } as const;

// ---- registration ----------------------------------------------------------------------------

export type Tone = 'ok' | 'busy' | 'bad' | 'offline';

export interface RegistrationText {
  readonly text: string;
  /** A second line (the countdown while reconnecting after a known error). */
  readonly detail: string | null;
  readonly tone: Tone;
}

/** Why registering failed, as the top bar says it. */
const REGISTRATION_ERRORS = {
  'phone.keepAliveLost': 'phone:status.keepAliveLost',
  'phone.serverUnreachable': 'phone:status.serverUnreachable',
  'phone.serverRefused': 'phone:status.serverRefused',
  'phone.authFailed': 'phone:status.authFailed',
} as const satisfies Record<NonNullable<Registration['error']>, string>;

/**
 * What the top bar says about the phone. Honest: "ready" only while registered with a media
 * engine attached; every other state says what is going on and, where it helps, why.
 */
export function registrationText(t: T, status: Pick<PhoneStatus, 'registration' | 'mediaAttached'>, now: number): RegistrationText {
  const registration: Registration = status.registration;
  switch (registration.state) {
    case 'registered':
      return status.mediaAttached
        ? { text: t('phone:status.ready'), detail: null, tone: 'ok' }
        : { text: t('phone:status.noAudio'), detail: null, tone: 'busy' };
    case 'connecting':
      return { text: t('phone:status.connecting'), detail: null, tone: 'busy' };
    case 'reconnecting': {
      const seconds = registration.retryAt === null ? null : Math.ceil((registration.retryAt - now) / 1_000);
      const countdown = seconds !== null && seconds > 0 ? t('phone:status.reconnectingIn', { count: seconds }) : t('phone:status.reconnecting');
      // A known error is the headline and the countdown the second line; without one the countdown says it all.
      return registration.error === null
        ? { text: countdown, detail: null, tone: 'busy' }
        : { text: t(REGISTRATION_ERRORS[registration.error]), detail: countdown, tone: 'bad' };
    }
    case 'failed':
      return { text: registration.error === null ? t('phone:status.failed') : t(REGISTRATION_ERRORS[registration.error]), detail: null, tone: 'bad' };
    case 'unregistered':
      return { text: t('phone:status.unregistered'), detail: null, tone: 'offline' };
    case 'unconfigured':
      return { text: t('phone:status.unconfigured'), detail: null, tone: 'offline' };
  }
}

/** Whether the status line changes every second (a countdown on screen). */
export function registrationTicks(status: PhoneStatus | null): boolean {
  return status?.registration.state === 'reconnecting' && status.registration.retryAt !== null;
}

/** "Answer (Alt+Shift+A)" for a button's tooltip, with the key names of the UI language. */
export function withKeys(t: T, action: string, command: PhoneCommand): string {
  const letter = phoneKeys(command).split('+').at(-1) ?? '';
  return t('phone:withShortcut', { action, keys: [t('shortcuts:keys.alt'), t('shortcuts:keys.shift'), letter].join('+') });
}
