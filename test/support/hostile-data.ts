import { v7 as uuidv7 } from 'uuid';
import { INGEST_KEY, type Fixture, type RunningHub } from './hub-fixture.ts';

// Customer data with markup in it, stored at the hub the way such data arrives there: a customer
// a colleague created (PUT /customers), a colleague's note (PUT /interactions), an order, its
// shipment and a review from the web shop (POST /ingest/events). Every value passes the hub's
// validation (lengths, e-mail and phone formats). Each payload, were it ever parsed as HTML,
// would load a same-origin URL under /xss/ (allowed by the CSP's img-src 'self', so a test sees
// the request) and run a handler that sets window.__xss (which the CSP would block and report).

/** Markup in every text field a customer brings along, within the hub's limits. */
export const HOSTILE = {
  /** Customer name (max. 200). */
  name: `Eve Mallory <img src=/xss/name onerror="window.__xss='name'"><svg onload="window.__xss='svg'"></svg> javascript:window.__xss='js' &amp;`,
  /** A second customer on the same phone (the screen pop's chooser). */
  otherName: `<b>Mallory</b> <img src=/xss/other onerror=window.__xss='other'> <a href="javascript:window.__xss='a'">Bob</a>`,
  /** Interaction note (max. 20,000). */
  note: `Called back <script>window.__xss='script'</script><img src=/xss/note onerror="window.__xss='note'"> <iframe src="javascript:window.__xss='iframe'"></iframe> see javascript:window.__xss='link'`,
  /** Order number (max. 40), as the shop sends it; the hub stores it in capitals (`ORDER_AS_STORED`). */
  order: `<img src=/xss/o onerror=window.__xss=1>`,
  /** Tracking reference (max. 100). */
  tracking: `<svg/onload=window.__xss='tracking'><img src=/xss/t onerror=window.__xss='t'>`,
  /** Review comment (max. 5,000). */
  review: `<img src=/xss/review onerror="window.__xss='review'"> <style>*{display:none}</style>too slow`,
} as const;

/**
 * The order number as consoles get it: the hub keeps order numbers in capitals. Parsed, it would
 * still be an <img> with an onerror handler that fetches /XSS/O (the handler itself would fail
 * on WINDOW), which the probe reports.
 */
export const ORDER_AS_STORED = HOSTILE.order.toUpperCase();

export interface HostileCustomer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  /** The colleague's note (null without history). */
  readonly noteId: string | null;
}

/** A running hub and its fixture (a FixtureHub, or a telephony world's hub and fixture). */
export interface HubWithFixture {
  readonly hub: RunningHub;
  readonly fixture: Fixture;
}

/** A call to the hub's API; throws on anything but 2xx, so a payload the hub refused cannot pass unnoticed. */
async function hubCall(hub: HubWithFixture, method: string, path: string, options: { token?: string; body: unknown; headers?: Record<string, string> }): Promise<void> {
  const response = await hub.hub.call(method, path, options);
  if (response.status < 200 || response.status > 299) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * A customer named `name` with `phone`, created by a colleague (second line); unless
 * `history: false`, also the colleague's note, an order with a hostile number shipped under a
 * hostile tracking reference, and a review with a hostile comment (order numbers are unique, so
 * one customer per hub gets the history).
 */
export async function storeHostileCustomer(
  hub: HubWithFixture,
  options: { name: string; phone: string; email: string; history?: boolean },
): Promise<HostileCustomer> {
  const token = await hub.hub.login(hub.fixture.agents.second_line.email);
  const id = uuidv7();
  await hubCall(hub, 'PUT', `/customers/${id}`, { token, body: { name: options.name, language: 'nl', country: 'NL', phones: [options.phone], emails: [options.email] } });
  const noteId = uuidv7();
  if (options.history === false) return { id, name: options.name, email: options.email, phone: options.phone, noteId: null };
  const hour = 3_600_000;
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour).toISOString();
  await hubCall(hub, 'PUT', `/interactions/${noteId}`, {
    token,
    body: { customerId: id, channel: 'note', direction: 'internal', startedAt: at(1), note: HOSTILE.note },
  });
  const customer = { email: options.email };
  const events = [
    { type: 'order.placed', externalId: `xss-${id}-placed`, occurredAt: at(48), customer, order: { number: HOSTILE.order, currency: 'EUR', totalCents: 6_66 } },
    { type: 'order.shipped', externalId: `xss-${id}-shipped`, occurredAt: at(24), customer, orderNumber: HOSTILE.order, trackingRef: HOSTILE.tracking },
    { type: 'review', externalId: `xss-${id}-review`, occurredAt: at(12), customer, score: 2, comment: HOSTILE.review },
  ];
  await hubCall(hub, 'POST', '/ingest/events', { body: { events }, headers: { 'x-ingest-key': INGEST_KEY } });
  return { id, name: options.name, email: options.email, phone: options.phone, noteId };
}
