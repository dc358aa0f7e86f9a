import { z } from 'zod';

// Context that travels with a transferred call ("Transfer to expert"): the sender's console
// creates the escalation at the hub, registers a hand-off for the target, then transfers the
// call; the receiving console names the customer and shows the escalation's summary and sender
// while the transferred call rings. See main/handoffs/README.md.

const Id = z.uuid();

export const HANDOFF_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const HANDOFF_QUEUES = ['second_line', 'expert', 'team_lead'] as const;
export const HandoffTransferKind = z.enum(['blind', 'attended']);
export type HandoffTransferKind = z.infer<typeof HandoffTransferKind>;

/** What the receiving console shows with a ringing (and answered) transferred call. */
export const CallHandoff = z.strictObject({
  handoffId: Id,
  escalationId: Id,
  customerId: Id,
  customerName: z.string(),
  summary: z.string(),
  priority: z.enum(HANDOFF_PRIORITIES),
  /** Who transferred the call. */
  fromName: z.string(),
  kind: HandoffTransferKind,
});
export type CallHandoff = z.infer<typeof CallHandoff>;

/**
 * "Transfer to expert" from the escalate form while on a call: the escalation is created at the
 * hub at once (it must exist before the hand-off), then the call goes to the assignee (the hub's
 * pick of the queue, or the colleague named here).
 */
export const TransferToExpertRequest = z.strictObject({
  /** The softphone's id of the customer's call (`CallView.id`). */
  callId: z.string().min(1).max(200),
  customerId: Id,
  queue: z.enum(HANDOFF_QUEUES),
  /** A named colleague; absent or null: the hub picks the best free one of the queue. */
  assignTo: Id.nullable().optional(),
  priority: z.enum(HANDOFF_PRIORITIES).default('normal'),
  summary: z.string().trim().min(1).max(5_000),
  interactionId: Id.nullable().optional(),
  orderId: Id.nullable().optional(),
  kind: HandoffTransferKind,
});
export type TransferToExpertRequest = z.input<typeof TransferToExpertRequest>;

export const TransferToExpertResponse = z.strictObject({
  escalationId: Id,
  handoffId: Id,
  /** Who the call went to. */
  target: z.strictObject({ agentId: Id, name: z.string(), extension: z.string() }),
  /** Attended: the consult call to the colleague (complete or cancel it like any consult). */
  consultCallId: z.string().nullable(),
});
export type TransferToExpertResponse = z.infer<typeof TransferToExpertResponse>;
