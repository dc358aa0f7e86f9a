import { z } from 'zod';
import { Id, PresenceStatus, Str, Text } from './api.ts';
import { Role } from './roles.ts';

// The escalation lane at the hub: escalations to a queue or a colleague, the colleague directory
// for transfers, and hand-offs (the context that travels with a transferred call). Requests are
// validated with these at the hub; the console parses the answers with the same schemas.

/** The specialist queues; each is served by the role of the same name. */
export const ESCALATION_QUEUES = ['second_line', 'expert', 'team_lead'] as const;
export const EscalationQueue = z.enum(ESCALATION_QUEUES);
export type EscalationQueue = z.infer<typeof EscalationQueue>;

/** The role whose agents serve a queue (and see its unassigned escalations). */
export function roleServingQueue(queue: EscalationQueue): Role {
  return queue;
}
/** The queue a role serves, if any (first line, overflow and admins serve none). */
export function queueServedBy(role: Role): EscalationQueue | null {
  return (ESCALATION_QUEUES as readonly string[]).includes(role) ? (role as EscalationQueue) : null;
}

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const ESCALATION_OUTCOMES = ['solved', 'refund', 'replacement', 'not_possible', 'other'] as const;
export const EscalationOutcome = z.enum(ESCALATION_OUTCOMES);
export type EscalationOutcome = z.infer<typeof EscalationOutcome>;

export const EscalationStatus = z.enum(['open', 'claimed', 'resolved']);
export type EscalationStatus = z.infer<typeof EscalationStatus>;

// ---- requests ----
/** `PUT /escalations/:id`: without `assignTo` the hub picks the best free agent of the queue, or leaves it in the queue. */
export const EscalationWrite = z.strictObject({
  customerId: Id,
  interactionId: Id.nullable().optional(),
  orderId: Id.nullable().optional(),
  queue: EscalationQueue,
  /** A named colleague; null or absent: the hub assigns. */
  assignTo: Id.nullable().optional(),
  priority: Priority.default('normal'),
  summary: Text(5_000),
});
export type EscalationWrite = z.input<typeof EscalationWrite>;
export const EscalationAssign = z.strictObject({ queue: EscalationQueue.optional(), assignTo: Id.nullable().optional() });
export const EscalationListQuery = z.strictObject({ status: EscalationStatus.optional(), queue: EscalationQueue.optional() });
export const ReplyWrite = z.strictObject({ id: Id, text: Text(5_000) });
export type ReplyWrite = z.infer<typeof ReplyWrite>;
export const HandBack = z.strictObject({ note: Str().trim().max(2_000).optional() });
export type HandBack = z.infer<typeof HandBack>;
export const ResolveWrite = z.strictObject({ outcome: EscalationOutcome, resolution: Text(5_000) });
export type ResolveWrite = z.infer<typeof ResolveWrite>;

/** Minutes from creation to the SLA due time, per priority (hub setting `escalation_sla`). */
const Minutes = z.number().int().min(1).max(60 * 24 * 60);
export const EscalationSla = z.strictObject({ urgent: Minutes, high: Minutes, normal: Minutes, low: Minutes });
export type EscalationSla = z.infer<typeof EscalationSla>;
export const DEFAULT_ESCALATION_SLA: EscalationSla = { urgent: 30, high: 120, normal: 480, low: 1440 };

// ---- answers ----
const Person = z.object({ id: Id, name: z.string() });
/** Which box of the inbox an escalation is in, for the caller. */
export const InboxBox = z.enum(['mine', 'queue', 'created', 'other']);
export type InboxBox = z.infer<typeof InboxBox>;
export const EscalationItem = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  customerLanguage: z.string(),
  queue: z.string(),
  priority: Priority,
  status: EscalationStatus,
  box: InboxBox,
  summary: z.string(),
  createdAt: z.string(),
  slaDueAt: z.string().nullable(),
  createdBy: Person,
  assignedTo: Person.nullable(),
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  interactionId: Id.nullable(),
  replies: z.number().int().min(0),
  outcome: EscalationOutcome.nullable(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type EscalationItem = z.infer<typeof EscalationItem>;
export const ThreadEntry = z.object({ id: Id, authorId: Id.nullable(), authorName: z.string(), text: z.string(), at: z.string() });
export type ThreadEntry = z.infer<typeof ThreadEntry>;
export const EscalationDetail = EscalationItem.extend({ thread: z.array(ThreadEntry) });
export type EscalationDetail = z.infer<typeof EscalationDetail>;
export const Inbox = z.object({
  escalations: z.array(EscalationItem),
  /** Unresolved ones: assigned to / claimed by me, and unassigned in my queue. */
  counts: z.object({ mine: z.number().int().min(0), queue: z.number().int().min(0) }),
});
export type Inbox = z.infer<typeof Inbox>;

// ---- directory ----
export const Colleague = z.object({
  id: Id,
  displayName: z.string(),
  role: Role,
  office: z.object({ code: z.string(), name: z.string() }),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  extension: z.string().nullable(),
  status: PresenceStatus,
  since: z.string().nullable(),
});
export type Colleague = z.infer<typeof Colleague>;
export const Directory = z.object({ colleagues: z.array(Colleague) });
export type Directory = z.infer<typeof Directory>;

// ---- hand-offs ----
export const HandoffKind = z.enum(['blind', 'attended']);
export type HandoffKind = z.infer<typeof HandoffKind>;
/** `PUT /handoffs/:id`: the sender tells the hub which escalation goes with the call it transfers. */
export const HandoffWrite = z.strictObject({
  escalationId: Id,
  toAgentId: Id,
  kind: HandoffKind,
  /** The sender's SIP Call-ID of the customer's call. */
  callId: Str().trim().min(1).max(200),
  customerNumber: Str().trim().max(40).nullable(),
});
export type HandoffWrite = z.infer<typeof HandoffWrite>;
export const Handoff = z.object({
  handoffId: Id,
  escalationId: Id,
  customerId: Id,
  customerName: z.string(),
  summary: z.string(),
  priority: Priority,
  fromAgentId: Id,
  fromName: z.string(),
  kind: HandoffKind,
  customerNumber: z.string().nullable(),
  expiresAt: z.string(),
});
export type Handoff = z.infer<typeof Handoff>;
export const PendingHandoffs = z.object({ handoffs: z.array(Handoff) });
export type PendingHandoffs = z.infer<typeof PendingHandoffs>;
