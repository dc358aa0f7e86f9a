// Customers and everything that happened to them: phones, emails, orders with their status
// history, carts, contacts with the contact centre and feedback. Shared by the demo seed and
// the benchmark seed; every customer draws from its own random stream, so the data does not
// depend on batch sizes.
import { type UiLanguage } from '../../common/locales.ts';
import { type Queryable } from '../db/database.ts';
import { COUNTRIES, COUNTRY_WEIGHTS, type City, type Community, type CountryCode, type CountryData, type Gender } from './data/index.ts';
import { NOTES } from './data/notes.ts';
import { REASONS, type ReasonCode, type ReasonDefinition } from './data/reasons.ts';
import { COMMENTS } from './data/texts.ts';
import { uuidAt } from './ids.ts';
import { arrayLiteral, inTransaction, type Transactional } from './insert.ts';
import { emailPart } from './names.ts';
import { Random, Weighted } from './random.ts';
import { type Agent, type Staff } from './staff.ts';
import {
  cartWriter,
  customerWriter,
  emailWriter,
  feedbackWriter,
  interactionWriter,
  orderEventWriter,
  orderWriter,
  phoneWriter,
  type InteractionRow,
  type PhoneRow,
} from './tables.ts';
import { Calendar, DAY, HOUR, MINUTE } from './time.ts';

export type Segment = 'regular' | 'vip' | 'new' | 'b2b';

export interface PopulationOptions {
  readonly seed: number;
  readonly now: Date;
  readonly customers: number;
  /** Total interactions, spread over customers by how active they are. */
  readonly interactions: number;
  /** Carts and feedback (the benchmark set leaves them out). */
  readonly extras: boolean;
  /** Keep recent escalated and follow-up contacts for the demo's open cases. */
  readonly collectCases: boolean;
  /** Rows of the largest table per write. */
  readonly batchRows: number;
  readonly skipTriggers: boolean;
  /** Send batches in PostgreSQL's binary format (PGlite; see `TableWriter.binary`). */
  readonly binary: boolean;
  readonly onProgress?: (done: number, total: number, table: string) => void;
}

/** A recent contact that can become an open escalation or callback. */
export interface CaseCandidate {
  readonly interactionId: string;
  readonly customerId: string;
  readonly agentId: string;
  readonly officeId: string;
  readonly language: UiLanguage;
  readonly at: number;
  readonly phone: string;
}

export interface PopulationResult {
  readonly counts: {
    customers: number;
    customerPhones: number;
    customerEmails: number;
    orders: number;
    orderEvents: number;
    carts: number;
    interactions: number;
    feedback: number;
  };
  readonly escalationCandidates: CaseCandidate[];
  readonly callbackCandidates: CaseCandidate[];
  /** Every 500th customer's id and first phone, for benchmarks. */
  readonly samples: { customerIds: string[]; phones: string[] };
}

/** Share of customers who share a phone number with a family member (one household). */
const FAMILY_SHARE = 0.012;

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

interface CustomerPlan {
  readonly country: CountryCode;
  readonly community: number;
  readonly segment: Segment;
  readonly createdAt: number;
  readonly orders: number;
  interactions: number;
}

/** First pass: who the customers are and how active, so interactions can be shared out exactly. */
function planCustomers(options: PopulationOptions, calendar: Calendar): CustomerPlan[] {
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

/** Order numbers like NL-2026-0001234 that grow with time through the year, unique per country. */
class OrderNumbers {
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

const CONTACT_ROLES = new Weighted<Agent['role']>([
  ['first_line', 72],
  ['second_line', 12],
  ['overflow', 10],
  ['expert', 4],
  ['team_lead', 2],
]);

/** Who handled a contact: mostly first line of the customer's office, agents employed at the time. */
class AgentPicker {
  private readonly byOffice = new Map<string, Map<Agent['role'], Agent[]>>();
  private readonly experts: Agent[];

  constructor(staff: Staff) {
    for (const agent of staff.agents) {
      let roles = this.byOffice.get(agent.officeId);
      if (!roles) this.byOffice.set(agent.officeId, (roles = new Map()));
      const list = roles.get(agent.role) ?? [];
      list.push(agent);
      roles.set(agent.role, list);
    }
    this.experts = staff.agents.filter((a) => a.role === 'expert');
  }

  pick(rng: Random, officeId: string, at: number): Agent | null {
    const roles = this.byOffice.get(officeId);
    const role = CONTACT_ROLES.pick(rng);
    const pool = role === 'expert' ? this.experts : (roles?.get(role) ?? []);
    const found = pickActive(rng, pool, at) ?? pickActive(rng, roles?.get('first_line') ?? [], at);
    if (found) return found;
    for (const list of roles?.values() ?? []) {
      const any = pickActive(rng, list, at);
      if (any && any.role !== 'admin') return any;
    }
    return null;
  }

  /** A specialist for an escalation queue, from the office when it has one. */
  specialist(rng: Random, officeId: string, queue: string, at: number): Agent | null {
    const role = queue === 'expert' ? 'expert' : queue === 'team_lead' ? 'team_lead' : 'second_line';
    if (role === 'expert') return pickActive(rng, this.experts, at);
    return pickActive(rng, this.byOffice.get(officeId)?.get(role) ?? [], at) ?? pickActive(rng, this.experts, at);
  }
}

function pickActive(rng: Random, pool: readonly Agent[], at: number): Agent | null {
  if (pool.length === 0) return null;
  const start = rng.int(0, pool.length - 1);
  for (let i = 0; i < pool.length; i++) {
    const agent = pool[(start + i) % pool.length] as Agent;
    if (agent.createdAt <= at && (agent.disabledAt === null || agent.disabledAt > at)) return agent;
  }
  return null;
}

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

interface OrderFacts {
  readonly id: string;
  readonly placedAt: number;
  readonly paidAt: number | null;
  readonly shippedAt: number | null;
  readonly deliveredAt: number | null;
  readonly returnedAt: number | null;
  readonly cancelledAt: number | null;
}

interface Household {
  readonly lastName: string;
  readonly city: City;
  readonly address: string;
  readonly phones: readonly PhoneRow[];
}

export class Population {
  private readonly calendar: Calendar;
  private readonly agents: AgentPicker;
  private readonly now: number;
  private readonly phones = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly households = new Map<string, Household[]>();
  private orderNumbers!: OrderNumbers;
  private readonly cities = new Map<Community, Weighted<City>>();
  private readonly domains = new Map<CountryData, Weighted<string>>();

  readonly customers = customerWriter();
  readonly customerPhones = phoneWriter();
  readonly customerEmails = emailWriter();
  readonly orders = orderWriter();
  readonly orderEvents = orderEventWriter();
  readonly carts = cartWriter();
  readonly interactions = interactionWriter();
  readonly feedback = feedbackWriter();
  /** Parents before children, the order rows are written in. */
  private readonly writers: readonly { flush(db: Queryable): Promise<number> }[];

  readonly escalationCandidates: CaseCandidate[] = [];
  readonly callbackCandidates: CaseCandidate[] = [];
  readonly samples = { customerIds: [] as string[], phones: [] as string[] };

  constructor(
    private readonly staff: Staff,
    private readonly options: PopulationOptions,
  ) {
    this.calendar = new Calendar(options.now);
    this.agents = new AgentPicker(staff);
    this.now = options.now.getTime();
    const writers = [this.customers, this.customerPhones, this.customerEmails, this.orders, this.orderEvents, this.carts, this.interactions, this.feedback];
    for (const writer of writers) writer.binary = options.binary;
    this.writers = writers;
  }

  async run(db: Transactional): Promise<PopulationResult> {
    const { options } = this;
    const plans = planCustomers(options, this.calendar);
    const years = (this.now - this.calendar.start) / (365 * DAY);
    const perCountry = new Map<CountryCode, number>();
    for (const plan of plans) perCountry.set(plan.country, (perCountry.get(plan.country) ?? 0) + plan.orders);
    // Room for every order of a year in the numbering, with gaps like a real shop's.
    this.orderNumbers = new OrderNumbers(new Map([...perCountry].map(([country, n]) => [country, Math.max(1000, Math.ceil((n / years) * 1.3))])));

    const flush = async () => {
      await inTransaction(db, options.skipTriggers, async (tx) => {
        for (const writer of this.writers) await writer.flush(tx);
      });
      options.onProgress?.(this.customers.written, options.customers, 'customer');
      options.onProgress?.(this.interactions.written, options.interactions, 'interaction');
    };
    for (let i = 0; i < plans.length; i++) {
      this.customer(i, plans[i] as CustomerPlan);
      if (this.interactions.pending >= options.batchRows || this.orderEvents.pending >= options.batchRows || this.customers.pending >= options.batchRows) await flush();
    }
    await flush();
    return {
      counts: {
        customers: this.customers.written,
        customerPhones: this.customerPhones.written,
        customerEmails: this.customerEmails.written,
        orders: this.orders.written,
        orderEvents: this.orderEvents.written,
        carts: this.carts.written,
        interactions: this.interactions.written,
        feedback: this.feedback.written,
      },
      escalationCandidates: this.escalationCandidates,
      callbackCandidates: this.callbackCandidates,
      samples: this.samples,
    };
  }

  private customer(index: number, plan: CustomerPlan): void {
    const rng = Random.for(this.options.seed, 'customer', index);
    const country = COUNTRIES[plan.country];
    const community = country.communities[plan.community] as Community;
    const office = this.staff.officeByCountry.get(plan.country);
    if (!office) throw new Error(`no office for ${plan.country}`);
    const id = uuidAt(rng, plan.createdAt);
    const b2b = plan.segment === 'b2b';

    const householdKey = `${plan.country}/${plan.community}`;
    const households = this.households.get(householdKey) ?? [];
    this.households.set(householdKey, households);
    const relative = !b2b && households.length > 0 && rng.chance(FAMILY_SHARE) ? rng.pick(households) : null;

    const gender: Gender = rng.chance(0.52) ? 'female' : 'male';
    const firstName = rng.pick(community.firstNames[gender]);
    const familyName = relative?.lastName ?? surname(rng, community);
    const lastName = community.lastNameFor ? community.lastNameFor(familyName, gender) : familyName;
    const name = b2b ? community.companyName(rng, lastName) : `${firstName} ${lastName}`;

    let city = this.cityPicker(community).pick(rng);
    let address: string;
    if (relative) {
      address = relative.address;
      city = relative.city;
    } else {
      const [from, to, step = 1] = city.postcodes;
      const postcode = country.formatPostcode(rng, from + step * rng.int(0, Math.floor((to - from) / step)));
      address = JSON.stringify({ street: community.streetLine(rng, rng.pick(community.streets)), postcode, city: city.name, country: plan.country });
    }

    const phones: PhoneRow[] = [];
    const addPhone = (e164: string, kind: PhoneRow['kind']) => {
      if (!phones.some((p) => p.e164 === e164)) phones.push({ customerId: id, e164, kind });
    };
    if (b2b) {
      addPhone(this.uniquePhone(rng, () => country.landline(rng, city)), 'landline');
      if (rng.chance(0.6)) addPhone(this.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
    } else {
      addPhone(this.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
      if (relative) {
        const shared = relative.phones.find((p) => p.kind === 'landline') ?? relative.phones[0];
        if (shared) addPhone(shared.e164, shared.kind);
      } else if (rng.chance(0.28)) {
        if (rng.chance(0.7)) addPhone(this.uniquePhone(rng, () => country.landline(rng, city)), 'landline');
        else addPhone(this.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
      }
    }
    for (const phone of phones) this.customerPhones.add(phone);
    if (!b2b) {
      households.push({ lastName: familyName, city, address, phones });
      if (households.length > 64) households.shift();
    }

    // Spaniards mostly use their first surname in an address.
    const mailName = community.surnames === 2 ? (lastName.split(' ')[0] ?? lastName) : lastName;
    const emails = b2b ? this.companyEmails(rng, community, name, firstName) : this.personalEmails(rng, country, community, firstName, mailName);
    for (const email of emails) this.customerEmails.add({ customerId: id, email });

    this.customers.add({
      id,
      name,
      language: community.language,
      country: plan.country,
      segment: plan.segment,
      officeId: office.id,
      address,
      createdAt: plan.createdAt,
      updatedAt: rng.chance(0.3) ? rng.between(plan.createdAt, this.now) : plan.createdAt,
    });
    if (index % 500 === 0) {
      this.samples.customerIds.push(id);
      if (phones[0]) this.samples.phones.push(phones[0].e164);
    }

    const activeFrom = Math.max(plan.createdAt, this.calendar.start);
    const orders = this.ordersFor(rng, id, country, plan, activeFrom);
    if (this.options.extras) this.cartsFor(rng, id, country, plan, activeFrom);
    this.interactionsFor(rng, { id, officeId: office.id, language: community.language, phone: phones[0]?.e164 ?? '' }, plan, activeFrom, orders);
    if (this.options.extras) this.npsFor(rng, id, community.language, orders, activeFrom);
  }

  private cityPicker(community: Community): Weighted<City> {
    let picker = this.cities.get(community);
    if (!picker) this.cities.set(community, (picker = new Weighted(community.cities.map((c) => [c, c.weight] as const))));
    return picker;
  }

  private uniquePhone(rng: Random, make: () => string): string {
    let phone = make();
    for (let i = 0; i < 20 && this.phones.has(phone); i++) phone = make();
    this.phones.add(phone);
    return phone;
  }

  private uniqueEmail(rng: Random, local: string, domain: string): string {
    let email = `${local}@${domain}`;
    while (this.emails.has(email)) email = `${local}${rng.int(1, 999)}@${domain}`;
    this.emails.add(email);
    return email;
  }

  private personalEmails(rng: Random, country: CountryData, community: Community, firstName: string, lastName: string): string[] {
    let domains = this.domains.get(country);
    if (!domains) this.domains.set(country, (domains = new Weighted(country.emailDomains)));
    const f = emailPart(firstName, community.language);
    const l = emailPart(lastName, community.language);
    const year = String(rng.int(50, 105) % 100).padStart(2, '0');
    const locals = [`${f}.${l}`, `${f}${l}`, `${f.charAt(0)}.${l}`, `${f}.${l}${year}`, `${f}_${l}`, `${l}.${f}`, `${f}${year}`, `${f}.${l}${rng.int(1, 99)}`];
    const pattern = new Weighted(locals.map((local, i) => [local, [35, 12, 10, 12, 5, 6, 8, 6][i] ?? 1] as const));
    const emails = [this.uniqueEmail(rng, pattern.pick(rng), domains.pick(rng))];
    if (rng.chance(0.2)) {
      const second = this.uniqueEmail(rng, pattern.pick(rng), domains.pick(rng));
      if (second !== emails[0]) emails.push(second);
    }
    return emails;
  }

  private companyEmails(rng: Random, community: Community, company: string, firstName: string): string[] {
    const core = company.replace(/\b(B\.V\.|BV|GmbH|SARL|SAS|SRL|S\.L\.|S\.r\.l\.|Sp\. z o\.o\.)/g, '');
    const domain = `${emailPart(core, community.language, '-')}.example`;
    const emails = [this.uniqueEmail(rng, rng.pick(community.companyMailboxes), domain)];
    if (rng.chance(0.5)) emails.push(this.uniqueEmail(rng, emailPart(firstName, community.language), domain));
    return emails;
  }

  private ordersFor(rng: Random, customerId: string, country: CountryData, plan: CustomerPlan, activeFrom: number): OrderFacts[] {
    const times: number[] = [];
    for (let i = 0; i < plan.orders; i++) times.push(this.calendar.sample(rng, 'order', activeFrom, this.now - 10 * MINUTE));
    times.sort((a, b) => a - b);
    const facts: OrderFacts[] = [];
    for (const placedAt of times) {
      const id = uuidAt(rng, placedAt);
      const slow = this.calendar.weight('order', placedAt) > 2 ? DAY : 0; // the peak backs up the warehouse
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
      const happened = timeline.filter(([, at]) => at <= this.now);
      const status = (happened[happened.length - 1] as [string, number, string | null])[0];
      for (const [eventStatus, at, trackingRef] of happened) {
        this.orderEvents.add({ id: uuidAt(rng, at), orderId: id, status: eventStatus, occurredAt: at, trackingRef });
      }
      this.orders.add({
        id,
        customerId,
        number: this.orderNumbers.next(country.code, placedAt),
        currency: country.currency,
        totalCents: amount(rng, plan.segment, country.currency),
        status,
        placedAt,
      });
      const seen = (at: number | null) => (at !== null && at <= this.now ? at : null);
      facts.push({ id, placedAt, paidAt: seen(paidAt), shippedAt: seen(shippedAt), deliveredAt: seen(deliveredAt), returnedAt: seen(returnedAt), cancelledAt: seen(cancelledAt) });
    }
    return facts;
  }

  private cartsFor(rng: Random, customerId: string, country: CountryData, plan: CustomerPlan, activeFrom: number): void {
    const count = rng.weighted([[0, 55], [1, 28], [2, 12], [3, 5]] as const);
    for (let i = 0; i < count; i++) {
      const at = this.calendar.sample(rng, 'order', activeFrom, this.now);
      this.carts.add({
        id: uuidAt(rng, at),
        customerId,
        status: rng.chance(0.3) ? 'recovered' : 'abandoned',
        valueCents: amount(rng, plan.segment, country.currency),
        currency: country.currency,
        occurredAt: at,
      });
    }
  }

  private interactionsFor(
    rng: Random,
    customer: { id: string; officeId: string; language: UiLanguage; phone: string },
    plan: CustomerPlan,
    activeFrom: number,
    orders: readonly OrderFacts[],
  ): void {
    const latest = this.now - 2 * MINUTE;
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
        const picked = this.orderFor(rng, reason.code, orders);
        if (picked) {
          const t = this.calendar.nextOpen(rng, picked.at);
          if (t >= activeFrom && t <= latest) {
            order = picked.order;
            at = t;
          }
        }
      }
      if (!order) at = this.calendar.sample(rng, 'contact', activeFrom, latest);

      const channel = (reason.code === 'invoice_request' ? EMAIL_FIRST : reason.code === 'account_login' ? CHAT_FIRST : CHANNELS).pick(rng);
      const agent = this.agents.pick(rng, customer.officeId, at);
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
      if (endedAt > this.now) {
        startedAt -= endedAt - this.now;
        endedAt = this.now;
      }
      const specialist = agent !== null && (agent.role === 'second_line' || agent.role === 'expert' || agent.role === 'team_lead');
      const outcome = channel === 'note' ? null : rng.weighted([['solved', 77], ['follow_up', 16], ['escalated', specialist ? 2 : 7]] as const);
      const noteLanguage: UiLanguage = agent && !agent.languages.includes(customer.language) ? 'en' : customer.language;
      const note = channel === 'note' || rng.chance(0.85) ? rng.pick(NOTES[reason.code])[noteLanguage] : null;
      const id = uuidAt(rng, startedAt);
      this.interactions.add({
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

      if (this.options.collectCases && agent && customer.phone) {
        const candidate: CaseCandidate = { interactionId: id, customerId: customer.id, agentId: agent.id, officeId: customer.officeId, language: customer.language, at: startedAt, phone: customer.phone };
        if (outcome === 'escalated' && startedAt > this.now - 21 * DAY) this.escalationCandidates.push(candidate);
        if (outcome === 'follow_up' && startedAt > this.now - 10 * DAY) this.callbackCandidates.push(candidate);
      }
      if (this.options.extras && channel !== 'note' && rng.chance(0.16)) {
        const occurredAt = Math.min(this.now, (endedAt ?? startedAt) + rng.int(5 * MINUTE, 36 * HOUR));
        const weights: readonly (readonly [number, number])[] =
          outcome === 'solved' ? [[5, 50], [4, 30], [3, 10], [2, 5], [1, 5]] : outcome === 'follow_up' ? [[5, 20], [4, 30], [3, 25], [2, 15], [1, 10]] : [[5, 10], [4, 20], [3, 25], [2, 25], [1, 20]];
        const score = rng.weighted(weights);
        this.feedback.add({
          id: uuidAt(rng, occurredAt),
          customerId: customer.id,
          kind: 'csat',
          score,
          comment: rng.chance(0.2) ? comment(rng, score >= 4 ? 'positive' : score === 3 ? 'neutral' : 'negative', customer.language) : null,
          occurredAt,
        });
      }
    }
    if (this.options.extras) {
      for (const order of orders) {
        if (order.deliveredAt === null || !rng.chance(0.12)) continue;
        const occurredAt = order.deliveredAt + rng.int(DAY, 14 * DAY);
        if (occurredAt > this.now) continue;
        const score = rng.weighted(order.returnedAt ? ([[1, 30], [2, 30], [3, 25], [4, 10], [5, 5]] as const) : ([[5, 55], [4, 25], [3, 9], [2, 5], [1, 6]] as const));
        this.feedback.add({
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
  private orderFor(rng: Random, reason: ReasonCode, orders: readonly OrderFacts[]): { order: OrderFacts; at: number } | null {
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

  private npsFor(rng: Random, customerId: string, language: UiLanguage, orders: readonly OrderFacts[], activeFrom: number): void {
    const first = orders[0];
    if (!first || !rng.chance(0.3)) return;
    const occurredAt = this.calendar.sample(rng, 'order', Math.max(activeFrom, first.placedAt + 7 * DAY), this.now);
    if (occurredAt > this.now || occurredAt < first.placedAt) return;
    const score = rng.weighted([[10, 28], [9, 24], [8, 16], [7, 10], [6, 7], [5, 5], [4, 3], [3, 2], [2, 2], [1, 1.5], [0, 1.5]] as const);
    this.feedback.add({
      id: uuidAt(rng, occurredAt),
      customerId,
      kind: 'nps',
      score,
      comment: rng.chance(0.35) ? comment(rng, score >= 9 ? 'positive' : score >= 7 ? 'neutral' : 'negative', language) : null,
      occurredAt,
    });
  }
}

function surname(rng: Random, community: Community): string {
  if (community.surnames !== 2) return rng.pick(community.lastNames);
  const first = rng.pick(community.lastNames);
  let second = rng.pick(community.lastNames);
  while (second === first) second = rng.pick(community.lastNames);
  return `${first} ${second}`;
}

/** An order or cart value in cents: supplements, garden and home goods, with prices ending in 95 or 99. */
function amount(rng: Random, segment: Segment, currency: 'EUR' | 'PLN'): number {
  const median = rng.weighted([[38, 50], [85, 30], [55, 20]] as const);
  let euros = clamp(rng.logNormal(median, 0.6), 8, 2500);
  if (segment === 'b2b') euros *= 4;
  if (currency === 'PLN') return Math.max(1, Math.round(euros * 4.3)) * 100 - 1;
  return Math.max(1, Math.round(euros)) * 100 - (rng.chance(0.5) ? 5 : 1);
}

function comment(rng: Random, mood: keyof typeof COMMENTS, language: UiLanguage): string {
  return rng.pick(COMMENTS[mood])[language];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
