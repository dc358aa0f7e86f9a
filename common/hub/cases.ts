import { z } from 'zod';
import { CallbackListQuery, Id, IsoTime, PeakModeWrite, PeakPreset, PresenceStatus, Str } from './api.ts';
import { Role } from './roles.ts';

// The hub's answers about callbacks, cart follow-ups, peak mode and the team board, shared by the
// hub (validation, OpenAPI) and the consoles that show them. Requests are validated with the
// same schemas; times are ISO 8601 UTC strings.

export { CallbackListQuery, PeakModeWrite, PeakPreset };

// ---- callbacks ----
export const CallbackOutcomeKind = z.enum(['reached', 'no_answer', 'wrong_number']);
export type CallbackOutcomeKind = z.infer<typeof CallbackOutcomeKind>;
export const CallbackStatus = z.enum(['open', 'done', 'cancelled']);
export const CallbackSource = z.enum(['agent', 'web_shop']);
const Person = z.object({ id: Id, name: z.string() });

export const CallbackItem = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  phone: z.string(),
  dueAt: z.string(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  language: z.string().nullable(),
  note: z.string().nullable(),
  status: CallbackStatus,
  outcome: CallbackOutcomeKind.nullable(),
  attempts: z.number().int(),
  assignedTo: Person.nullable(),
  createdBy: Person.nullable(),
  source: CallbackSource,
  completedAt: z.string().nullable(),
  /** Open and past its window's end (or 30 minutes past due without a window). */
  overdue: z.boolean(),
});
export type CallbackItem = z.infer<typeof CallbackItem>;
export const CallbackList = z.object({ callbacks: z.array(CallbackItem) });
export type CallbackList = z.infer<typeof CallbackList>;

/** `rescheduleAt` is required for `no_answer`: the callback comes due again then. */
export const CallbackOutcome = z
  .strictObject({ outcome: CallbackOutcomeKind, rescheduleAt: IsoTime.optional(), note: Str().max(2_000).optional() })
  .refine((body) => body.outcome !== 'no_answer' || body.rescheduleAt !== undefined, { message: 'required for no_answer', path: ['rescheduleAt'] });
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

// ---- cart follow-ups ----
export const CartOutcomeKind = z.enum(['recovered', 'not_interested', 'no_answer']);
export type CartOutcomeKind = z.infer<typeof CartOutcomeKind>;
export const CartFollowUp = z.object({
  cartId: Id,
  customerId: Id,
  customerName: z.string(),
  phone: z.string().nullable(),
  language: z.string(),
  valueCents: z.number().int(),
  currency: z.string(),
  abandonedAt: z.string(),
  attempts: z.number().int(),
  lastOutcome: CartOutcomeKind.nullable(),
});
export type CartFollowUp = z.infer<typeof CartFollowUp>;
export const CartFollowUpList = z.object({ carts: z.array(CartFollowUp) });
export type CartFollowUpList = z.infer<typeof CartFollowUpList>;
export const CartOutcome = z.strictObject({ id: Id, outcome: CartOutcomeKind, note: Str().max(2_000).optional() });
export type CartOutcome = z.infer<typeof CartOutcome>;

// ---- peak mode ----
/** Which contact channels the team (and the shop's contact widget) offers under peak mode. */
export const PeakChannels = z.object({ phone: z.boolean(), chat: z.boolean(), email: z.boolean(), callbackRequests: z.boolean() });
export type PeakChannels = z.infer<typeof PeakChannels>;
export const PeakMode = z.object({
  enabled: z.boolean(),
  preset: PeakPreset.nullable(),
  note: z.string().nullable(),
  byName: z.string().nullable(),
  since: z.string().nullable(),
  channels: PeakChannels,
});
export type PeakMode = z.infer<typeof PeakMode>;
/** What the web shop's widget may know: no note, no names. */
export const PublicPeakMode = z.object({ enabled: z.boolean(), preset: PeakPreset.nullable(), channels: PeakChannels, since: z.string().nullable() });
export type PublicPeakMode = z.infer<typeof PublicPeakMode>;

const ALL_CHANNELS: PeakChannels = { phone: true, chat: true, email: true, callbackRequests: true };
/** The channels each preset leaves open; peak mode without a preset (or off) closes none. */
export function peakChannels(enabled: boolean, preset: z.infer<typeof PeakPreset> | null): PeakChannels {
  if (!enabled || preset === null) return ALL_CHANNELS;
  switch (preset) {
    case 'chat_off':
      return { ...ALL_CHANNELS, chat: false };
    case 'callbacks_only':
      return { phone: false, chat: false, email: true, callbackRequests: true };
    case 'all_hands_phone':
      return { phone: true, chat: false, email: false, callbackRequests: true };
  }
}

// ---- team board ----
export const BoardQueue = z.enum(['second_line', 'expert', 'team_lead']);
export const Board = z.object({
  generatedAt: z.string(),
  /** The caller's office time zone: "today" and the hours are in it. */
  timezone: z.string(),
  agents: z.array(z.object({ id: Id, displayName: z.string(), role: Role, office: z.object({ code: z.string(), name: z.string() }), status: PresenceStatus, since: z.string().nullable() })),
  liveCalls: z.array(z.object({ agentId: Id, agentName: z.string(), since: z.string() })),
  /** Per queue: escalations not yet claimed (status open, assigned or not) and the oldest one's creation. */
  escalationsWaiting: z.array(z.object({ queue: z.string(), waiting: z.number().int(), oldestAt: z.string().nullable() })),
  escalationsToday: z.object({ created: z.number().int(), claimed: z.number().int(), resolved: z.number().int() }),
  callbacks: z.object({ due: z.number().int(), overdue: z.number().int() }),
  /** Today's contacts by reason, top 10, labels in every UI language. */
  reasonsToday: z.array(z.object({ code: z.string(), labels: z.record(z.string(), z.string()), count: z.number().int() })),
  /** Contacts (calls, mails, chats, messages; no notes) per local hour, today and the same weekday 364 days earlier. */
  contactsPerHour: z.object({ today: z.array(z.number().int()).length(24), lastYear: z.array(z.number().int()).length(24) }),
  rates: z.object({ firstContactFix: z.number().nullable(), repeatContact: z.number().nullable(), slaAttainment: z.number().nullable() }),
  peakMode: PeakMode,
});
export type Board = z.infer<typeof Board>;
