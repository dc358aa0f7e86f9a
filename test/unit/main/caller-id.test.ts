import { describe, expect, it } from 'vitest';
import type { CallerIdentified } from '../../../common/contract/caller-id.ts';
import type { Customer360 } from '../../../common/contract/data.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import { CallerId, type CallerData, type CallerHit } from '../../../main/caller-id/caller-id.ts';
import { CallEvents } from '../../../main/telephony/call-events.ts';

// Caller id against a fake softphone (its call events and link path) and a fake data port.

const ANNA = '01970000-0000-7000-8000-00000000000a';
const BRAM = '01970000-0000-7000-8000-00000000000b';
const BEA = '01970000-0000-7000-8000-00000000000c';
const hit = (id: string, name: string): CallerHit => ({ id, name, country: 'NL', language: 'nl', emails: [] });
const annas360 = { customer: { id: ANNA, name: 'Anna de Vries' } } as unknown as Customer360;
const brams360 = { customer: { id: BRAM, name: 'Bram' } } as unknown as Customer360;

function call(id: string, remoteNumber: string, direction: CallView['direction'] = 'inbound'): CallView {
  return {
    id, direction, state: direction === 'inbound' ? 'ringing' : 'dialing', remoteNumber, remoteName: null, sipCallId: `sip-${id}`, startedAt: 1, answeredAt: null,
    endedAt: null, endReason: null, held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
    interactionId: '01970000-0000-7000-8000-000000000001', customerId: null,
  };
}

/** A softphone as caller id sees it: linking publishes `linked` like the real one. */
function world(data: Partial<CallerData> = {}) {
  const events = new CallEvents();
  const calls = new Map<string, CallView>();
  const sent: CallerIdentified[] = [];
  const linkCustomer = (callId: string, customerId: string) => {
    const linked = { ...(calls.get(callId) as CallView), customerId };
    calls.set(callId, linked);
    events.publish({ type: 'linked', call: linked });
  };
  /** The cache's customers by number; a test adds some, as a sync would, and calls `synced`. */
  const cache = new Map<string, CallerHit[]>([
    ['+31612345678', [hit(ANNA, 'Anna de Vries')]],
    ['+31699887766', [hit(BRAM, 'Bram'), hit(BEA, 'Bea')]],
  ]);
  const changed = new Set<() => void>();
  const callerId = new CallerId({
    phone: { onCall: (listener) => events.on(listener), linkCustomer },
    data: {
      byPhone: (e164) => cache.get(e164) ?? [],
      lookupOnline: () => Promise.resolve([]),
      cached360: (id) => (id === ANNA ? annas360 : null),
      customer360: (id) => Promise.resolve(id === BRAM ? brams360 : null),
      onCustomersChanged: (listener) => {
        changed.add(listener);
        return () => changed.delete(listener);
      },
      ...data,
    },
    emit: (caller) => sent.push(caller),
  });
  const synced = (e164: string, hits: CallerHit[]) => {
    cache.set(e164, hits);
    for (const listener of changed) listener();
  };
  const ring = (view: CallView) => {
    calls.set(view.id, view);
    events.publish({ type: 'new', call: view });
  };
  return { events, calls, sent, callerId, ring, linkCustomer, synced, changed };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('caller id', () => {
  it('links the one cached customer with the number and sends their 360 as the call arrives', () => {
    const w = world();
    w.ring(call('c1', '+31612345678'));
    expect(w.calls.get('c1')?.customerId).toBe(ANNA);
    expect(w.sent).toEqual([{ callId: 'c1', number: '+31612345678', matches: [hit(ANNA, 'Anna de Vries')], customerId: ANNA, customer: annas360, source: 'cache', pending: false, hubUnreachable: false }]);
    expect(w.callerId.callers()).toEqual(w.sent);
  });

  it('offers several matches without linking, and sends the agent’s choice with its source', () => {
    const w = world();
    w.ring(call('c2', '+31699887766'));
    expect(w.calls.get('c2')?.customerId).toBeNull();
    expect(w.sent[0]).toMatchObject({ customerId: null, customer: null, source: 'cache', pending: false });
    expect(w.sent[0]?.matches.map((m) => m.id)).toEqual([BRAM, BEA]);
    w.linkCustomer('c2', BEA);
    expect(w.sent).toHaveLength(2);
    expect(w.sent[1]).toMatchObject({ callId: 'c2', customerId: BEA, source: 'agent', customer: null });
  });

  it('asks the hub when the cache has no match, says "looking up" meanwhile, and links the single match with the hub’s 360', async () => {
    const w = world({ lookupOnline: () => Promise.resolve([hit(BRAM, 'Bram')]) });
    w.ring(call('c3', '+31611122233'));
    expect(w.sent[0]).toMatchObject({ matches: [], customerId: null, source: 'cache', pending: true, hubUnreachable: false });
    await flush();
    expect(w.sent[1]).toMatchObject({ matches: [hit(BRAM, 'Bram')], customerId: BRAM, customer: brams360, source: 'hub', pending: false, hubUnreachable: false });
    expect(w.calls.get('c3')?.customerId).toBe(BRAM);
  });

  it('says unknown only when the hub has no match either, and "not reachable" when the hub could not be asked', async () => {
    const none = world();
    none.ring(call('c4', '+31611122233'));
    await flush();
    expect(none.sent.map((c) => [c.pending, c.hubUnreachable])).toEqual([[true, false], [false, false]]);
    expect(none.sent[1]).toMatchObject({ matches: [], customerId: null, source: 'cache' });

    const failing = world({ lookupOnline: () => Promise.reject(new Error('hub down')) });
    failing.ring(call('c5', '+31611122233'));
    await flush();
    expect(failing.sent.map((c) => [c.pending, c.hubUnreachable])).toEqual([[true, false], [false, true]]);

    const signedOut = world({ lookupOnline: () => Promise.resolve(null) });
    signedOut.ring(call('c5b', '+31611122233'));
    await flush();
    expect(signedOut.sent.at(-1)).toMatchObject({ pending: false, hubUnreachable: true, matches: [] });
  });

  it('keeps the agent’s link over a late answer from the hub', async () => {
    const late = world({ lookupOnline: () => flush().then(() => [hit(BRAM, 'Bram')]) });
    late.ring(call('c6', '+31611122233'));
    late.linkCustomer('c6', ANNA);
    await flush();
    await flush();
    expect(late.calls.get('c6')?.customerId).toBe(ANNA);
    expect(late.sent.at(-1)).toMatchObject({ customerId: ANNA, source: 'agent', pending: false, matches: [] });
  });

  it('looks again when a sync brings the number in while the call rings, also after the hub said "none"', async () => {
    const w = world();
    w.ring(call('c9', '+31611122233'));
    await flush();
    expect(w.sent.at(-1)).toMatchObject({ matches: [], pending: false });
    w.synced('+31611122233', [hit(ANNA, 'Anna de Vries')]);
    expect(w.sent.at(-1)).toMatchObject({ matches: [hit(ANNA, 'Anna de Vries')], customerId: ANNA, customer: annas360, source: 'cache', pending: false });
    expect(w.calls.get('c9')?.customerId).toBe(ANNA);
    // Another sync that changes nothing for this number sends nothing again.
    const count = w.sent.length;
    w.synced('+31600000000', []);
    expect(w.sent).toHaveLength(count);
  });

  it('asks the hub again after a sync when it was not reachable before', async () => {
    let reachable = false;
    const w = world({ lookupOnline: () => (reachable ? Promise.resolve([hit(BRAM, 'Bram')]) : Promise.reject(new Error('hub down'))) });
    w.ring(call('c10', '+31611122233'));
    await flush();
    expect(w.sent.at(-1)).toMatchObject({ hubUnreachable: true, pending: false });
    reachable = true;
    w.synced('+31600000000', []);
    expect(w.sent.at(-1)).toMatchObject({ hubUnreachable: false, pending: true });
    await flush();
    expect(w.sent.at(-1)).toMatchObject({ customerId: BRAM, source: 'hub', hubUnreachable: false, pending: false });
  });

  it('looks up only E.164 numbers, links outbound calls without announcing them, and forgets a forgotten call', () => {
    const w = world();
    w.ring(call('c7', '2001'));
    expect(w.sent[0]).toMatchObject({ number: '2001', matches: [], pending: false, hubUnreachable: false });
    w.ring(call('c8', '+31612345678', 'outbound'));
    expect(w.calls.get('c8')?.customerId).toBe(ANNA);
    expect(w.sent).toHaveLength(1);
    expect(w.callerId.callers().map((c) => c.callId)).toEqual(['c7']);
    w.events.publish({ type: 'forgotten', callId: 'c7' });
    expect(w.callerId.callers()).toEqual([]);
    w.callerId.dispose();
    expect(w.changed.size).toBe(0);
  });
});
