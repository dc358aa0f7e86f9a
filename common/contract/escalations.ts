import { z } from 'zod';
import { Id, Str, Text as HubText } from '../hub/api.ts';
import { EscalationOutcome } from '../hub/escalations.ts';

// The escalation lane as the page sees it: the inbox, one escalation with its thread, what a
// specialist does with it (claim, reply, hand back, resolve), the colleague directory and the
// SLA per priority. Main reads these from the hub (it is the inbox's truth), so they need it;
// creating an escalation goes through the outbox (`escalations.create` in data.ts).

// The hub's answers, read with the hub's own schemas (`z.object`: a newer hub may add fields,
// the page gets only these).
export {
  Colleague,
  Directory as DirectoryResponse,
  ESCALATION_OUTCOMES,
  ESCALATION_QUEUES,
  EscalationDetail,
  EscalationItem,
  EscalationOutcome,
  EscalationQueue,
  EscalationSla,
  Inbox as EscalationInbox,
  InboxBox as EscalationBox,
  PRIORITIES as ESCALATION_PRIORITIES,
  Priority as EscalationPriority,
  ThreadEntry as EscalationReply,
} from '../hub/escalations.ts';

/** Presence states, best to call first. */
export const PRESENCE_ORDER = ['available', 'wrap_up', 'on_call', 'break', 'offline'] as const;

// ---- requests ----

// Ids and texts as the hub takes them (no nil UUID, no NUL): what it would refuse is refused here.
const Text = HubText(5_000);

export const EscalationIdRequest = z.strictObject({ id: Id });
/** A note to the escalation's thread; `replyId` is made by the page, so a retry stores it once. */
export const EscalationReplyRequest = z.strictObject({ id: Id, replyId: Id, text: Text });
export const EscalationHandBackRequest = z.strictObject({ id: Id, note: Str().trim().max(2_000).optional() });
export const EscalationResolveRequest = z.strictObject({ id: Id, outcome: EscalationOutcome, resolution: Text });
