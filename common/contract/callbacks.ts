import { z } from 'zod';
import { CallbackList, CallbackOutcomeKind, CartFollowUpList, CartOutcomeKind } from '../hub/cases.ts';

// Callbacks and cart follow-ups as the page sees them: the lists are read from the hub (it is
// their truth, and their state — due, overdue, taken by a colleague — changes there), and the
// outcome of each call is written there. Without the hub both say so (`hub.unreachable`).

export { CallbackList, CallbackOutcomeKind, CartFollowUpList, CartOutcomeKind };
export type { CallbackItem, CartFollowUp } from '../hub/cases.ts';

const Id = z.uuid();
/** An ISO 8601 time with its offset (the reschedule time the agent picked). */
const IsoTime = z.iso.datetime({ offset: true });

export const CALLBACK_SCOPES = ['mine', 'team'] as const;
export const CallbackScope = z.enum(CALLBACK_SCOPES);
export type CallbackScope = z.infer<typeof CallbackScope>;

/** The list's tabs: due (today, not overdue), overdue, done (the last 7 days). */
export const CALLBACK_STATES = ['due', 'overdue', 'done'] as const;
export const CallbackState = z.enum(CALLBACK_STATES);
export type CallbackState = z.infer<typeof CallbackState>;

export const CallbacksListRequest = z.strictObject({ scope: CallbackScope, state: CallbackState });
export type CallbacksListRequest = z.infer<typeof CallbacksListRequest>;

export const CallbackOutcomeRequest = z
  .strictObject({
    callbackId: Id,
    outcome: CallbackOutcomeKind,
    /** When to try again: required for `no_answer`, ignored otherwise. */
    rescheduleAt: IsoTime.optional(),
    note: z.string().max(2_000).optional(),
  })
  .refine((request) => request.outcome !== 'no_answer' || request.rescheduleAt !== undefined, { message: 'required for no_answer', path: ['rescheduleAt'] });
export type CallbackOutcomeRequest = z.infer<typeof CallbackOutcomeRequest>;

export const CartOutcomeRequest = z.strictObject({
  /** Made by the page once per outcome, so a retry is not a second attempt. */
  id: Id,
  cartId: Id,
  outcome: CartOutcomeKind,
  note: z.string().max(2_000).optional(),
});
export type CartOutcomeRequest = z.infer<typeof CartOutcomeRequest>;

export const OutcomeSaved = z.strictObject({ saved: z.literal(true) });
export type OutcomeSaved = z.infer<typeof OutcomeSaved>;
