// The population's first pass: who the customers are (country, language community, segment) and
// how active, so orders and interactions can be shared out exactly.
import { COUNTRIES, COUNTRY_WEIGHTS, type CountryCode } from './data/index.ts';
import type { PopulationOptions } from './population.ts';
import { Random, Weighted } from './random.ts';
import { type Calendar, DAY } from './time.ts';

export type Segment = 'regular' | 'vip' | 'new' | 'b2b';

const SEGMENTS = new Weighted<Segment>([
  ['regular', 76],
  ['new', 9],
  ['vip', 7],
  ['b2b', 8],
]);

const ORDER_COUNTS: Readonly<Record<Segment, Weighted<number>>> = {
  regular: new Weighted([[0, 15], [1, 25], [2, 20], [3, 14], [4, 10], [5, 7], [6, 4], [7, 2], [8, 1.5], [9, 0.8], [10, 0.4], [11, 0.2], [12, 0.1]]),
  vip: new Weighted([[5, 8], [6, 14], [7, 16], [8, 16], [9, 14], [10, 12], [11, 10], [12, 10]]),
  b2b: new Weighted([[2, 8], [3, 12], [4, 14], [5, 14], [6, 12], [7, 10], [8, 10], [9, 8], [10, 6], [11, 3], [12, 3]]),
  new: new Weighted([[0, 30], [1, 50], [2, 20]]),
};

const SEGMENT_ACTIVITY: Readonly<Record<Segment, number>> = { regular: 1, vip: 1.8, b2b: 1.6, new: 1 };

const COUNTRY_PICK = new Weighted(COUNTRY_WEIGHTS);

export interface CustomerPlan {
  readonly country: CountryCode;
  readonly community: number;
  readonly segment: Segment;
  readonly createdAt: number;
  readonly orders: number;
  interactions: number;
}

/** First pass: who the customers are and how active, so interactions can be shared out exactly. */
export function planCustomers(options: PopulationOptions, calendar: Calendar): CustomerPlan[] {
  const now = calendar.now;
  const span = now - calendar.start;
  const plans: CustomerPlan[] = [];
  const weights: number[] = [];
  for (let i = 0; i < options.customers; i++) {
    const rng = Random.for(options.seed, 'plan', i);
    const country = COUNTRY_PICK.pick(rng);
    const communities = COUNTRIES[country].communities;
    const community = communities.length === 1 ? 0 : communities.indexOf(rng.weighted(communities.map((c) => [c, c.weight] as const)));
    const segment = SEGMENTS.pick(rng);
    const createdAt = segment === 'new' ? rng.between(now - 60 * DAY, now - DAY) : rng.between(now - 5 * 365 * DAY, now - 20 * DAY);
    const active = (now - Math.max(createdAt, calendar.start)) / span;
    let orders = ORDER_COUNTS[segment].pick(rng);
    if (segment !== 'new') orders = Math.round(orders * (0.25 + 0.75 * active));
    plans.push({ country, community, segment, createdAt, orders, interactions: 0 });
    weights.push(SEGMENT_ACTIVITY[segment] * (0.5 + 0.35 * orders) * rng.logNormal(1, 0.55) * (0.3 + 0.7 * Math.sqrt(active)));
  }
  // Cumulative rounding: the counts add up to exactly `options.interactions`.
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let cumulative = 0;
  let given = 0;
  plans.forEach((plan, i) => {
    cumulative += weights[i] ?? 0;
    const upTo = Math.round((cumulative / total) * options.interactions);
    plan.interactions = upTo - given;
    given = upTo;
  });
  return plans;
}
