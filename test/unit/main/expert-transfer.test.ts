import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { ExpertTransfer, type ExpertTransferPhone } from '../../../main/handoffs/expert-transfer.ts';
import { HubUnreachableError } from '../../../main/hub/hub-session.ts';

// "Transfer to expert" in main: the escalation first, then the hand-off, then the call — and
// nothing happens to the call when the hub cannot be asked or nobody can take it.

const CUSTOMER = '01970000-0000-7000-8000-00000000000a';
const EXPERT = '01970000-0000-7000-8000-0000000000e3';
const INTERACTION = '01970000-0000-7000-8000-000000000001';

const activeCall: CallView = {
  id: 'call-1', direction: 'inbound', state: 'active', remoteNumber: '+31612345678', remoteName: null, sipCallId: 'abc@pbx', startedAt: 1, answeredAt: 2,
  endedAt: null, endReason: null, held: false, muted: false, recovering: false, consultFor: null, transfer: null, transfers: 0, quality: null,
  interactionId: INTERACTION, customerId: CUSTOMER,
};

function escalationItem(id: string, assignedTo: { id: string; name: string } | null) {
  return {
    id, customerId: CUSTOMER, customerName: 'Anna de Vries', customerLanguage: 'nl', queue: 'expert', priority: 'high', status: 'open', box: 'created',
    summary: 'Rash', createdAt: '2026-12-06T10:00:00Z', slaDueAt: '2026-12-06T12:00:00Z', createdBy: { id: '01970000-0000-7000-8000-0000000000f1', name: 'Anouk' },
    assignedTo, orderId: null, orderNumber: null, interactionId: INTERACTION, replies: 0, outcome: null, resolution: null, resolvedAt: null,
  };
}

function world(options: { assignee?: { id: string; name: string } | null; unreachable?: boolean } = {}) {
  const requests: { method: string; path: string; body: unknown }[] = [];
  const phoneActions: string[] = [];
  const hub = {
    request: (method: string, path: string, body?: unknown) => {
      requests.push({ method, path, body });
      if (options.unreachable) return Promise.reject(new HubUnreachableError('connection refused'));
      if (path.startsWith('/escalations/')) return Promise.resolve(escalationItem(path.split('/')[2] ?? '', options.assignee === undefined ? { id: EXPERT, name: 'Iris' } : options.assignee));
      if (path === '/directory') {
        return Promise.resolve({
          colleagues: [{ id: EXPERT, displayName: 'Iris', role: 'expert', office: { code: 'ams', name: 'Amsterdam' }, languages: ['nl'], skills: ['nutrition'], extension: '1003', status: 'available', since: null }],
        });
      }
      return Promise.resolve(null);
    },
  };
  const phone: ExpertTransferPhone = {
    call: (id) => (id === activeCall.id ? activeCall : null),
    transfer: (callId, target, handoffId) => (phoneActions.push(`transfer ${callId} ${target} ${handoffId}`), Promise.resolve()),
    consult: (callId, target, handoffId) => (phoneActions.push(`consult ${callId} ${target} ${handoffId}`), Promise.resolve({ callId: 'consult-1' })),
  };
  return { requests, phoneActions, transfer: new ExpertTransfer(hub, phone) };
}

const request = { callId: 'call-1', customerId: CUSTOMER, queue: 'expert' as const, priority: 'high' as const, summary: 'Rash', kind: 'attended' as const };

describe('transfer to expert (main)', () => {
  it('creates the escalation, registers the hand-off with the call\'s SIP Call-ID and number, then consults the assignee carrying its id', async () => {
    const w = world();
    const answer = await w.transfer.start(request);
    expect(w.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ':id')}`)).toEqual(['PUT /escalations/:id', 'GET /directory', 'PUT /handoffs/:id']);
    expect(w.requests[0]?.body).toMatchObject({ customerId: CUSTOMER, queue: 'expert', priority: 'high', summary: 'Rash', interactionId: INTERACTION, assignTo: null });
    expect(w.requests[2]?.body).toEqual({ escalationId: answer.escalationId, toAgentId: EXPERT, kind: 'attended', callId: 'abc@pbx', customerNumber: '+31612345678' });
    expect(w.requests[2]?.path).toBe(`/handoffs/${answer.handoffId}`);
    expect(w.phoneActions).toEqual([`consult call-1 1003 ${answer.handoffId}`]);
    expect(answer).toMatchObject({ target: { agentId: EXPERT, extension: '1003' }, consultCallId: 'consult-1' });
  });

  it('blind: hands the call on with the hand-off id', async () => {
    const w = world();
    const answer = await w.transfer.start({ ...request, kind: 'blind' });
    expect(w.phoneActions).toEqual([`transfer call-1 1003 ${answer.handoffId}`]);
    expect(answer.consultCallId).toBeNull();
  });

  it('nobody of the queue free: the escalation waits in the queue, no hand-off, the call stays', async () => {
    const w = world({ assignee: null });
    await expect(w.transfer.start(request)).rejects.toMatchObject({ code: 'handoff.noAssignee' });
    expect(w.requests.map((r) => r.method)).toEqual(['PUT']);
    expect(w.phoneActions).toEqual([]);
  });

  it('the hub unreachable: says so before anything happens to the call', async () => {
    const w = world({ unreachable: true });
    const failure = await w.transfer.start(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoketError);
    expect((failure as LoketError).code).toBe('hub.unreachable');
    expect(w.phoneActions).toEqual([]);
  });
});
