import { describe, expect, it } from 'vitest';
import { CALLBACK_GROUP_WINDOW_MS, NotificationPolicy, type NoticeEffect, type NoticeRequest } from '../../../main/notifications/policy.ts';

const CUSTOMER = '0b0e4a57-3b6c-4d1e-9f4c-6a1f0a2b3c4d';
const call = (callId: string): NoticeRequest => ({ kind: 'incomingCall', callId, caller: '+31201234567' });
const escalation = (escalationId: string, urgent: boolean): NoticeRequest => ({ kind: 'escalationAssigned', escalationId, urgent, customer: 'Ada', summary: 'Refund' });
const callback = (callbackId: string, dueAt = '2026-12-06T09:00:00.000Z', customerId: string | null = CUSTOMER): NoticeRequest => ({ kind: 'callbackDue', callbackId, dueAt, customerId, name: 'Ada', number: '+31 20 123 4567' });

const shown = (effects: NoticeEffect[]) => effects.flatMap((effect) => (effect.type === 'show' ? [effect.notice] : []));
const closed = (effects: NoticeEffect[]) => effects.flatMap((effect) => (effect.type === 'close' ? [effect.id] : []));

describe('notification policy', () => {
  it('shows an incoming call, urgent, with Answer and Decline, opening the call', () => {
    const [notice] = shown(new NotificationPolicy().offer(call('c1'), 0));
    expect(notice).toMatchObject({ kind: 'incomingCall', urgent: true, actions: ['answer', 'decline'], target: { view: 'phone', callId: 'c1' } });
  });

  it('never shows the same news twice, even after the agent closed it', () => {
    const policy = new NotificationPolicy();
    const [first] = shown(policy.offer(escalation('e1', false), 0));
    expect(policy.offer(escalation('e1', false), 1)).toEqual([]);
    policy.dismissed(first!.id);
    expect(policy.offer(escalation('e1', false), 2)).toEqual([]);
    // A retried callback is due at a new time: that is new news.
    expect(shown(policy.offer(callback('b1', 'T1'), 3))).toHaveLength(1);
    expect(policy.offer(callback('b1', 'T1'), 4)).toEqual([]);
    expect(shown(policy.offer(callback('b1', 'T2'), 10 * CALLBACK_GROUP_WINDOW_MS))).toHaveLength(1);
  });

  it('is quiet on a call except for urgent news, and shows what still matters after the call', () => {
    const policy = new NotificationPolicy();
    policy.setOnCall(true, 0);
    expect(policy.offer(escalation('normal', false), 1)).toEqual([]);
    expect(policy.offer(callback('b1'), 2)).toEqual([]);
    expect(policy.offer(callback('gone'), 2)).toEqual([]);
    expect(policy.withdraw(callback('gone'))).toEqual([]);
    expect(shown(policy.offer(escalation('urgent', true), 3))).toMatchObject([{ kind: 'escalationAssigned', urgent: true }]);
    expect(shown(policy.offer(call('second'), 4))).toMatchObject([{ kind: 'incomingCall' }]);
    expect(shown(policy.offer({ kind: 'accessEnding', endsAt: 'T' }, 5))).toMatchObject([{ kind: 'accessEnding', urgent: true }]);
    const after = shown(policy.setOnCall(false, 6));
    expect(after.map((notice) => notice.requests.map((request) => request.kind))).toEqual([['escalationAssigned'], ['callbackDue']]);
    expect(after[1]?.requests).toEqual([callback('b1')]);
  });

  it('groups callbacks due close together into one notice that replaces the earlier', () => {
    const policy = new NotificationPolicy();
    const [one] = shown(policy.offer(callback('b1'), 0));
    expect(one?.target).toEqual({ view: 'customer', customerId: CUSTOMER });
    const second = policy.offer(callback('b2'), 1_000);
    expect(closed(second)).toEqual([one!.id]);
    const third = policy.offer(callback('b3'), 2_000);
    const [group] = shown(third);
    expect(group?.requests).toHaveLength(3);
    expect(group?.target).toEqual({ view: 'callbacks' });
    expect(closed(third)).toEqual([shown(second)[0]!.id]);
    // Long after the group's first one: a new notice, nothing closed.
    const later = policy.offer(callback('b4'), CALLBACK_GROUP_WINDOW_MS + 10_000);
    expect(closed(later)).toEqual([]);
    expect(shown(later)[0]?.requests).toHaveLength(1);
  });

  it('starts a new group after the agent closed the last one', () => {
    const policy = new NotificationPolicy();
    const [one] = shown(policy.offer(callback('b1'), 0));
    policy.dismissed(one!.id);
    const next = policy.offer(callback('b2'), 1_000);
    expect(closed(next)).toEqual([]);
    expect(shown(next)[0]?.requests).toHaveLength(1);
  });

  it('replaces "hub lost" with "hub back", once per outage', () => {
    const policy = new NotificationPolicy();
    expect(policy.offer({ kind: 'hubBack' }, 0)).toEqual([]);
    const [lost] = shown(policy.offer({ kind: 'hubLost' }, 1));
    expect(lost?.kind).toBe('hubLost');
    expect(policy.offer({ kind: 'hubLost' }, 2)).toEqual([]);
    const back = policy.offer({ kind: 'hubBack' }, 3);
    expect(closed(back)).toEqual([lost!.id]);
    const [backNotice] = shown(back);
    expect(backNotice?.kind).toBe('hubBack');
    // The next outage is news again, and its "lost" replaces the stale "back".
    const again = policy.offer({ kind: 'hubLost' }, 4);
    expect(closed(again)).toEqual([backNotice!.id]);
    expect(shown(again)[0]?.kind).toBe('hubLost');
  });

  it('says nothing about an outage that began and ended during a call', () => {
    const policy = new NotificationPolicy();
    policy.setOnCall(true, 0);
    expect(policy.offer({ kind: 'hubLost' }, 1)).toEqual([]);
    expect(policy.offer({ kind: 'hubBack' }, 2)).toEqual([]);
    expect(policy.setOnCall(false, 3)).toEqual([]);
  });

  it('withdraws a notice whose news is over: the call stopped ringing', () => {
    const policy = new NotificationPolicy();
    const [ring] = shown(policy.offer(call('c1'), 0));
    expect(policy.withdraw(call('c1'))).toEqual([{ type: 'close', id: ring!.id }]);
    expect(policy.withdraw(call('c1'))).toEqual([]);
    expect(policy.openIds()).toEqual([]);
  });

  it('does not close a notice the agent already closed', () => {
    const policy = new NotificationPolicy();
    const [ring] = shown(policy.offer(call('c1'), 0));
    policy.dismissed(ring!.id);
    expect(policy.withdraw(call('c1'))).toEqual([]);
  });

  it('opens the escalation from its notice, and a non-urgent escalation is not urgent', () => {
    const [notice] = shown(new NotificationPolicy().offer(escalation('e9', false), 0));
    expect(notice).toMatchObject({ urgent: false, target: { view: 'escalations', escalationId: 'e9' }, actions: [] });
  });
});
