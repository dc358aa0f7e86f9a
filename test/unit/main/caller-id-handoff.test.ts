import { describe, expect, it } from 'vitest';
import type { CallerIdentified } from '../../../common/contract/caller-id.ts';
import type { Customer360 } from '../../../common/contract/data.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import type { Handoff } from '../../../common/hub/escalations.ts';
import { CallerId, type CallerHandoffs } from '../../../main/caller-id/caller-id.ts';
import type { HandoffMatch } from '../../../main/handoffs/handoff-match.ts';
import { CallEvents } from '../../../main/telephony/call-events.ts';

// Caller id with hand-offs: a transferred call is named by its hand-off (the escalation's
// customer, summary and sender) as it arrives, whatever number it comes from.

const ANNA = '01970000-0000-7000-8000-00000000000a';
const BRAM = '01970000-0000-7000-8000-00000000000b';
const HANDOFF = '01970000-0000-7000-8000-0000000000a1';
const annas360 = { customer: { id: ANNA, name: 'Anna de Vries', country: 'NL', language: 'nl', emails: ['anna@example.nl'] } } as unknown as Customer360;
const brams360 = { customer: { id: BRAM, name: 'Bram Jansen', country: 'NL', language: 'nl', emails: [] } } as unknown as Customer360;

function handoff(customerId: string, customerName: string): Handoff {
  return {
    handoffId: HANDOFF,
    escalationId: '01970000-0000-7000-8000-0000000000e1',
    customerId,
    customerName,
    summary: 'Allergic reaction to the protein bars',
    priority: 'high',
    fromAgentId: '01970000-0000-7000-8000-0000000000f1',
    fromName: 'Anouk de Jong',
    kind: 'attended',
    customerNumber: '+31612345678',
    expiresAt: '2099-01-01T00:00:00Z',
  };
}

function call(id: string, remoteNumber: string): CallView {
  return {
    id, direction: 'inbound', state: 'ringing', remoteNumber, remoteName: null, sipCallId: `sip-${id}`, startedAt: 1, answeredAt: null,
    endedAt: null, endReason: null, held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
    interactionId: '01970000-0000-7000-8000-000000000001', customerId: null,
  };
}

function world(match: (call: CallView) => HandoffMatch, fetch: (id: string) => Promise<Handoff | null> = () => Promise.resolve(null)) {
  const events = new CallEvents();
  const calls = new Map<string, CallView>();
  const sent: CallerIdentified[] = [];
  const answered: string[] = [];
  const handoffs: CallerHandoffs = { match, fetch, answered: (id) => answered.push(id) };
  new CallerId({
    phone: {
      onCall: (listener) => events.on(listener),
      linkCustomer: (callId, customerId) => {
        const linked = { ...(calls.get(callId) as CallView), customerId };
        calls.set(callId, linked);
        events.publish({ type: 'linked', call: linked });
      },
    },
    data: {
      byPhone: (e164) => (e164 === '+31612345678' ? [{ id: ANNA, name: 'Anna de Vries', country: 'NL', language: 'nl', emails: [] }] : []),
      lookupOnline: () => Promise.resolve([]),
      cached360: (id) => (id === ANNA ? annas360 : null),
      customer360: (id) => Promise.resolve(id === BRAM ? brams360 : null),
      onCustomersChanged: () => () => undefined,
    },
    handoffs,
    emit: (caller) => sent.push(caller),
  });
  const ring = (view: CallView) => {
    calls.set(view.id, view);
    events.publish({ type: 'new', call: view });
  };
  return { events, calls, sent, answered, ring };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('caller id with hand-offs', () => {
  it('names a call from the sender’s extension by its held hand-off before it rings, and reports the answer', () => {
    const w = world((view) => (view.remoteNumber === '1001' ? { kind: 'held', by: 'number', held: { handoff: handoff(ANNA, 'Anna de Vries'), offeredAt: 0, senderExtension: '1001' } } : { kind: 'none' }));
    w.ring(call('c1', '1001'));
    expect(w.calls.get('c1')?.customerId).toBe(ANNA);
    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]).toMatchObject({
      customerId: ANNA,
      source: 'handoff',
      pending: false,
      customer: annas360,
      matches: [{ id: ANNA, name: 'Anna de Vries', country: 'NL', language: 'nl' }],
      handoff: { handoffId: HANDOFF, summary: 'Allergic reaction to the protein bars', fromName: 'Anouk de Jong', priority: 'high', kind: 'attended' },
    });
    w.events.publish({ type: 'answered', call: { ...(w.calls.get('c1') as CallView), state: 'active' } });
    expect(w.answered).toEqual([HANDOFF]);
  });

  it('the hand-off wins over the number: a customer on a shared phone is the escalation’s customer', async () => {
    const w = world(() => ({ kind: 'held', by: 'number', held: { handoff: handoff(BRAM, 'Bram Jansen'), offeredAt: 0, senderExtension: null } }));
    w.ring(call('c2', '+31612345678'));
    expect(w.calls.get('c2')?.customerId).toBe(BRAM);
    // Bram is not in this console's cache: the name comes from the hand-off, the 360 from the hub.
    expect(w.sent[0]).toMatchObject({ customerId: BRAM, customer: null, matches: [{ id: BRAM, name: 'Bram Jansen' }] });
    await flush();
    expect(w.sent.at(-1)).toMatchObject({ customerId: BRAM, customer: brams360, handoff: { customerName: 'Bram Jansen' } });
  });

  it('asks the hub for a hand-off the header names (a missed event): "looking up" meanwhile, then named', async () => {
    const asked: string[] = [];
    const w = world(
      () => ({ kind: 'fetch', handoffId: HANDOFF }),
      (id) => (asked.push(id), Promise.resolve(handoff(ANNA, 'Anna de Vries'))),
    );
    w.ring(call('c3', '1001'));
    expect(w.sent[0]).toMatchObject({ pending: true, customerId: null });
    await flush();
    expect(asked).toEqual([HANDOFF]);
    expect(w.sent.at(-1)).toMatchObject({ pending: false, customerId: ANNA, source: 'handoff', handoff: { handoffId: HANDOFF } });
    expect(w.calls.get('c3')?.customerId).toBe(ANNA);
  });

  it('falls back to the number when the hub has no such hand-off for me', async () => {
    const w = world(() => ({ kind: 'fetch', handoffId: HANDOFF }));
    w.ring(call('c4', '+31612345678'));
    await flush();
    const last = w.sent.at(-1);
    expect(last).toMatchObject({ pending: false, customerId: ANNA, source: 'cache' });
    expect(last?.handoff).toBeUndefined();
  });
});
