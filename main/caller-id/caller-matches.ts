import type { CallHandoff } from '../../common/contract/handoffs.ts';
import { MAX_CALLER_MATCHES, type CallerMatch } from '../../common/contract/telephony.ts';
import type { Customer360 } from '../../common/contract/data.ts';
import type { Handoff } from '../../common/hub/escalations.ts';
import type { CallerHit } from './caller-ports.ts';

// Pure helpers of caller id: matches from hits and from a hand-off.

export function toMatches(hits: readonly CallerHit[]): CallerMatch[] {
  return hits.slice(0, MAX_CALLER_MATCHES).map((c) => ({ id: c.id, name: c.name, country: c.country, language: c.language, emails: [...c.emails] }));
}

export function sameCustomers(a: readonly CallerMatch[], b: readonly CallerMatch[]): boolean {
  return a.length === b.length && a.every((match, index) => match.id === b[index]?.id);
}

/** What the page shows of a hand-off with the ringing call. */
export function callHandoff(handoff: Handoff): CallHandoff {
  const { handoffId, escalationId, customerId, customerName, summary, priority, fromName, kind } = handoff;
  return { handoffId, escalationId, customerId, customerName, summary, priority, fromName, kind };
}

/** The one match a hand-off names: the cache's details when it holds the customer, else the hand-off's name. */
export function handoffMatch(handoff: Handoff, cached: Customer360 | null): CallerMatch {
  const customer = cached?.customer;
  return { id: handoff.customerId, name: customer?.name ?? handoff.customerName, country: customer?.country ?? '', language: customer?.language ?? '', emails: [...(customer?.emails ?? [])] };
}
