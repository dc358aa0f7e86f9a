import type { Registration } from '../../../common/contract/telephony.ts';
import type { T } from '../../i18n/use-t.ts';
import { registrationText } from './phone-model.ts';

/** What the agent can do about each state in which no call can go out. */
const NEXT_STEP = {
  unconfigured: 'phone:dialPad.nextStep.setUp',
  unregistered: 'phone:dialPad.nextStep.turnOn',
  connecting: 'phone:dialPad.nextStep.wait',
  reconnecting: 'phone:dialPad.nextStep.wait',
  failed: 'phone:dialPad.nextStep.settings',
} as const satisfies Record<Exclude<Registration['state'], 'registered'>, string>;

/**
 * Why no call can be made right now and what to do about it, as one sentence pair: the phone's
 * state as the top bar names it (without its countdown), then the next step.
 */
export function notReadyText(t: T, registration: Registration): string | null {
  if (registration.state === 'registered') return null;
  // Infinity: the state without "in 3 s", which would change under the agent's eyes.
  const why = registrationText(t, { registration, mediaAttached: true }, Number.POSITIVE_INFINITY).text;
  return t('phone:dialPad.notReadyWhy', { why, next: t(NEXT_STEP[registration.state]) });
}
