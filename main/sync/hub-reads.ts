import { z } from 'zod';
import type { Customer360, CustomerHit, MatchKind, OrderDetail, ReasonOption, TimelineEntry, TimelineFilter, TimelineKind, TimelinePage } from '../../common/contract/data.ts';
import { Customer360 as HubCustomer360, LookupResponse, ReasonCodesResponse, TimelineResponse } from '../../common/hub/api.ts';
import { toE164 } from '../../common/phone.ts';
import { parsePostalAddress } from '../../common/postal-address.ts';
import { phoneDigits } from '../cache/phone-tokens.ts';
import type { HubSession } from '../hub/hub-session.ts';

// Reads straight from the hub, for what the cache cannot answer: overflow agents (whose consoles
// sync no customer data and look customers up one by one), machines without a secret store (no
// cache at all), and timeline pages older than the cache's retention.

/** Timeline cursors that continue at the hub carry this prefix; cache cursors never do. */
export const HUB_CURSOR = 'hub:';

const ORDER_NUMBER = /^[a-z]{2}-\d{4}-\d{1,7}$/i;
const HUB_KINDS: Readonly<Record<string, TimelineKind>> = {
  interaction: 'interaction',
  order: 'order',
  order_event: 'orderEvent',
  cart: 'cart',
  feedback: 'feedback',
  escalation: 'escalation',
  callback: 'callback',
};

export async function hubSearch(session: HubSession, query: string, limit: number, officeCountry: string, canBrowse: boolean): Promise<CustomerHit[]> {
  return (await hubSearchPage(session, query, limit, officeCountry, canBrowse)).hits;
}

/** The hub's lookup; `more`: it found more customers than `limit`. */
export async function hubSearchPage(session: HubSession, query: string, limit: number, officeCountry: string, canBrowse: boolean): Promise<{ hits: CustomerHit[]; more: boolean }> {
  const q = query.trim();
  let param: string;
  let matchedOn: MatchKind;
  if (phoneDigits(q) && toE164(q, officeCountry)) [param, matchedOn] = ['phone', 'phone'];
  else if (q.includes('@') && z.email().safeParse(q).success) [param, matchedOn] = ['email', 'email'];
  else if (ORDER_NUMBER.test(q)) [param, matchedOn] = ['order', 'order'];
  else if (canBrowse && q.length >= 2) [param, matchedOn] = ['name', 'name'];
  else return { hits: [], more: false };
  const body = LookupResponse.parse(await session.request('GET', `/customers/lookup?${new URLSearchParams({ [param]: q }).toString()}`));
  const hits = body.hits.slice(0, limit).map((hit) => ({
    id: hit.id,
    name: hit.name,
    country: hit.country.trim(),
    language: hit.language,
    phones: hit.phones,
    emails: hit.emails,
    matchedOn,
    orderNumber: matchedOn === 'order' ? q.toUpperCase() : null,
    city: hit.city,
    lastContactAt: hit.lastContactAt,
    openEscalations: hit.openEscalations,
    openCallbacks: hit.openCallbacks,
  }));
  return { hits, more: body.more || body.hits.length > limit };
}

export async function hubCustomer(session: HubSession, id: string): Promise<Customer360> {
  const view = HubCustomer360.parse(await session.request('GET', `/customers/${id}`));
  const { address, billingAddress, ...customer } = view.customer;
  return {
    customer: {
      ...customer,
      country: customer.country.trim(),
      officeName: view.customer.officeName ?? null,
      addresses: { delivery: parsePostalAddress(address), billing: parsePostalAddress(billingAddress) },
    },
    counters: view.counters,
    lastOrder: view.lastOrder ?? null,
    lastNps: view.lastNps,
    lastCsat: view.lastCsat,
    openEscalations: view.openEscalations.map(({ id, queue, status, summary, createdAt }) => ({ id, queue, status, summary, createdAt })),
    openCallbacks: view.openCallbacks,
    languageColleagues: null,
  };
}

/** A timeline page from the hub; `before` is the hub's own cursor (`<iso>|<id>`) or empty for the newest. */
export async function hubTimeline(session: HubSession, customerId: string, before: string, limit: number): Promise<TimelinePage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before) params.set('before', before);
  const body = TimelineResponse.parse(await session.request('GET', `/customers/${customerId}/timeline?${params.toString()}`));
  const items: TimelineEntry[] = [];
  for (const item of body.items) {
    const kind = HUB_KINDS[item.kind];
    if (kind && z.uuid().safeParse(item.id).success) items.push({ kind, id: item.id, at: item.at, pending: false, data: item.data });
  }
  return { items, nextBefore: body.nextBefore ? HUB_CURSOR + body.nextBefore : null };
}

/** Where the hub should go on after the cache's last item. */
export function hubCursorAfter(item: TimelineEntry): string {
  return `${HUB_CURSOR}${item.at}|${item.id}`;
}

/** The hub's active contact reasons, in its order (consoles without a cache of them). */
export async function hubReasons(session: HubSession): Promise<ReasonOption[]> {
  const body = ReasonCodesResponse.parse(await session.request('GET', '/reason-codes'));
  return body.reasons.map((reason) => ({ code: reason.code, labels: reason.labels, uses: 0 }));
}

const FILTER_OF_KIND: Readonly<Record<Exclude<TimelineKind, 'interaction'>, TimelineFilter>> = {
  order: 'orders',
  orderEvent: 'orders',
  cart: 'carts',
  feedback: 'feedback',
  escalation: 'cases',
  callback: 'cases',
};
const FILTER_OF_CHANNEL: Readonly<Record<string, TimelineFilter>> = { phone: 'calls', email: 'mails', chat: 'chats', whatsapp: 'whatsapp', note: 'notes' };

/** The cache's timeline filter, for pages that come from the hub (which has none). */
export function matchesTimelineQuery(item: TimelineEntry, query: { filters?: readonly TimelineFilter[] | undefined; text?: string | undefined }): boolean {
  if (query.filters && query.filters.length > 0) {
    const group = item.kind === 'interaction' ? FILTER_OF_CHANNEL[String(item.data.channel)] : FILTER_OF_KIND[item.kind];
    if (!group || !query.filters.includes(group)) return false;
  }
  const text = query.text?.trim().toLowerCase();
  if (!text) return true;
  return Object.values(item.data).some((value) => value !== null && value !== undefined && JSON.stringify(value).toLowerCase().includes(text));
}

/** Orders and their status changes out of timeline items (the hub's timeline, for consoles without a cache). */
export function ordersFromTimeline(items: readonly TimelineEntry[]): OrderDetail[] {
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  const orders = items.filter((item) => item.kind === 'order');
  return orders.map((order) => {
    // The hub puts an order's steps inside its item; an older hub sent them as items of their own.
    const inside = Array.isArray(order.data.steps) ? (order.data.steps as unknown[]) : [];
    const steps = inside.flatMap((step) => {
      if (typeof step !== 'object' || step === null) return [];
      const { id, status, at, trackingRef } = step as Record<string, unknown>;
      return typeof id === 'string' && typeof at === 'string' ? [{ id, status: str(status) ?? '', at: new Date(at).toISOString(), trackingRef: str(trackingRef) }] : [];
    });
    const separate = items
      .filter((item) => item.kind === 'orderEvent' && item.data.orderId === order.id)
      .map((item) => ({ id: item.id, status: str(item.data.status) ?? '', at: item.at, trackingRef: str(item.data.trackingRef) }));
    const events = [...steps, ...separate].sort((a, b) => a.at.localeCompare(b.at));
    return {
      id: order.id,
      number: str(order.data.number) ?? '',
      status: str(order.data.status) ?? '',
      currency: str(order.data.currency) ?? 'EUR',
      totalCents: Number(order.data.totalCents ?? 0),
      placedAt: order.at,
      events,
      trackingRef: [...events].reverse().find((e) => e.trackingRef !== null)?.trackingRef ?? null,
    };
  });
}
