// Customers and everything that happened to them: phones, emails, orders with their status
// history, carts, contacts with the contact centre and feedback. Shared by the demo seed and
// the benchmark seed; every customer draws from its own random stream, so the data does not
// depend on batch sizes. This file makes the customers and writes the batches; the history
// comes from orders.ts and contacts.ts, who they are from identities.ts, the plan of who is how
// active from customer-plan.ts.
import { type UiLanguage } from '../../common/locales.ts';
import { type Queryable } from '../db/database.ts';
import { AgentPicker } from './contact-agents.ts';
import { interactionsFor, npsFor } from './contacts.ts';
import { planCustomers, type CustomerPlan } from './customer-plan.ts';
import { COUNTRIES, type City, type Community, type CountryCode, type Gender } from './data/index.ts';
import { Identities, surname } from './identities.ts';
import { uuidAt } from './ids.ts';
import { deferCustomerFacts } from './customer-facts.ts';
import { inTransaction, type Transactional } from './insert.ts';
import { OrderNumbers, cartsFor, ordersFor } from './orders.ts';
import { Random } from './random.ts';
import { type Staff } from './staff.ts';
import {
  cartWriter,
  customerWriter,
  emailWriter,
  feedbackWriter,
  interactionWriter,
  orderEventWriter,
  orderWriter,
  phoneWriter,
  type PhoneRow,
} from './tables.ts';
import { Calendar, DAY } from './time.ts';

export type { Segment } from './customer-plan.ts';

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

interface Household {
  readonly lastName: string;
  readonly city: City;
  readonly address: string;
  readonly phones: readonly PhoneRow[];
}

/** What the generators of a customer's history read and write (the Population). */
export interface Generation {
  readonly options: PopulationOptions;
  readonly calendar: Calendar;
  readonly agents: AgentPicker;
  readonly now: number;
  readonly orderNumbers: OrderNumbers;
  readonly orders: ReturnType<typeof orderWriter>;
  readonly orderEvents: ReturnType<typeof orderEventWriter>;
  readonly carts: ReturnType<typeof cartWriter>;
  readonly interactions: ReturnType<typeof interactionWriter>;
  readonly feedback: ReturnType<typeof feedbackWriter>;
  readonly escalationCandidates: CaseCandidate[];
  readonly callbackCandidates: CaseCandidate[];
}

export class Population implements Generation {
  readonly calendar: Calendar;
  readonly agents: AgentPicker;
  readonly now: number;
  private readonly identities = new Identities();
  private readonly households = new Map<string, Household[]>();
  orderNumbers!: OrderNumbers;

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
    readonly options: PopulationOptions,
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
        // The caller computes the customers' facts once after the load (customer-facts.ts).
        await deferCustomerFacts(tx);
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

    let city = this.identities.cityPicker(community).pick(rng);
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
      addPhone(this.identities.uniquePhone(rng, () => country.landline(rng, city)), 'landline');
      if (rng.chance(0.6)) addPhone(this.identities.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
    } else {
      addPhone(this.identities.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
      if (relative) {
        const shared = relative.phones.find((p) => p.kind === 'landline') ?? relative.phones[0];
        if (shared) addPhone(shared.e164, shared.kind);
      } else if (rng.chance(0.28)) {
        if (rng.chance(0.7)) addPhone(this.identities.uniquePhone(rng, () => country.landline(rng, city)), 'landline');
        else addPhone(this.identities.uniquePhone(rng, () => country.mobile(rng)), 'mobile');
      }
    }
    for (const phone of phones) this.customerPhones.add(phone);
    if (!b2b) {
      households.push({ lastName: familyName, city, address, phones });
      if (households.length > 64) households.shift();
    }

    // Spaniards mostly use their first surname in an address.
    const mailName = community.surnames === 2 ? (lastName.split(' ')[0] ?? lastName) : lastName;
    const emails = b2b ? this.identities.companyEmails(rng, community, name, firstName) : this.identities.personalEmails(rng, country, community, firstName, mailName);
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
    const orders = ordersFor(this, rng, id, country, plan, activeFrom);
    if (this.options.extras) cartsFor(this, rng, id, country, plan, activeFrom);
    interactionsFor(this, rng, { id, officeId: office.id, language: community.language, phone: phones[0]?.e164 ?? '' }, plan, activeFrom, orders);
    if (this.options.extras) npsFor(this, rng, id, community.language, orders, activeFrom);
  }
}

