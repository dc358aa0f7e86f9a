import { z } from 'zod';
import { isLanguageCode, languageOfTag } from '../languages.ts';
import { Role } from './roles.ts';

// The hub's HTTP API: request and response schemas, shared by the hub (validation, OpenAPI) and
// the console (its sync client). Ids are UUIDv7 made by whoever creates the row.

/**
 * Every string a request carries is built on this: PostgreSQL's text cannot hold U+0000, so a
 * NUL would only fail in the database (a 500). Refused here, it is a 400 naming the field.
 */
// eslint-disable-next-line no-control-regex -- the control character is the point
const NO_NUL = /^[^\u0000]*$/;
export const Str = () => z.string().regex(NO_NUL, 'no NUL characters');
/**
 * An RFC 9562 UUID (versions 1–8, the RFC variant): not the nil or the max UUID, which z.uuid()
 * takes. Client-made ids are UUIDv7; the seed and older data use the same generator.
 */
const RFC_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
export const Id = z.uuid().regex(RFC_UUID, 'a UUID, not the nil or max UUID');
export const Text = (max: number) => Str().trim().min(1).max(max);
/**
 * A moment with its offset, in years 1900–9999: PostgreSQL has no year 0, and dates far outside
 * any working life are typing mistakes or probes, not appointments.
 */
export const IsoTime = z.iso.datetime({ offset: true }).refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1900 && year <= 9999;
}, 'a time in the years 1900–9999');

// ---- errors ----
export const HUB_ERROR_CODES = [
  'request.invalid',
  'auth.required',
  'auth.invalidCredentials',
  'auth.expired',
  'auth.revoked',
  'auth.forbidden',
  'auth.rateLimited',
  'enrollment.invalid',
  'idempotency.conflict',
  'not.found',
  'state.conflict',
  'lookup.invalidPhone',
  /** A note, e-mail, chat or WhatsApp interaction needs a customer; only a call may come without one. */
  'interaction.customerRequired',
  /** The interaction is already linked to another customer. */
  'interaction.customerConflict',
  /** The agent has no SIP account on the hub (yet). */
  'sipAccount.notFound',
  /** Another agent already has this SIP user on this domain. */
  'sipAccount.usernameTaken',
  /** A co-browse code that is wrong, expired or used (one answer for all three). */
  'cobrowse.codeUnknown',
  /** A visitor token was asked for a customer the hub does not know. */
  'cobrowse.customerUnknown',
  /** No SIP account was given for a new overflow agent and the office's SIP pool has no free one. */
  'sip.poolEmpty',
  'internal',
] as const;
export const HubErrorCode = z.enum(HUB_ERROR_CODES);
export type HubErrorCode = z.infer<typeof HubErrorCode>;
export const HubError = z.object({ code: HubErrorCode, params: z.record(z.string(), z.union([z.string(), z.number()])) });

// ---- auth ----
export const LoginRequest = z.strictObject({ email: z.email().max(200), password: Str().min(1).max(200), deviceName: Text(100).optional() });
export const EnrollRequest = z.strictObject({ code: Str().trim().min(6).max(40), deviceName: Text(100) });
/** `<session id>.<secret>`: the session's UUID and base64url, as the hub made it. */
export const RefreshRequest = z.strictObject({
  refreshToken: z
    .string()
    .max(200)
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}\.[A-Za-z0-9_-]{20,}$/, 'a refresh token'),
  /**
   * Random, stored by the console before it asks: the same token and key again is a retry of a
   * refresh whose answer was lost (a dropped connection, a crash), not a stolen copy.
   */
  retryKey: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'a retry key').optional(),
});
export const AgentProfile = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  role: Role,
  officeId: Id,
  officeCountry: z.string(),
  languages: z.array(z.string()),
  accessExpiresAt: z.string().nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;
export const TokenResponse = z.object({
  accessToken: z.string(),
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  agent: AgentProfile,
  deviceId: Id.nullable(),
  /** A fresh lease (common/hub/access.ts LeaseClaims, verify with common/hub/lease.ts); hubs before leases send none. */
  lease: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;
export const EnrollmentCreateRequest = z.strictObject({
  agentId: Id,
  /** Until when the code may be used; the agent's access ends at `accessExpiresAt`. */
  codeExpiresAt: IsoTime,
  accessExpiresAt: IsoTime.optional(),
});
export const EnrollmentCreateResponse = z.object({ code: z.string(), codeExpiresAt: z.string() });

// ---- SIP accounts (the console's softphone) ----
/** No whitespace, and none of the characters that end a SIP user part (`@`, `:`) or an address (`<`, `>`, `"`). */
const SipUser = Str().trim().min(1).max(100).regex(/^[^\s@:<>"]+$/, 'a SIP user part');
/** Written by a lead or an admin for an agent: the whole account, password included (a PUT replaces it). */
export const SipAccountWrite = z.strictObject({
  /**
   * The SIP server's WebSocket, `wss://pbx.example.com:7443`. `ws://` sends the digest exchange and
   * callers' numbers in clear: meant for a test rig on the agent's machine (the hub cannot tell
   * what is local to a console, so it does not enforce that).
   */
  server: z
    .url({ protocol: /^wss?$/ })
    .max(300)
    .regex(NO_NUL, 'no NUL characters')
    // Written as it is used (the URL parser would also take `ws:/host`), and without credentials.
    .regex(/^wss?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'ws:// or wss://'),
  /** The SIP domain of the agent's address, e.g. `pbx.example.com` or `127.0.0.1`. */
  domain: Str().trim().min(1).max(200).regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'a host name or IP address'),
  /** The user part of the SIP address: the extension, e.g. `1001`. */
  username: SipUser,
  /** The authorisation user when it differs from the username. */
  authorizationUser: SipUser.nullable().optional(),
  displayName: Text(100).nullable().optional(),
  password: Str().min(1).max(200),
});
export type SipAccountWrite = z.infer<typeof SipAccountWrite>;
/** A stored SIP account as leads see it: never with the password. */
export const SipAccount = z.object({
  agentId: Id,
  server: z.string(),
  domain: z.string(),
  username: z.string(),
  authorizationUser: z.string().nullable(),
  displayName: z.string().nullable(),
  updatedAt: z.string(),
});
export type SipAccount = z.infer<typeof SipAccount>;
/** `GET /me/sip-account`: the calling agent's own account with its password, to register with. */
export const OwnSipAccount = SipAccount.extend({ password: z.string() });
export type OwnSipAccount = z.infer<typeof OwnSipAccount>;

// ---- customers ----
export const LookupQuery = z.strictObject({
  phone: Str().trim().min(3).max(40).optional(),
  email: z.email().max(200).optional(),
  order: Text(40).optional(),
  name: Text(100).optional(),
}).refine((q) => Object.values(q).filter((v) => v !== undefined).length === 1, { message: 'exactly one of phone, email, order, name' });
export const CustomerHit = z.object({
  id: Id,
  name: z.string(),
  country: z.string(),
  language: z.string(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
});
export type CustomerHit = z.infer<typeof CustomerHit>;
/** A lookup's hit with what tells alike names apart: city, last contact, open escalations and callbacks. */
export const LookupHit = CustomerHit.extend({
  city: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  openEscalations: z.number().int().min(0),
  openCallbacks: z.number().int().min(0),
});
export type LookupHit = z.infer<typeof LookupHit>;
/** `more`: more customers matched than the hub returns (the first ones by name; refine the query). */
export const LookupResponse = z.object({ hits: z.array(LookupHit), more: z.boolean() });

/**
 * What the hub's record says about a customer (migration 0005, `customer_facts_json`): sent with
 * every customer row by `GET /sync` (`facts`) and in the 360's counters.
 */
export const CustomerFacts = z.object({
  orders: z.number().int().min(0),
  interactions: z.number().int().min(0),
  lifetimeValue: z.array(z.object({ currency: z.string(), cents: z.number() })),
  repeatBuyer: z.boolean(),
  lastOrder: z.object({ id: Id, number: z.string(), status: z.string(), currency: z.string(), totalCents: z.number(), placedAt: z.string() }).nullable(),
  lastNps: z.object({ score: z.number(), at: z.string() }).nullable(),
  lastCsat: z.object({ score: z.number(), at: z.string() }).nullable(),
  /** The latest contact with the customer (call, mail, chat, message; not an internal note). */
  lastContactAt: z.string().nullable(),
});
export type CustomerFacts = z.infer<typeof CustomerFacts>;

export const Customer360 = z.object({
  customer: CustomerHit.extend({
    segment: z.string(),
    officeId: Id.nullable(),
    officeName: z.string().nullable().optional(),
    /** The delivery address, `{street, postcode, city, country}` (null: none recorded). */
    address: z.unknown(),
    /** The billing address, same shape; absent from hubs before it was kept. */
    billingAddress: z.unknown().optional(),
  }),
  counters: z.object({
    orders: z.number(),
    interactions: z.number(),
    lifetimeValue: z.array(z.object({ currency: z.string(), cents: z.number() })),
    repeatBuyer: z.boolean(),
  }),
  lastNps: z.object({ score: z.number(), at: z.string() }).nullable(),
  lastCsat: z.object({ score: z.number(), at: z.string() }).nullable(),
  // `summary: null`: an escalation the caller may not see by the escalation wall (redacted).
  openEscalations: z.array(z.object({ id: Id, queue: z.string(), status: z.string(), priority: z.string().optional(), summary: z.string().nullable(), createdAt: z.string() })),
  openCallbacks: z.array(z.object({ id: Id, dueAt: z.string(), phone: z.string(), note: z.string().nullable() })),
  lastOrder: z.object({ id: Id, number: z.string(), status: z.string(), currency: z.string(), totalCents: z.number(), placedAt: z.string() }).nullable().optional(),
});

/** A timeline cursor, `<time>|<id>`: the previous page's `nextBefore`. */
const TimelineCursor = Str()
  .max(100)
  .refine((cursor) => IsoTime.safeParse(cursor.split('|')[0]).success, 'a timeline cursor');
export const TimelineQuery = z.strictObject({ before: TimelineCursor.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const TimelineItem = z.object({ kind: z.string(), id: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) });
export const TimelineResponse = z.object({ items: z.array(TimelineItem), nextBefore: z.string().nullable() });

/**
 * A customer an agent creates (an unknown caller), under a client-made UUIDv7; repeating the
 * request is safe. Phones are E.164 (the console normalises what the agent typed).
 */
const E164 = Str().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number');
export const CustomerWrite = z.strictObject({
  name: Text(200),
  /** An ISO 639-1 code (`common/languages.ts`), any case; stored in lower case. */
  language: Str()
    .trim()
    .max(2)
    .transform((code) => code.toLowerCase())
    .refine(isLanguageCode, 'an ISO 639-1 language code'),
  country: Str().length(2),
  phones: z.array(E164).max(5).default([]),
  emails: z.array(z.email().max(200)).max(5).default([]),
});
export const CustomerPhoneWrite = z.strictObject({ phone: E164 });
/**
 * Staff hand a customer to a colleague (a call transferred to an overflow agent): an overflow
 * agent may then open that customer for its shift; `expiresAt` is when that ends (null for staff,
 * who need no grant).
 */
export const CustomerHandover = z.strictObject({ agentId: Id });
export const CustomerHandoverResponse = z.object({ customerId: Id, agentId: Id, expiresAt: z.string().nullable() });
export const ReasonCodesResponse = z.object({ reasons: z.array(z.object({ code: z.string(), labels: z.record(z.string(), z.string()), sort: z.number() })) });

// ---- interactions ----
export const Channel = z.enum(['phone', 'email', 'chat', 'whatsapp', 'note']);
const Reasons = z.array(Str().max(60)).max(10);
const Outcome = z.enum(['solved', 'follow_up', 'escalated']);
const Transfers = z.number().int().min(0).max(50);
const InteractionNote = Str().max(20_000);
export const InteractionWrite = z.strictObject({
  /**
   * Null only for `channel: 'phone'` (a caller who is not a known customer yet; the hub answers
   * 422 `interaction.customerRequired` otherwise). Such a call is not synced to consoles until
   * `PATCH /interactions/:id` links it to a customer.
   */
  customerId: Id.nullable(),
  channel: Channel,
  direction: z.enum(['inbound', 'outbound', 'internal']),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable().optional(),
  reasons: Reasons.default([]),
  outcome: Outcome.nullable().optional(),
  firstContactFix: z.boolean().nullable().optional(),
  transfers: Transfers.default(0),
  note: InteractionNote.nullable().optional(),
  orderId: Id.nullable().optional(),
  sipCallId: Str().max(200).nullable().optional(),
  /** The other party of a call: E.164 (`+31612345678`) or an internal extension / SIP user part; null when withheld. */
  remoteNumber: Str().trim().min(1).max(64).regex(/^[^\s@<>"]+$/, 'a number or extension').nullable().optional(),
});
export type InteractionWrite = z.infer<typeof InteractionWrite>;
/**
 * A later change to an interaction: only the fields sent change. Written out rather than picked
 * from InteractionWrite, whose defaults (`reasons: []`, `transfers: 0`) would fill in absent
 * fields and wipe them. `customerId` links a call that came without one; it cannot move an
 * interaction to another customer (409 `interaction.customerConflict`).
 */
export const InteractionUpdate = z.strictObject({
  customerId: Id.optional(),
  endedAt: IsoTime.nullable().optional(),
  reasons: Reasons.optional(),
  outcome: Outcome.nullable().optional(),
  firstContactFix: z.boolean().nullable().optional(),
  transfers: Transfers.optional(),
  note: InteractionNote.nullable().optional(),
  orderId: Id.nullable().optional(),
});
export type InteractionUpdate = z.infer<typeof InteractionUpdate>;

// ---- escalations, callbacks, presence ----
// Escalations, the colleague directory and hand-offs: common/hub/escalations.ts.
export const CallbackWrite = z.strictObject({ customerId: Id, dueAt: IsoTime, phone: Text(40), note: Str().max(2_000).nullable().optional(), assignTo: Id.nullable().optional() });
/** `scope`: mine (assigned to me) or team (everyone's; overflow agents get their own either way). `state`: see common/hub/cases.ts. */
export const CallbackListQuery = z.strictObject({
  scope: z.enum(['mine', 'team']).default('team'),
  state: z.enum(['open', 'due', 'overdue', 'done']).default('open'),
  dueBefore: IsoTime.optional(),
});
export const PresenceStatus = z.enum(['available', 'on_call', 'wrap_up', 'break', 'offline']);
export const PresenceWrite = z.strictObject({ status: PresenceStatus });
export const PeakPreset = z.enum(['chat_off', 'callbacks_only', 'all_hands_phone']);
export const PeakModeWrite = z.strictObject({ enabled: z.boolean(), preset: PeakPreset.optional(), note: Str().max(500).optional() });

// ---- sync ----
export const SyncQuery = z.strictObject({ since: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5_000).default(1_000) });
/**
 * A synced row as the hub's database built it. Checked as "an object" only: a response page holds
 * up to 5,000 of them, and a per-key check (z.record) copies every row, which took longer than
 * encoding the whole page as JSON.
 */
export const SyncRow = z
  .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected an object')
  .meta({ type: 'object', additionalProperties: {} });
export const SyncChange = z.object({ seq: z.number(), entity: z.string(), row: SyncRow });
export const SyncResponse = z.object({
  changes: z.array(SyncChange),
  /** The `since` of the next page: the last `seq` of this one. */
  next: z.number(),
  /** The page was full: ask again from `next`. */
  more: z.boolean(),
  /** The hub's newest sequence value when the page was read: progress is (next - start) / (head - start). */
  head: z.number(),
});
export type SyncResponse = z.infer<typeof SyncResponse>;

// ---- live events ----
export const LiveEvent = z.object({ seq: z.number(), kind: z.string(), at: z.string(), payload: z.record(z.string(), z.unknown()) });
export type LiveEvent = z.infer<typeof LiveEvent>;

// ---- ingestion (web-shop events) ----
const ShopCustomer = z.strictObject({
  email: z.email().max(200).optional(),
  phone: Str().max(40).optional(),
  name: Text(200).optional(),
  country: Str().length(2).optional(),
  /** A language code or a locale (`nl`, `nl-BE`, `nl_NL`): its ISO 639-1 language is kept. */
  language: Str()
    .max(35)
    .transform((tag, context) => {
      const code = languageOfTag(tag);
      if (code === null) context.addIssue({ code: 'custom', message: 'a language code or locale' });
      return code ?? '';
    })
    .optional(),
  /** The customer agreed to be contacted by the shop (calls about an abandoned cart). Absent: unchanged. */
  contactConsent: z.boolean().optional(),
});
const Base = { externalId: Text(200), occurredAt: IsoTime, customer: ShopCustomer };
const Order = z.strictObject({ number: Text(40), currency: Str().length(3), totalCents: z.number().int().min(0) });
/** The shop's own id of a cart: an order placed from it recovers exactly that cart. */
const CartRef = Text(200);
const ShopLanguage = Str()
  .max(35)
  .transform((tag, context) => {
    const code = languageOfTag(tag);
    if (code === null) context.addIssue({ code: 'custom', message: 'a language code or locale' });
    return code ?? '';
  });
export const IngestEvent = z.discriminatedUnion('type', [
  z.strictObject({ ...Base, type: z.literal('order.placed'), order: Order, cartRef: CartRef.optional() }),
  z.strictObject({ ...Base, type: z.enum(['order.paid', 'order.shipped', 'order.delivered', 'order.returned']), orderNumber: Text(40), trackingRef: Text(100).optional() }),
  z.strictObject({ ...Base, type: z.enum(['cart.abandoned', 'cart.recovered']), valueCents: z.number().int().min(0), currency: Str().length(3), cartRef: CartRef.optional() }),
  /** The shop's contact widget: "call me back" with a number, a preferred window and a language. */
  z
    .strictObject({ ...Base, type: z.literal('callback.requested'), phone: E164, windowStart: IsoTime, windowEnd: IsoTime, language: ShopLanguage.optional() })
    .refine((event) => Date.parse(event.windowEnd) > Date.parse(event.windowStart), { message: 'the window ends after it starts', path: ['windowEnd'] }),
  z.strictObject({ ...Base, type: z.literal('review'), score: z.number().int().min(1).max(5), comment: Str().max(5_000).optional() }),
  z.strictObject({ ...Base, type: z.literal('nps.answer'), score: z.number().int().min(0).max(10), comment: Str().max(5_000).optional() }),
]);
export type IngestEvent = z.infer<typeof IngestEvent>;
export const IngestRequest = z.strictObject({ events: z.array(IngestEvent).min(1).max(1_000) });
export const IngestResponse = z.object({ accepted: z.number(), duplicates: z.number() });
