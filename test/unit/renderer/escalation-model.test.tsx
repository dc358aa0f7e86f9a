import { describe, expect, it } from 'vitest';
import type { Colleague, EscalationItem } from '../../../common/contract/escalations.ts';
import { listOf, newsOf, slaView } from '../../../renderer/features/escalations/escalation-model.ts';
import { matchColleagues } from '../../../renderer/ui/colleague-match.ts';

// The inbox's and the colleague picker's pure decisions.

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 9, 0) + minutes * 60_000).toISOString();
const person = (id: string, name: string) => ({ id, name });
const ME = '00000000-0000-7000-8000-000000000001';
const RAISER = '00000000-0000-7000-8000-000000000002';

function item(fields: Partial<EscalationItem>): EscalationItem {
  return {
    id: '00000000-0000-7000-8000-0000000000aa',
    customerId: '00000000-0000-7000-8000-0000000000bb',
    customerName: 'Anna de Vries',
    customerLanguage: 'nl',
    queue: 'expert',
    priority: 'normal',
    status: 'open',
    box: 'queue',
    summary: 'Allergy question',
    createdAt: at(0),
    slaDueAt: at(120),
    createdBy: person(RAISER, 'Anouk'),
    assignedTo: null,
    orderId: null,
    orderNumber: null,
    interactionId: null,
    replies: 0,
    outcome: null,
    resolution: null,
    resolvedAt: null,
    ...fields,
  };
}

describe('the SLA timer', () => {
  it('is plain with a quarter or more of the SLA left, amber below a quarter, red past the due time', () => {
    const two = item({});
    expect(slaView(two, Date.parse(at(89))).state).toBe('ok');
    expect(slaView(two, Date.parse(at(91))).state).toBe('amber');
    expect(slaView(two, Date.parse(at(121)))).toEqual({ state: 'red', leftMs: -60_000 });
    expect(slaView(item({ slaDueAt: null }), Date.parse(at(500))).state).toBe('none');
  });

  it('judges a resolved escalation by when it was resolved, not by now', () => {
    expect(slaView(item({ status: 'resolved', resolvedAt: at(100) }), Date.parse(at(999))).state).toBe('met');
    expect(slaView(item({ status: 'resolved', resolvedAt: at(130) }), Date.parse(at(999))).state).toBe('red');
  });
});

describe('the lists', () => {
  it('put the oldest first and the recently resolved after the open ones', () => {
    const old = item({ id: '00000000-0000-7000-8000-000000000001', createdAt: at(0) });
    const young = item({ id: '00000000-0000-7000-8000-000000000002', createdAt: at(30) });
    const done = item({ id: '00000000-0000-7000-8000-000000000003', createdAt: at(-60), status: 'resolved' });
    const elsewhere = item({ id: '00000000-0000-7000-8000-000000000004', box: 'mine' });
    expect(listOf([young, done, elsewhere, old], 'queue').map((entry) => entry.id)).toEqual([old.id, young.id, done.id]);
  });
});

describe('news for this agent', () => {
  it('is an escalation assigned to me, a reply from the other side, my escalation resolved by someone else', () => {
    expect(newsOf('escalation.assigned', {}, item({ box: 'mine' }))).toBe('assigned');
    expect(newsOf('escalation.assigned', {}, item({ box: 'queue' }))).toBeNull();
    const raisedByMe = { box: 'created' as const, createdBy: person(ME, 'Me') };
    expect(newsOf('escalation.replied', { by: ME }, item(raisedByMe))).toBeNull();
    expect(newsOf('escalation.replied', { by: RAISER }, item(raisedByMe))).toBe('replied');
    expect(newsOf('escalation.replied', { by: RAISER }, item({ box: 'mine' }))).toBe('replied');
    expect(newsOf('escalation.replied', { by: ME }, item({ box: 'mine' }))).toBeNull();
    expect(newsOf('escalation.resolved', { resolvedBy: RAISER }, item({ ...raisedByMe, status: 'resolved' }))).toBe('resolved');
    expect(newsOf('escalation.resolved', { resolvedBy: ME }, item({ ...raisedByMe, status: 'resolved' }))).toBeNull();
    expect(newsOf('escalation.resolved', { resolvedBy: ME }, undefined)).toBeNull();
  });
});

describe('the colleague picker’s search', () => {
  const colleague = (name: string, fields: Partial<Colleague>): Colleague => ({
    id: `00000000-0000-7000-8000-${String(name.length).padStart(12, '0')}${name}`.slice(0, 36),
    displayName: name,
    role: 'second_line',
    office: { code: 'ams', name: 'Amsterdam' },
    languages: ['nl'],
    skills: [],
    extension: null,
    status: 'offline',
    since: null,
    ...fields,
  });
  const words = { role: (role: string) => (role === 'expert' ? 'Nutrition expert' : 'Second line'), language: (code: string) => (code === 'de' ? 'German' : 'Dutch') };
  const iris = colleague('Iris van Dijk', { role: 'expert', skills: ['nutrition'], status: 'on_call' });
  const bram = colleague('Bram Mulder', { skills: ['payments', 'returns'], status: 'available' });
  const jonas = colleague('Jönas Weber', { languages: ['de'], office: { code: 'cgn', name: 'Köln' }, status: 'available' });

  it('lists free colleagues first, then by name', () => {
    expect(matchColleagues([iris, jonas, bram], '', words).map((entry) => entry.displayName)).toEqual(['Bram Mulder', 'Jönas Weber', 'Iris van Dijk']);
  });

  it('finds by name without accents, role, skill, language name and office; every word must match', () => {
    const names = (query: string) => matchColleagues([iris, bram, jonas], query, words).map((entry) => entry.displayName);
    expect(names('jonas')).toEqual(['Jönas Weber']);
    expect(names('nutrition')).toEqual(['Iris van Dijk']);
    expect(names('returns')).toEqual(['Bram Mulder']);
    expect(names('german')).toEqual(['Jönas Weber']);
    expect(names('koln')).toEqual(['Jönas Weber']);
    expect(names('second dutch')).toEqual(['Bram Mulder']);
    expect(names('expert german')).toEqual([]);
  });
});
