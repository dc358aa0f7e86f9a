import { z } from 'zod';
import { Customer360 } from './data.ts';
import { CallHandoff } from './handoffs.ts';
import { CallerMatch, MAX_CALLER_MATCHES } from './telephony.ts';

/** Where the answer to "who is calling?" came from. */
export const CallerSource = z.enum([
  /** The console's own cache (an index lookup before the call rings). */
  'cache',
  /** The hub, when the cache had no match (a customer made minutes ago, a first sync still running, overflow agents). */
  'hub',
  /** The agent named the customer (picked from several, created one, or linked one). */
  'agent',
  /** A colleague transferred the call with a hand-off ("Transfer to expert"): its escalation names the customer. */
  'handoff',
]);
export type CallerSource = z.infer<typeof CallerSource>;

/**
 * Who is calling on one inbound call: everything the screen pop needs in one message, so the page
 * has one thing to listen to and no order to rely on. Sent when the call arrives (before it
 * rings) and again whenever the answer changes (the hub answered, a sync brought the number in,
 * the agent linked a customer).
 */
export const CallerIdentified = z.strictObject({
  /** The softphone's call id (`CallView.id`). */
  callId: z.string(),
  /** The caller's number: E.164 where the number allows it, else the SIP user part. */
  number: z.string(),
  /** Customers with this number: one opens the customer, several a chooser, none "new / link". */
  matches: z.array(CallerMatch).max(MAX_CALLER_MATCHES),
  /** The customer the call is linked to (the one match, or the agent's choice). */
  customerId: z.uuid().nullable(),
  /** That customer's 360 when the cache holds it: the header paints without another request. */
  customer: Customer360.nullable(),
  source: CallerSource,
  /** Still asking the hub: the page says "looking up" instead of "unknown caller". */
  pending: z.boolean(),
  /**
   * The cache had no match and the hub could not be asked (unreachable, or signed out): "unknown"
   * only as far as this console knows, so the page says so instead of inviting a duplicate.
   */
  hubUnreachable: z.boolean(),
  /**
   * The hand-off the call came with (a colleague's "Transfer to expert"): the escalation's
   * summary, priority and who sent it, shown with the ringing call. Absent or null: none.
   */
  handoff: CallHandoff.nullable().optional(),
});
export type CallerIdentified = z.infer<typeof CallerIdentified>;

/** The callers of the calls main still tracks (a reloaded page starts from these). */
export const CallersResponse = z.strictObject({ callers: z.array(CallerIdentified) });
export type CallersResponse = z.infer<typeof CallersResponse>;
