import { z } from 'zod';
import { Role } from '../hub/roles.ts';

// The escalation lane as the page sees it: the inbox, one escalation with its thread, what a
// specialist does with it (claim, reply, hand back, resolve), the colleague directory and the
// SLA per priority. Main reads these from the hub (it is the inbox's truth), so they need it;
// creating an escalation goes through the outbox (`escalations.create` in data.ts).

const Id = z.uuid();
const Iso = z.string();

export const ESCALATION_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const EscalationPriority = z.enum(ESCALATION_PRIORITIES);
export type EscalationPriority = z.infer<typeof EscalationPriority>;

/** The specialist queues an agent can hand a case to; each is served by the role of its name. */
export const ESCALATION_QUEUES = ['second_line', 'expert', 'team_lead'] as const;
export const EscalationQueue = z.enum(ESCALATION_QUEUES);
export type EscalationQueue = z.infer<typeof EscalationQueue>;

export const ESCALATION_OUTCOMES = ['solved', 'refund', 'replacement', 'not_possible', 'other'] as const;
export const EscalationOutcome = z.enum(ESCALATION_OUTCOMES);
export type EscalationOutcome = z.infer<typeof EscalationOutcome>;

export const ESCALATION_BOXES = ['mine', 'queue', 'created', 'other'] as const;
export const EscalationBox = z.enum(ESCALATION_BOXES);
export type EscalationBox = z.infer<typeof EscalationBox>;

const Person = z.object({ id: Id, name: z.string() });

// Hub answers are read with `z.object` (not strict): a newer hub may add fields, the page gets
// only these.
export const EscalationItem = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  customerLanguage: z.string(),
  /** Older escalations may name a queue that is not one of today's three. */
  queue: z.string(),
  priority: EscalationPriority,
  status: z.enum(['open', 'claimed', 'resolved']),
  box: EscalationBox,
  summary: z.string(),
  createdAt: Iso,
  slaDueAt: Iso.nullable(),
  createdBy: Person,
  assignedTo: Person.nullable(),
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  interactionId: Id.nullable(),
  replies: z.number().int().min(0),
  outcome: EscalationOutcome.nullable(),
  resolution: z.string().nullable(),
  resolvedAt: Iso.nullable(),
});
export type EscalationItem = z.infer<typeof EscalationItem>;

export const EscalationReply = z.object({ id: Id, authorId: Id, authorName: z.string(), text: z.string(), at: Iso });
export type EscalationReply = z.infer<typeof EscalationReply>;

export const EscalationDetail = EscalationItem.extend({ thread: z.array(EscalationReply) });
export type EscalationDetail = z.infer<typeof EscalationDetail>;

export const EscalationInbox = z.object({
  escalations: z.array(EscalationItem),
  counts: z.object({ mine: z.number().int().min(0), queue: z.number().int().min(0) }),
});
export type EscalationInbox = z.infer<typeof EscalationInbox>;

/** Minutes from creation to the SLA's due time, per priority (a hub setting). */
export const EscalationSla = z.object({
  urgent: z.number().int().positive(),
  high: z.number().int().positive(),
  normal: z.number().int().positive(),
  low: z.number().int().positive(),
});
export type EscalationSla = z.infer<typeof EscalationSla>;

export const PRESENCE_STATES = ['available', 'wrap_up', 'on_call', 'break', 'offline'] as const;
export const ColleaguePresence = z.enum(PRESENCE_STATES);
export type ColleaguePresence = z.infer<typeof ColleaguePresence>;

export const Colleague = z.object({
  id: Id,
  displayName: z.string(),
  role: Role,
  office: z.object({ code: z.string(), name: z.string() }),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  extension: z.string().nullable(),
  status: ColleaguePresence,
  since: Iso.nullable(),
});
export type Colleague = z.infer<typeof Colleague>;

export const DirectoryResponse = z.object({ colleagues: z.array(Colleague) });
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;

// ---- requests ----

const Text = z.string().trim().min(1).max(5_000);

export const EscalationIdRequest = z.strictObject({ id: Id });
/** A note to the escalation's thread; `replyId` is made by the page, so a retry stores it once. */
export const EscalationReplyRequest = z.strictObject({ id: Id, replyId: Id, text: Text });
export const EscalationHandBackRequest = z.strictObject({ id: Id, note: z.string().trim().max(5_000).optional() });
export const EscalationResolveRequest = z.strictObject({ id: Id, outcome: EscalationOutcome, resolution: z.string().trim().max(5_000) });
