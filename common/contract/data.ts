import { z } from 'zod';
import { EscalationPriority, EscalationQueue } from './escalations.ts';

// The console's data as the renderer sees it: customers from the local cache, their timeline,
// the agent's writes (which go through the outbox), drafts, and the state of the sync with the
// hub. Main answers from the encrypted cache, so these work offline.

export const CustomerId = z.uuid();
export const EntityId = z.uuid();

/** How a search hit was found: decides what the hit list highlights. */
export const MatchKind = z.enum(['phone', 'email', 'order', 'name']);
export type MatchKind = z.infer<typeof MatchKind>;

export const CustomerSearchRequest = z.strictObject({
  query: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(50).default(20),
});

export const CustomerSummary = z.strictObject({
  id: CustomerId,
  name: z.string(),
  country: z.string(),
  language: z.string(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const CustomerHit = CustomerSummary.extend({
  matchedOn: MatchKind,
  /** The order number the query matched, when it matched one. */
  orderNumber: z.string().nullable(),
  /** What tells twenty Jansens apart: the city of their address (null: none known). */
  city: z.string().nullable(),
  /** Their last call, mail or chat (notes are not contacts); null: none known. */
  lastContactAt: z.string().nullable(),
  /** Escalations not yet resolved and callbacks still to make. */
  openEscalations: z.number().int().min(0),
  openCallbacks: z.number().int().min(0),
});
export type CustomerHit = z.infer<typeof CustomerHit>;

/** `more`: there were more matches than the limit (the list is the first `limit`; refine the query). */
export const CustomerSearchResponse = z.strictObject({ hits: z.array(CustomerHit), more: z.boolean() });
export type CustomerSearchResponse = z.infer<typeof CustomerSearchResponse>;

const Money = z.strictObject({ currency: z.string(), cents: z.number() });

export const OrderSummary = z.strictObject({
  id: EntityId,
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  totalCents: z.number(),
  placedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/** An order with its status progression (placed → paid → shipped → delivered / returned). */
export const OrderDetail = OrderSummary.extend({
  events: z.array(z.strictObject({ id: EntityId, status: z.string(), at: z.string(), trackingRef: z.string().nullable() })),
  /** The newest tracking reference of any of its events. */
  trackingRef: z.string().nullable(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;
export const OrdersRequest = z.strictObject({ customerId: CustomerId, limit: z.number().int().min(1).max(200).default(50) });
export const OrdersResponse = z.strictObject({
  orders: z.array(OrderDetail),
  /**
   * Orders the customer's record counts that this list cannot show: older than the history this
   * console keeps (its retention). 0 when the list is the whole record or the record is not known.
   */
  notHeld: z.number().int().min(0),
});
export type OrdersResponse = z.infer<typeof OrdersResponse>;

/** Colleagues who speak a customer's language: how many, and how many are free to take a call now. */
export const LanguageColleagues = z.strictObject({ total: z.number().int().min(0), free: z.number().int().min(0) });
export type LanguageColleagues = z.infer<typeof LanguageColleagues>;

/** A postal address as the shop keeps it; `country` is ISO 3166-1 alpha-2. */
export const PostalAddress = z.strictObject({
  street: z.string(),
  postcode: z.string(),
  city: z.string(),
  country: z.string(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

/**
 * A customer's 360. Counters, last order, NPS and CSAT are the hub's record (kept per customer,
 * synced with it), not a count of the history this console happens to keep.
 */
export const Customer360 = z.strictObject({
  customer: CustomerSummary.extend({
    segment: z.string(),
    officeId: z.string().nullable(),
    officeName: z.string().nullable(),
    /** Where orders go and where invoices go; null when the record has none. */
    addresses: z.strictObject({ delivery: PostalAddress.nullable(), billing: PostalAddress.nullable() }),
  }),
  counters: z.strictObject({
    orders: z.number().int(),
    interactions: z.number().int(),
    lifetimeValue: z.array(Money),
    repeatBuyer: z.boolean(),
  }),
  lastOrder: OrderSummary.nullable(),
  lastNps: z.strictObject({ score: z.number(), at: z.string() }).nullable(),
  lastCsat: z.strictObject({ score: z.number(), at: z.string() }).nullable(),
  // `summary: null`: the agent may not see this escalation (the hub's escalation wall): it only knows it exists.
  openEscalations: z.array(z.strictObject({ id: EntityId, queue: z.string(), status: z.string(), summary: z.string().nullable(), createdAt: z.string() })),
  openCallbacks: z.array(z.strictObject({ id: EntityId, dueAt: z.string(), phone: z.string(), note: z.string().nullable() })),
  /** Other agents speaking the customer's language (null when only the hub answered: it does not say). */
  languageColleagues: LanguageColleagues.nullable(),
});
export type Customer360 = z.infer<typeof Customer360>;

export const TIMELINE_KINDS = ['interaction', 'order', 'orderEvent', 'cart', 'feedback', 'escalation', 'callback'] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/**
 * What the timeline's filter chips select. Interactions split by channel; `orders` is orders and
 * their status changes; `feedback` is reviews, NPS and CSAT; `cases` is escalations and callbacks.
 */
export const TIMELINE_FILTERS = ['calls', 'mails', 'chats', 'whatsapp', 'notes', 'orders', 'carts', 'feedback', 'cases'] as const;
export const TimelineFilter = z.enum(TIMELINE_FILTERS);
export type TimelineFilter = z.infer<typeof TimelineFilter>;

export const TimelineRequest = z.strictObject({
  customerId: CustomerId,
  /** The `nextBefore` of the previous page. */
  before: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Only these groups (absent or empty: everything). */
  filters: z.array(TimelineFilter).max(TIMELINE_FILTERS.length).optional(),
  /** Only items whose text (note, summary, comment, order number, tracking reference, reasons) contains this. */
  text: z.string().trim().max(100).optional(),
});

export const TimelineEntry = z.strictObject({
  kind: TimelineKind,
  id: EntityId,
  at: z.string(),
  /** Written here and not yet acknowledged by the hub. */
  pending: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelinePage = z.strictObject({ items: z.array(TimelineEntry), nextBefore: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;

export const NOTE_MAX_LENGTH = 20_000;

export const NoteAddRequest = z.strictObject({
  /** Made by the renderer (UUIDv7), so a request repeated after a reconnect stores one note. */
  id: EntityId,
  customerId: CustomerId,
  text: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
  /** The draft this note was typed in; it is removed in the same transaction. */
  draftKey: z.string().min(1).max(200).optional(),
});
export const NoteAddResponse = z.strictObject({ id: EntityId, pending: z.boolean() });

export const DraftKey = z.string().min(1).max(200);
export const DraftSaveRequest = z.strictObject({ key: DraftKey, text: z.string().max(NOTE_MAX_LENGTH) });
export const Draft = z.strictObject({ key: DraftKey, text: z.string(), savedAt: z.string() });
export type Draft = z.infer<typeof Draft>;

/** Why the cache holds no customer data (then search and 360 answer from nothing). */
export const CacheUnavailableReason = z.enum(['noSecretStore', 'notSignedIn', 'openFailed']);

export const CacheState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('ready') }),
  z.strictObject({ state: z.literal('unavailable'), reason: CacheUnavailableReason }),
  /** The cache was damaged (or could not be decrypted) and is being rebuilt from the hub. */
  z.strictObject({ state: z.literal('rebuilt'), reason: z.enum(['corrupt', 'keyMismatch']) }),
]);
export type CacheState = z.infer<typeof CacheState>;

export const SyncProgress = z.strictObject({
  rows: z.number().int().min(0),
  /** Estimated rows in all (from the hub's change sequence); null until the first page. */
  total: z.number().int().min(0).nullable(),
  rowsPerSecond: z.number().min(0),
  etaSeconds: z.number().min(0).nullable(),
  /** 0..1 */
  fraction: z.number().min(0).max(1),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.strictObject({
  /** The link to the hub: `online` when the last request to it succeeded. */
  connection: z.enum(['offline', 'connecting', 'online']),
  /** `initial` while the first full sync runs (with progress), `delta` while catching up. */
  phase: z.enum(['idle', 'initial', 'delta']),
  progress: SyncProgress.nullable(),
  /** Writes stored here and not yet acknowledged by the hub. */
  pending: z.number().int().min(0),
  /** Writes the hub refused (422 and the like): shown to the agent with the reason. */
  setAside: z.number().int().min(0),
  lastSyncedAt: z.string().nullable(),
  /** When the next reconnect attempt runs while offline. */
  retryAt: z.string().nullable(),
  cache: CacheState,
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const OUTBOX_KINDS = ['note', 'interaction', 'wrapUp', 'escalation', 'callback', 'callLog', 'customer'] as const;
export const OutboxKind = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof OutboxKind>;

export const SetAsideItem = z.strictObject({
  id: z.string(),
  kind: OutboxKind,
  customerId: z.string().nullable(),
  /** A short excerpt of what was written, so the agent recognises it. */
  summary: z.string(),
  createdAt: z.string(),
  /** The hub's error code (`idempotency.conflict`, `request.invalid`, ...) and HTTP status. */
  reason: z.strictObject({ code: z.string(), status: z.number().int() }),
});
export type SetAsideItem = z.infer<typeof SetAsideItem>;

export const SignInRequest = z.union([
  z.strictObject({ method: z.literal('password'), url: z.url().max(500), email: z.email().max(200), password: z.string().min(1).max(200) }),
  z.strictObject({ method: z.literal('enrollment'), url: z.url().max(500), code: z.string().trim().min(6).max(40) }),
]);
export type SignInRequest = z.infer<typeof SignInRequest>;

export const CustomersChanged = z.strictObject({
  /** Customers whose data changed; `all` after a rebuild or a purge. */
  ids: z.array(z.string()).max(1_000),
  all: z.boolean(),
});
export type CustomersChanged = z.infer<typeof CustomersChanged>;

// ---- customers the agent creates or completes (unknown callers) ----

/** A new customer, typed by the agent (mostly for a caller no one knows yet). Id made by the renderer (UUIDv7). */
export const CustomerCreateRequest = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(200),
  /** Any notation; stored as E.164 read in `country`. */
  phone: z.string().trim().max(40).nullable(),
  email: z.email().max(200).nullable(),
  language: z.string().min(2).max(5),
  country: z.string().length(2),
});
export type CustomerCreateRequest = z.infer<typeof CustomerCreateRequest>;
export const CustomerWriteResponse = z.strictObject({ id: EntityId, pending: z.boolean() });

/** Adds a number to a known customer ("link to existing" for an unknown caller), so the next call finds them. */
export const CustomerAddPhoneRequest = z.strictObject({ customerId: CustomerId, phone: z.string().trim().min(3).max(40) });

export const RecentCustomersResponse = z.strictObject({ customers: z.array(CustomerSummary.extend({ openedAt: z.string() })) });
export type RecentCustomersResponse = z.infer<typeof RecentCustomersResponse>;

// ---- wrap-up ----

export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'whatsapp', 'note'] as const;
export const ContactChannel = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.infer<typeof ContactChannel>;
export const OUTCOMES = ['solved', 'follow_up', 'escalated'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** A contact reason from the hub, with its label in every language and how often this agent used it lately. */
export const ReasonOption = z.strictObject({
  code: z.string(),
  labels: z.record(z.string(), z.string()),
  /** This agent's uses in the last 90 days: the list is sorted by it, then by the hub's order. */
  uses: z.number().int().min(0),
});
export type ReasonOption = z.infer<typeof ReasonOption>;
export const ReasonsResponse = z.strictObject({ reasons: z.array(ReasonOption) });

export const REPEAT_CONTACT_DAYS = 7;
export const WrapUpContextRequest = z.strictObject({ customerId: CustomerId, interactionId: EntityId.optional() });
/** What the wrap-up needs to warn and suggest: this customer's other contacts in the last 7 days. */
export const WrapUpContext = z.strictObject({
  recentContacts: z.array(z.strictObject({ id: EntityId, at: z.string(), channel: z.string(), reasons: z.array(z.string()), outcome: z.string().nullable() })),
});
export type WrapUpContext = z.infer<typeof WrapUpContext>;

export const WrapUpRequest = z.strictObject({
  /** The contact's interaction: a call's `interactionId`, or a new UUIDv7 for a contact wrapped up on demand. */
  interactionId: EntityId,
  customerId: CustomerId,
  /** A contact not logged yet (on demand: a mail, a chat): created, else the existing one is completed. */
  create: z.strictObject({ channel: ContactChannel, direction: z.enum(['inbound', 'outbound', 'internal']), startedAt: z.iso.datetime({ offset: true }) }).nullable(),
  reasons: z.array(z.string().min(1).max(60)).min(1).max(10),
  outcome: Outcome,
  firstContactFix: z.boolean(),
  transfers: z.number().int().min(0).max(50),
  note: z.string().trim().max(NOTE_MAX_LENGTH).nullable(),
  orderId: EntityId.nullable(),
  /** The wrap-up's draft, removed in the same transaction. */
  draftKey: DraftKey.optional(),
});
export type WrapUpRequest = z.infer<typeof WrapUpRequest>;
export const WrapUpResponse = z.strictObject({ id: EntityId, pending: z.boolean() });

// ---- escalations and callbacks from the customer screen ----

export const EscalationCreateRequest = z.strictObject({
  id: EntityId,
  customerId: CustomerId,
  /** The call (or other contact) it came from, when the agent is on one with this customer. */
  interactionId: EntityId.nullable(),
  /** The order it is about, if any. */
  orderId: EntityId.nullable().default(null),
  /** One of the specialist queues (the hub refuses any other). */
  queue: EscalationQueue,
  /** A named colleague instead of the queue's best free agent (the hub picks when null). */
  assignTo: EntityId.nullable().default(null),
  priority: EscalationPriority.default('normal'),
  summary: z.string().trim().min(1).max(5_000),
});
export type EscalationCreateRequest = z.infer<typeof EscalationCreateRequest>;
export const CallbackCreateRequest = z.strictObject({
  id: EntityId,
  customerId: CustomerId,
  dueAt: z.iso.datetime({ offset: true }),
  /** Any notation; stored as E.164 read in the customer's country. */
  phone: z.string().trim().min(3).max(40),
  note: z.string().trim().max(2_000).nullable(),
});
export type CallbackCreateRequest = z.infer<typeof CallbackCreateRequest>;
