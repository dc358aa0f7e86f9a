import type { Handoff } from '../../common/hub/escalations.ts';

/** The header a console puts on an INVITE it sends for a hand-off (the consult call) and on a blind REFER's target. */
export const HANDOFF_HEADER = 'X-Loket-Handoff';

/** A hand-off offered to this agent that main holds, with when it heard of it. */
export interface HeldHandoff {
  readonly handoff: Handoff;
  /** When this console was told (live event or pending list), ms since the epoch. */
  readonly offeredAt: number;
  /** The sender's extension, when the directory told us (a consult call comes from it). */
  readonly senderExtension: string | null;
}

/** "Only hand-off offered lately" counts for this long: a transfer rings within seconds of its offer. */
export const RECENT_OFFER_MS = 2 * 60_000;

/** What the header on a call says: a hand-off id, if it is one (anything else is ignored). */
export function handoffIdFromHeader(value: string | undefined | null): string | null {
  const id = value?.trim().toLowerCase() ?? '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
}

export type HandoffMatch =
  /** A held hand-off names the call. */
  | { readonly kind: 'held'; readonly held: HeldHandoff; readonly by: 'header' | 'number' | 'recent' }
  /** The call's header names a hand-off main does not hold (missed event): ask the hub. */
  | { readonly kind: 'fetch'; readonly handoffId: string }
  | { readonly kind: 'none' };

/**
 * Which hand-off a new inbound call carries, in this order:
 * 1. the `X-Loket-Handoff` header (the consult call of an attended transfer, or a phone that
 *    copied the blind REFER's header) — held, or else to be fetched from the hub;
 * 2. a held hand-off whose customer's number or sender's extension is the caller (a customer's
 *    phone following a blind REFER calls from its own number; a consult comes from the sender);
 * 3. the only hand-off offered in the last two minutes (the transferred leg's caller id is
 *    withheld or rewritten by a PBX).
 * Expired hand-offs never match; with several by number, the newest offer wins.
 */
export function matchHandoff(input: { header: string | null; callerNumber: string; held: readonly HeldHandoff[]; now: number }): HandoffMatch {
  const live = input.held.filter((held) => Date.parse(held.handoff.expiresAt) > input.now);
  if (input.header) {
    const byHeader = live.find((held) => held.handoff.handoffId === input.header);
    return byHeader ? { kind: 'held', held: byHeader, by: 'header' } : { kind: 'fetch', handoffId: input.header };
  }
  const caller = comparable(input.callerNumber);
  if (caller) {
    const byNumber = newestFirst(live).find((held) => comparable(held.handoff.customerNumber) === caller || comparable(held.senderExtension) === caller);
    if (byNumber) return { kind: 'held', held: byNumber, by: 'number' };
  }
  const recent = live.filter((held) => input.now - held.offeredAt <= RECENT_OFFER_MS);
  const [only] = recent;
  return recent.length === 1 && only ? { kind: 'held', held: only, by: 'recent' } : { kind: 'none' };
}

function newestFirst(held: readonly HeldHandoff[]): HeldHandoff[] {
  return [...held].sort((a, b) => b.offeredAt - a.offeredAt);
}

/** Numbers compared as digits with their leading "+" (SIP user parts may carry visual separators). */
function comparable(number: string | null | undefined): string | null {
  if (!number) return null;
  const cleaned = number.replace(/[\s().-]/g, '');
  return cleaned.length > 0 ? cleaned : null;
}
