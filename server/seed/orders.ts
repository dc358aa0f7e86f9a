// A customer's orders with their status history, and the carts they left or came back to.
import { type CountryCode, type CountryData } from './data/index.ts';
import { type CustomerPlan, type Segment } from './customer-plan.ts';
import { uuidAt } from './ids.ts';
import type { Generation } from './population.ts';
import { type Random, clamp } from './random.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

/** Order numbers like NL-2026-0001234 that grow with time through the year, unique per country. */
export class OrderNumbers {
  private readonly used = new Map<string, Set<number>>();

  constructor(private readonly perYear: ReadonlyMap<CountryCode, number>) {}

  next(country: CountryCode, placedAt: number): string {
    const year = new Date(placedAt).getUTCFullYear();
    const from = Date.UTC(year, 0, 1);
    const fraction = (placedAt - from) / (Date.UTC(year + 1, 0, 1) - from);
    const key = `${country}-${year}`;
    let used = this.used.get(key);
    if (!used) this.used.set(key, (used = new Set()));
    let n = 1 + Math.floor(fraction * (this.perYear.get(country) ?? 1000));
    while (used.has(n)) n++;
    used.add(n);
    return `${key}-${String(n).padStart(7, '0')}`;
  }
}

/** When an order went through each step (null: not (yet) by `now`). */
export interface OrderFacts {
  readonly id: string;
  readonly placedAt: number;
  readonly paidAt: number | null;
  readonly shippedAt: number | null;
  readonly deliveredAt: number | null;
  readonly returnedAt: number | null;
  readonly cancelledAt: number | null;
}

export function ordersFor(pop: Generation, rng: Random, customerId: string, country: CountryData, plan: CustomerPlan, activeFrom: number): OrderFacts[] {
  const times: number[] = [];
  for (let i = 0; i < plan.orders; i++) times.push(pop.calendar.sample(rng, 'order', activeFrom, pop.now - 10 * MINUTE));
  times.sort((a, b) => a - b);
  const facts: OrderFacts[] = [];
  for (const placedAt of times) {
    const id = uuidAt(rng, placedAt);
    const slow = pop.calendar.weight('order', placedAt) > 2 ? DAY : 0; // the peak backs up the warehouse
    const far = country.code === 'ES' || country.code === 'IT' || country.code === 'PL' ? 0.5 * DAY : 0;
    const timeline: [string, number, string | null][] = [['placed', placedAt, null]];
    let paidAt: number | null = null;
    let shippedAt: number | null = null;
    let deliveredAt: number | null = null;
    let returnedAt: number | null = null;
    let cancelledAt: number | null = null;
    if (rng.chance(0.03)) {
      cancelledAt = placedAt + rng.int(10 * MINUTE, 3 * HOUR);
    } else {
      paidAt = placedAt + (rng.chance(0.08) ? rng.int(DAY, 3 * DAY) : rng.int(20_000, 15 * MINUTE));
      if (rng.chance(0.02)) cancelledAt = paidAt + rng.int(HOUR, 20 * HOUR);
      else {
        shippedAt = paidAt + rng.int(4 * HOUR, 30 * HOUR) + slow;
        deliveredAt = shippedAt + rng.int(18 * HOUR, 3 * DAY) + far + slow;
        if (rng.chance(plan.segment === 'b2b' ? 0.03 : 0.07)) returnedAt = deliveredAt + rng.int(3 * DAY, 25 * DAY);
      }
    }
    if (paidAt !== null) timeline.push(['paid', paidAt, null]);
    if (shippedAt !== null) timeline.push(['shipped', shippedAt, country.trackingRef(rng)]);
    if (deliveredAt !== null) timeline.push(['delivered', deliveredAt, null]);
    if (returnedAt !== null) timeline.push(['returned', returnedAt, null]);
    if (cancelledAt !== null) timeline.push(['cancelled', cancelledAt, null]);
    // What has not happened yet by `now` is not in the data: the order is still on its way.
    const happened = timeline.filter(([, at]) => at <= pop.now);
    const status = (happened[happened.length - 1] as [string, number, string | null])[0];
    for (const [eventStatus, at, trackingRef] of happened) {
      pop.orderEvents.add({ id: uuidAt(rng, at), orderId: id, status: eventStatus, occurredAt: at, trackingRef });
    }
    pop.orders.add({
      id,
      customerId,
      number: pop.orderNumbers.next(country.code, placedAt),
      currency: country.currency,
      totalCents: amount(rng, plan.segment, country.currency),
      status,
      placedAt,
    });
    const seen = (at: number | null) => (at !== null && at <= pop.now ? at : null);
    facts.push({ id, placedAt, paidAt: seen(paidAt), shippedAt: seen(shippedAt), deliveredAt: seen(deliveredAt), returnedAt: seen(returnedAt), cancelledAt: seen(cancelledAt) });
  }
  return facts;
}

export function cartsFor(pop: Generation, rng: Random, customerId: string, country: CountryData, plan: CustomerPlan, activeFrom: number): void {
  const count = rng.weighted([[0, 55], [1, 28], [2, 12], [3, 5]] as const);
  for (let i = 0; i < count; i++) {
    const at = pop.calendar.sample(rng, 'order', activeFrom, pop.now);
    pop.carts.add({
      id: uuidAt(rng, at),
      customerId,
      status: rng.chance(0.3) ? 'recovered' : 'abandoned',
      valueCents: amount(rng, plan.segment, country.currency),
      currency: country.currency,
      occurredAt: at,
    });
  }
}

/** An order or cart value in cents: supplements, garden and home goods, with prices ending in 95 or 99. */
function amount(rng: Random, segment: Segment, currency: 'EUR' | 'PLN'): number {
  const median = rng.weighted([[38, 50], [85, 30], [55, 20]] as const);
  let euros = clamp(rng.logNormal(median, 0.6), 8, 2500);
  if (segment === 'b2b') euros *= 4;
  if (currency === 'PLN') return Math.max(1, Math.round(euros * 4.3)) * 100 - 1;
  return Math.max(1, Math.round(euros)) * 100 - (rng.chance(0.5) ? 5 : 1);
}
