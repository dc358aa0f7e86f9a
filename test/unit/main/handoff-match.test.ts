import { describe, expect, it } from 'vitest';
import type { Handoff } from '../../../common/hub/escalations.ts';
import { handoffIdFromHeader, matchHandoff, type HeldHandoff } from '../../../main/handoffs/handoff-match.ts';

// Which hand-off a transferred call carries: header, then the caller's number (customer or
// sender), then the only recent offer; expired ones never.

const NOW = Date.parse('2026-12-06T10:00:00Z');
const A = '01970000-0000-7000-8000-0000000000a1';
const B = '01970000-0000-7000-8000-0000000000b2';
const UNKNOWN = '01970000-0000-7000-8000-0000000000c3';

function held(id: string, options: { customerNumber?: string | null; senderExtension?: string | null; offeredSecondsAgo?: number; expiresInSeconds?: number } = {}): HeldHandoff {
  const handoff: Handoff = {
    handoffId: id,
    escalationId: '01970000-0000-7000-8000-0000000000e1',
    customerId: '01970000-0000-7000-8000-0000000000d1',
    customerName: 'Anna de Vries',
    summary: 'Allergic reaction to the protein bars',
    priority: 'high',
    fromAgentId: '01970000-0000-7000-8000-0000000000f1',
    fromName: 'Anouk',
    kind: 'blind',
    customerNumber: options.customerNumber === undefined ? '+31612345678' : options.customerNumber,
    expiresAt: new Date(NOW + (options.expiresInSeconds ?? 300) * 1000).toISOString(),
  };
  return { handoff, offeredAt: NOW - (options.offeredSecondsAgo ?? 10) * 1000, senderExtension: options.senderExtension ?? null };
}

describe('matching a new call to a hand-off', () => {
  it('takes the hand-off the header names, over one whose number matches', () => {
    const match = matchHandoff({ header: B, callerNumber: '+31612345678', held: [held(A), held(B, { customerNumber: '+4930123456' })], now: NOW });
    expect(match).toMatchObject({ kind: 'held', by: 'header', held: { handoff: { handoffId: B } } });
  });

  it('asks the hub for a hand-off the header names that is not held (a missed event)', () => {
    expect(matchHandoff({ header: UNKNOWN, callerNumber: '+31612345678', held: [held(A)], now: NOW })).toEqual({ kind: 'fetch', handoffId: UNKNOWN });
  });

  it('matches the customer’s number, newest offer first, when there is no header', () => {
    const older = held(A, { offeredSecondsAgo: 60 });
    const newer = held(B, { offeredSecondsAgo: 5 });
    expect(matchHandoff({ header: null, callerNumber: '+31612345678', held: [older, newer], now: NOW })).toMatchObject({ kind: 'held', by: 'number', held: { handoff: { handoffId: B } } });
  });

  it('matches the sender’s extension (a consult call from the colleague’s phone)', () => {
    const fromExtension = held(A, { customerNumber: null, senderExtension: '1001' });
    const other = held(B, { customerNumber: '+31699999999', offeredSecondsAgo: 1 });
    expect(matchHandoff({ header: null, callerNumber: '1001', held: [fromExtension, other], now: NOW })).toMatchObject({ kind: 'held', by: 'number', held: { handoff: { handoffId: A } } });
  });

  it('falls back to the only hand-off offered in the last two minutes (withheld or rewritten caller id)', () => {
    expect(matchHandoff({ header: null, callerNumber: 'anonymous', held: [held(A, { offeredSecondsAgo: 30 })], now: NOW })).toMatchObject({ kind: 'held', by: 'recent' });
    // Two recent offers: which one rings is a guess, so none is taken.
    expect(matchHandoff({ header: null, callerNumber: 'anonymous', held: [held(A), held(B)], now: NOW })).toEqual({ kind: 'none' });
    // An offer older than two minutes does not name an unrelated caller.
    expect(matchHandoff({ header: null, callerNumber: '+4930123456', held: [held(A, { offeredSecondsAgo: 180 })], now: NOW })).toEqual({ kind: 'none' });
  });

  it('never matches an expired hand-off, by header or by number', () => {
    const expired = held(A, { expiresInSeconds: -1 });
    expect(matchHandoff({ header: A, callerNumber: '+31612345678', held: [expired], now: NOW })).toEqual({ kind: 'fetch', handoffId: A });
    expect(matchHandoff({ header: null, callerNumber: '+31612345678', held: [expired], now: NOW })).toEqual({ kind: 'none' });
  });

  it('reads only a UUID from the header, whatever else a far end puts there', () => {
    expect(handoffIdFromHeader(` ${A.toUpperCase()} `)).toBe(A);
    expect(handoffIdFromHeader('<script>')).toBeNull();
    expect(handoffIdFromHeader(undefined)).toBeNull();
  });
});
