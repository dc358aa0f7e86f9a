import { v7 as uuidv7 } from 'uuid';
import { PASSWORD, type Fixture, type RunningHub } from './hub-fixture.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One valid request to a hub route, with every field of its body and query filled in. */
export interface Sample {
  readonly method: string;
  /** The route's url as declared (`/customers/:id`). */
  readonly template: string;
  /** The url with ids filled in. */
  readonly url: string;
  readonly body?: Json;
  readonly query?: Record<string, string>;
  /** Who sends it: a role's token (team lead unless said), no token, or the ingest key. */
  readonly access?: 'team_lead' | 'admin' | 'public' | 'ingest';
}

/**
 * Valid requests that together name every field of every route's body and query (the hostile
 * input test checks that against the routes' schemas). Makes the objects they refer to — an
 * interaction, an escalation — through the API as `token` (a team lead).
 */
export async function hostileSamples(hub: RunningHub, fixture: Fixture, token: string): Promise<Sample[]> {
  const { anna, bram } = fixture.customers;
  const { agents } = fixture;
  const hour = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const interaction = uuidv7();
  const escalation = uuidv7();
  for (const [path, body] of [
    [`/interactions/${interaction}`, { customerId: null, channel: 'phone', direction: 'inbound', startedAt: hour(-1) }],
    [`/escalations/${escalation}`, { customerId: anna.id, queue: 'second_line', summary: 'Refund missing' }],
  ] as const) {
    const response = await hub.call('PUT', path, { token, body });
    if (response.status !== 200) throw new Error(`PUT ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const shopCustomer = { email: 'nieuw@example.nl', phone: '06 11 22 33 44', name: 'Nieuwe Klant', country: 'NL', language: 'nl' };
  const ingest = (n: number, event: Record<string, Json>): Sample => ({
    method: 'POST',
    template: '/ingest/events',
    url: '/ingest/events',
    access: 'ingest',
    body: { events: [{ externalId: `sample-${n}-${uuidv7()}`, occurredAt: hour(-2), customer: shopCustomer, ...event }] },
  });
  const sample = (method: string, template: string, ids: Record<string, string>, input: Omit<Sample, 'method' | 'template' | 'url'> = {}): Sample => ({
    method,
    template,
    url: template.replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name] ?? uuidv7()),
    ...input,
  });
  return [
    sample('POST', '/auth/login', {}, { access: 'public', body: { email: agents.first_line.email, password: PASSWORD, deviceName: 'Laptop 7' } }),
    sample('POST', '/auth/enroll', {}, { access: 'public', body: { code: 'ABCD-EFGH-JKLM', deviceName: 'Laptop 7' } }),
    sample('POST', '/auth/refresh', {}, { access: 'public', body: { refreshToken: `${uuidv7()}.${'A'.repeat(43)}`, retryKey: 'B'.repeat(32) } }),
    sample('PUT', '/agents/:agentId/sip-account', { agentId: agents.expert.id }, {
      body: { server: 'wss://pbx.example.com:7443/ws', domain: 'pbx.example.com', username: '1003', authorizationUser: '1003a', displayName: 'Expert', password: 'pw1003' },
    }),
    sample('POST', '/enrollments', {}, { body: { agentId: agents.overflow.id, codeExpiresAt: hour(24), accessExpiresAt: hour(24 * 30) } }),
    sample('POST', '/enrollments/overflow', {}, {
      body: {
        displayName: 'Seasonal Sam', email: `sam-${uuidv7()}@shop.example`, languages: ['de', 'en'], officeId: fixture.officeId,
        accessExpiresAt: hour(24 * 30), codeExpiresAt: hour(24),
        sipAccount: { server: 'wss://pbx.example.com:7443/ws', domain: 'pbx.example.com', username: `season-${uuidv7()}`, authorizationUser: 'season-auth', displayName: 'Sam', password: 'pw-season' },
      },
    }),
    sample('PUT', '/sip-pool', {}, {
      access: 'admin',
      body: { officeId: fixture.officeId, accounts: [{ server: 'wss://pbx.example.com:7443/ws', domain: 'pbx.example.com', username: `pool-${uuidv7()}`, authorizationUser: 'pool-auth', displayName: 'Pool', password: 'pw-pool' }] },
    }),
    sample('GET', '/sip-pool', {}, { query: { officeId: fixture.officeId } }),
    sample('POST', '/overflow-agents/:id/end-access', {}, { body: {} }),
    sample('POST', '/auth/final-report', {}, {
      access: 'public',
      body: { refreshToken: `${uuidv7()}.${'A'.repeat(43)}`, reason: 'expired', items: [{ kind: 'note', customerId: anna.id, createdAt: hour(-1), text: 'Promised a refund' }] },
    }),
    sample('GET', '/customers/lookup', {}, { query: { phone: anna.phone } }),
    sample('GET', '/customers/lookup', {}, { query: { email: anna.email } }),
    sample('GET', '/customers/lookup', {}, { query: { order: anna.order } }),
    sample('GET', '/customers/lookup', {}, { query: { name: 'Anna' } }),
    sample('GET', '/customers/:id/timeline', { id: anna.id }, { query: { before: `${hour(1)}|${uuidv7()}`, limit: '10' } }),
    sample('PUT', '/customers/:id', {}, { body: { name: 'Cor Bakker', language: 'nl', country: 'NL', phones: ['+31611122233'], emails: ['cor@example.nl'] } }),
    sample('POST', '/customers/:id/phones', { id: bram.id }, { body: { phone: '+31699887766' } }),
    sample('POST', '/customers/:id/handover', { id: anna.id }, { body: { agentId: agents.overflow.id } }),
    sample('GET', '/customers', {}, { query: { q: 'An' } }),
    sample('PUT', '/interactions/:id', {}, {
      body: {
        customerId: anna.id, channel: 'phone', direction: 'inbound', startedAt: hour(-1), endedAt: hour(-0.5), reasons: ['where_is_my_order'], outcome: 'solved',
        firstContactFix: true, transfers: 0, note: 'Parcel is on its way', orderId: null, sipCallId: 'a84b4c76e66710@pc33.example.com', remoteNumber: '+31612345678',
      },
    }),
    sample('PATCH', '/interactions/:id', { id: interaction }, {
      body: { customerId: anna.id, endedAt: hour(-0.5), reasons: ['where_is_my_order'], outcome: 'follow_up', firstContactFix: false, transfers: 1, note: 'Calls back', orderId: null },
    }),
    sample('PUT', '/escalations/:id', {}, {
      body: { customerId: anna.id, interactionId: interaction, orderId: null, queue: 'expert', priority: 'high', summary: 'Refund missing', assignTo: agents.expert.id },
    }),
    sample('POST', '/escalations/:id/assign', { id: escalation }, { body: { queue: 'second_line', assignTo: agents.second_line.id } }),
    sample('POST', '/escalations/:id/reply', { id: escalation }, { body: { id: uuidv7(), text: 'Refund started today' } }),
    sample('POST', '/escalations/:id/hand-back', { id: escalation }, { body: { note: 'Needs the payments team' } }),
    sample('POST', '/escalations/:id/resolve', { id: escalation }, { body: { outcome: 'refund', resolution: 'Refunded' } }),
    sample('GET', '/escalations', {}, { query: { status: 'open', queue: 'second_line' } }),
    sample('PUT', '/settings/escalation-sla', {}, { body: { urgent: 30, high: 120, normal: 480, low: 1440 } }),
    sample('PUT', '/handoffs/:id', {}, { body: { escalationId: escalation, toAgentId: agents.expert.id, kind: 'attended', callId: 'a84b4c76e66710@pc33.example.com', customerNumber: anna.phone } }),
    sample('PUT', '/callbacks/:id', {}, { body: { customerId: anna.id, dueAt: hour(2), phone: '+31612345678', note: 'About the refund', assignTo: agents.first_line.id } }),
    sample('GET', '/callbacks', {}, { query: { scope: 'mine', state: 'due', dueBefore: hour(48) } }),
    sample('POST', '/callbacks/:id/outcome', {}, { body: { outcome: 'no_answer', rescheduleAt: hour(3), note: 'Voicemail' } }),
    sample('POST', '/cart-followups/:cartId/outcome', {}, { body: { id: uuidv7(), outcome: 'not_interested', note: 'Bought elsewhere' } }),
    sample('PUT', '/presence', {}, { body: { status: 'available' } }),
    sample('PUT', '/peak-mode', {}, { body: { enabled: true, preset: 'chat_off', note: 'Storm of calls' } }),
    sample('GET', '/audit', {}, { access: 'admin', query: { subjectType: 'customer', subjectId: anna.id } }),
    sample('GET', '/sync', {}, { query: { since: '0', limit: '10' } }),
    sample('GET', '/sync/snapshot', {}, { query: { table: 'customer', after: anna.id, upTo: '1', limit: '10' } }),
    sample('POST', '/cobrowse/sessions', {}, { body: { id: uuidv7(), customerId: anna.id } }),
    sample('GET', '/cobrowse/sessions', {}, { query: { customerId: anna.id } }),
    sample('POST', '/cobrowse/join', {}, { access: 'public', body: { code: '123456' } }),
    sample('POST', '/cobrowse/visitor-tokens', {}, { access: 'ingest', body: { customer: { email: anna.email, phone: anna.phone } } }),
    ingest(1, { type: 'order.placed', order: { number: `NL-2026-${Date.now() % 10_000_000}`, currency: 'EUR', totalCents: 1995 } }),
    ingest(2, { type: 'order.shipped', orderNumber: anna.order, trackingRef: '3SXYZ' }),
    ingest(3, { type: 'cart.abandoned', valueCents: 2500, currency: 'EUR', cartRef: 'cart-81723' }),
    ingest(6, { type: 'order.placed', order: { number: `NL-2026-${(Date.now() + 1) % 10_000_000}`, currency: 'EUR', totalCents: 2500 }, cartRef: 'cart-81723' }),
    ingest(7, { type: 'callback.requested', phone: '+31611223344', windowStart: hour(1), windowEnd: hour(2), language: 'nl-NL' }),
    {
      method: 'POST',
      template: '/ingest/events',
      url: '/ingest/events',
      access: 'ingest',
      body: { events: [{ type: 'cart.recovered', externalId: `sample-8-${uuidv7()}`, occurredAt: hour(-1), customer: { ...shopCustomer, contactConsent: true }, valueCents: 2500, currency: 'EUR', cartRef: 'cart-81723' }] },
    },
    ingest(4, { type: 'review', score: 4, comment: 'Fast delivery' }),
    ingest(5, { type: 'nps.answer', score: 9, comment: 'Helpful agent' }),
  ];
}
