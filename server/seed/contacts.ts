// A customer's contacts with the contact centre (calls, mails, chats, WhatsApp, notes), the
// order each is about, and the feedback that follows: CSAT after contacts, reviews, NPS.
import { type UiLanguage } from '../../common/locales.ts';
import { type CustomerPlan } from './customer-plan.ts';
import { NOTES } from './data/notes.ts';
import { REASONS, type ReasonCode, type ReasonDefinition } from './data/reasons.ts';
import { COMMENTS } from './data/texts.ts';
import { uuidAt } from './ids.ts';
import { arrayLiteral } from './insert.ts';
import { type OrderFacts } from './orders.ts';
import type { CaseCandidate, Generation } from './population.ts';
import { type Random, Weighted, clamp } from './random.ts';
import { type InteractionRow } from './tables.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

const CHANNELS = new Weighted<InteractionRow['channel']>([
  ['phone', 40],
  ['email', 25],
  ['chat', 17],
  ['whatsapp', 10],
  ['note', 8],
]);
const EMAIL_FIRST = new Weighted<InteractionRow['channel']>([
  ['email', 55],
  ['phone', 25],
  ['chat', 12],
  ['note', 8],
]);
const CHAT_FIRST = new Weighted<InteractionRow['channel']>([
  ['chat', 40],
  ['phone', 30],
  ['email', 15],
  ['whatsapp', 10],
  ['note', 5],
]);
const REASON_PICK = new Weighted<ReasonDefinition>(REASONS.map((r) => [r, r.weight] as const));
const SIDE_REASONS: readonly ReasonCode[] = ['product_question', 'discount_code', 'account_login', 'invoice_request', 'subscription', 'address_change'];

export function interactionsFor(
  pop: Generation,
  rng: Random,
  customer: { id: string; officeId: string; language: UiLanguage; phone: string },
  plan: CustomerPlan,
  activeFrom: number,
  orders: readonly OrderFacts[],
): void {
  const latest = pop.now - 2 * MINUTE;
  for (let i = 0; i < plan.interactions; i++) {
    const reason = REASON_PICK.pick(rng);
    const reasons: ReasonCode[] = [reason.code];
    if (rng.chance(0.12)) {
      const side = rng.pick(SIDE_REASONS);
      if (side !== reason.code) reasons.push(side);
    }
    let order: OrderFacts | null = null;
    let at = 0;
    if (reason.aboutOrder && orders.length > 0) {
      const picked = orderFor(rng, reason.code, orders);
      if (picked) {
        const t = pop.calendar.nextOpen(rng, picked.at);
        if (t >= activeFrom && t <= latest) {
          order = picked.order;
          at = t;
        }
      }
    }
    if (!order) at = pop.calendar.sample(rng, 'contact', activeFrom, latest);

    const channel = (reason.code === 'invoice_request' ? EMAIL_FIRST : reason.code === 'account_login' ? CHAT_FIRST : CHANNELS).pick(rng);
    const agent = pop.agents.pick(rng, customer.officeId, at);
    const direction = channel === 'note' ? 'internal' : rng.chance(channel === 'phone' ? 0.15 : channel === 'email' ? 0.22 : channel === 'whatsapp' ? 0.12 : 0) ? 'outbound' : 'inbound';
    const transfers = channel === 'phone' ? rng.weighted([[0, 85], [1, 12], [2, 3]] as const) : channel === 'chat' && rng.chance(0.06) ? 1 : 0;
    const minutes =
      channel === 'phone'
        ? clamp(rng.logNormal(6, 0.55), 1, 45) + 2 * transfers
        : channel === 'email'
          ? clamp(rng.logNormal(4, 0.5), 1, 25)
          : channel === 'chat'
            ? clamp(rng.logNormal(11, 0.5), 3, 60)
            : channel === 'whatsapp'
              ? clamp(rng.logNormal(25, 0.8), 3, 240)
              : 0;
    let startedAt = at;
    let endedAt: number | null = startedAt + Math.round(minutes * MINUTE);
    if (endedAt > pop.now) {
      startedAt -= endedAt - pop.now;
      endedAt = pop.now;
    }
    const specialist = agent !== null && (agent.role === 'second_line' || agent.role === 'expert' || agent.role === 'team_lead');
    const outcome = channel === 'note' ? null : rng.weighted([['solved', 77], ['follow_up', 16], ['escalated', specialist ? 2 : 7]] as const);
    const noteLanguage: UiLanguage = agent && !agent.languages.includes(customer.language) ? 'en' : customer.language;
    const note = channel === 'note' || rng.chance(0.85) ? rng.pick(NOTES[reason.code])[noteLanguage] : null;
    const id = uuidAt(rng, startedAt);
    pop.interactions.add({
      id,
      customerId: customer.id,
      agentId: agent?.id ?? null,
      channel,
      direction,
      startedAt,
      endedAt: channel === 'note' ? startedAt : endedAt,
      reasons: arrayLiteral(reasons),
      outcome,
      firstContactFix: outcome === null ? null : outcome === 'solved' && rng.chance(transfers === 0 ? 0.9 : 0.6),
      transfers,
      note,
      orderId: order?.id ?? null,
    });

    if (pop.options.collectCases && agent && customer.phone) {
      const candidate: CaseCandidate = { interactionId: id, customerId: customer.id, agentId: agent.id, officeId: customer.officeId, language: customer.language, at: startedAt, phone: customer.phone };
      if (outcome === 'escalated' && startedAt > pop.now - 21 * DAY) pop.escalationCandidates.push(candidate);
      if (outcome === 'follow_up' && startedAt > pop.now - 10 * DAY) pop.callbackCandidates.push(candidate);
    }
    if (pop.options.extras && channel !== 'note' && rng.chance(0.16)) {
      const occurredAt = Math.min(pop.now, (endedAt ?? startedAt) + rng.int(5 * MINUTE, 36 * HOUR));
      const weights: readonly (readonly [number, number])[] =
        outcome === 'solved' ? [[5, 50], [4, 30], [3, 10], [2, 5], [1, 5]] : outcome === 'follow_up' ? [[5, 20], [4, 30], [3, 25], [2, 15], [1, 10]] : [[5, 10], [4, 20], [3, 25], [2, 25], [1, 20]];
      const score = rng.weighted(weights);
      pop.feedback.add({
        id: uuidAt(rng, occurredAt),
        customerId: customer.id,
        kind: 'csat',
        score,
        comment: rng.chance(0.2) ? comment(rng, score >= 4 ? 'positive' : score === 3 ? 'neutral' : 'negative', customer.language) : null,
        occurredAt,
      });
    }
  }
  if (pop.options.extras) {
    for (const order of orders) {
      if (order.deliveredAt === null || !rng.chance(0.12)) continue;
      const occurredAt = order.deliveredAt + rng.int(DAY, 14 * DAY);
      if (occurredAt > pop.now) continue;
      const score = rng.weighted(order.returnedAt ? ([[1, 30], [2, 30], [3, 25], [4, 10], [5, 5]] as const) : ([[5, 55], [4, 25], [3, 9], [2, 5], [1, 6]] as const));
      pop.feedback.add({
        id: uuidAt(rng, occurredAt),
        customerId: customer.id,
        kind: 'review',
        score,
        comment: rng.chance(0.9) ? comment(rng, score >= 4 ? 'positive' : score === 3 ? 'neutral' : 'negative', customer.language) : null,
        occurredAt,
      });
    }
  }
}

/** The order a contact is about, and when such a contact happens (before moving into opening hours). */
function orderFor(rng: Random, reason: ReasonCode, orders: readonly OrderFacts[]): { order: OrderFacts; at: number } | null {
  const start = rng.int(0, orders.length - 1);
  for (let i = 0; i < orders.length; i++) {
    const o = orders[(start + i) % orders.length] as OrderFacts;
    const after = (t: number | null, from: number, to: number) => (t === null ? null : t + rng.int(from, to));
    let at: number | null = null;
    switch (reason) {
      case 'where_is_my_order':
        at = o.shippedAt !== null ? after(o.shippedAt, DAY, 4 * DAY) : after(o.paidAt, 2 * DAY, 5 * DAY);
        break;
      case 'return_request':
        at = after(o.deliveredAt, 12 * HOUR, 7 * DAY);
        break;
      case 'refund_status':
        at = o.returnedAt !== null ? after(o.returnedAt, 2 * DAY, 8 * DAY) : after(o.cancelledAt, 2 * DAY, 6 * DAY);
        break;
      case 'delivery_complaint':
        at = o.deliveredAt !== null ? after(o.deliveredAt, 0, 2 * DAY) : after(o.shippedAt, 3 * DAY, 6 * DAY);
        break;
      case 'damaged_item':
      case 'wrong_item':
        at = after(o.deliveredAt, 2 * HOUR, 3 * DAY);
        break;
      case 'payment_issue':
        at = after(o.placedAt, 5 * MINUTE, DAY);
        break;
      case 'cancel_order':
        at = after(o.placedAt, 10 * MINUTE, 12 * HOUR);
        break;
      case 'address_change':
        at = after(o.placedAt, 10 * MINUTE, 20 * HOUR);
        break;
      case 'invoice_request':
        at = after(o.placedAt, DAY, 10 * DAY);
        break;
      default:
        at = null;
    }
    if (at !== null) return { order: o, at };
  }
  return null;
}

export function npsFor(pop: Generation, rng: Random, customerId: string, language: UiLanguage, orders: readonly OrderFacts[], activeFrom: number): void {
  const first = orders[0];
  if (!first || !rng.chance(0.3)) return;
  const occurredAt = pop.calendar.sample(rng, 'order', Math.max(activeFrom, first.placedAt + 7 * DAY), pop.now);
  if (occurredAt > pop.now || occurredAt < first.placedAt) return;
  const score = rng.weighted([[10, 28], [9, 24], [8, 16], [7, 10], [6, 7], [5, 5], [4, 3], [3, 2], [2, 2], [1, 1.5], [0, 1.5]] as const);
  pop.feedback.add({
    id: uuidAt(rng, occurredAt),
    customerId,
    kind: 'nps',
    score,
    comment: rng.chance(0.35) ? comment(rng, score >= 9 ? 'positive' : score >= 7 ? 'neutral' : 'negative', language) : null,
    occurredAt,
  });
}

function comment(rng: Random, mood: keyof typeof COMMENTS, language: UiLanguage): string {
  return rng.pick(COMMENTS[mood])[language];
}
