import { z } from 'zod';

// The console's access life cycle as the page sees it (main/access/): from a fresh install
// through enrollment to the agent's one confirm, the working day, and the end of access with
// what could not be sent. Tokens, leases and keys never cross to the page.

export const EndReason = z.enum(['expired', 'revoked', 'offline']);
export type EndReason = z.infer<typeof EndReason>;

const IsoTime = z.string().max(40);

export const UnsentItemKind = z.enum(['note', 'wrapUp', 'escalation', 'customer', 'callback', 'call', 'other']);
export type UnsentItemKind = z.infer<typeof UnsentItemKind>;

/** One write that could not reach the hub before the wipe; shown once, never kept on disk. */
export const UnsentItem = z.strictObject({
  kind: UnsentItemKind,
  customerName: z.string().max(200).nullable(),
  text: z.string().max(5_000).nullable(),
  createdAt: IsoTime,
});
export type UnsentItem = z.infer<typeof UnsentItem>;

export const ENROLL_STEPS = ['signingIn', 'syncing', 'registering'] as const;

export const AccessFailure = z.enum(['link.invalid', 'enrollment.invalid', 'hub.unreachable', 'auth.expired', 'internal']);
export type AccessFailure = z.infer<typeof AccessFailure>;

export const AccessStatus = z.discriminatedUnion('state', [
  /** No hub configured, nobody signed in (a fresh install, or after "enrol again"). */
  z.strictObject({ state: z.literal('none') }),
  z.strictObject({
    state: z.literal('enrolling'),
    hub: z.string(),
    step: z.enum(ENROLL_STEPS),
    progress: z.number().min(0).max(1).nullable(),
  }),
  /** Enrolled, synced and (if the hub has an account) registered: waiting for the agent's one confirm. */
  z.strictObject({
    state: z.literal('ready'),
    hub: z.string(),
    agentName: z.string(),
    accessEndsAt: IsoTime.nullable(),
    phone: z.enum(['registered', 'noAccount', 'failed']),
  }),
  z.strictObject({
    state: z.literal('active'),
    hub: z.string(),
    agentName: z.string(),
    accessEndsAt: IsoTime.nullable(),
    /** Access ends within 3 days by the hub's time. */
    endingSoon: z.boolean(),
  }),
  z.strictObject({
    state: z.literal('failed'),
    hub: z.string().nullable(),
    code: AccessFailure,
    reason: z.string().max(100).optional(),
  }),
  /** Access ended: the console is locked and waits for the call in progress to end before it wipes. */
  z.strictObject({ state: z.literal('ending'), reason: EndReason, waitingForCall: z.boolean() }),
  z.strictObject({
    state: z.literal('ended'),
    reason: EndReason,
    endedAt: IsoTime,
    unsent: z.strictObject({ count: z.number().int().min(0), reported: z.boolean(), items: z.array(UnsentItem) }),
  }),
]);
export type AccessStatus = z.infer<typeof AccessStatus>;

const Empty = z.strictObject({});

export const AccessEnrollRequest = z.strictObject({ link: z.string().max(2_000) });

/** The access.* channels, spread into the contract. */
export const ACCESS_REQUESTS = {
  /** Where the console stands: none, enrolling, ready, active, failed, ending, ended. */
  'access.status': { request: Empty, response: AccessStatus },
  /** Enrol with a link (`loket://enroll?hub=…&code=…`): answers at once; the steps arrive as `access.changed`. */
  'access.enroll': { request: AccessEnrollRequest, response: AccessStatus },
  /** The agent's one confirm on the "ready" screen. */
  'access.confirm': { request: Empty, response: AccessStatus },
  /** The agent read the "access ended" screen: back to the first screen. */
  'access.acknowledge': { request: Empty, response: AccessStatus },
} as const;
