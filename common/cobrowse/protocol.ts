import { z } from 'zod';

// Co-browse wire protocol: the JSON text frames on the hub's /cobrowse/ws/* sockets, shared by
// the hub (validation), the console's main process and the customer snippet (types only: the
// snippet ships without zod). Coordinates are the customer's viewport CSS pixels.

/** Where a co-browse session is: asked → consented and streaming ⇄ page gone (navigating) → over. */
export const COBROWSE_STATES = ['requested', 'live', 'away', 'ended'] as const;
export const CobrowseState = z.enum(COBROWSE_STATES);
export type CobrowseState = z.infer<typeof CobrowseState>;

/** Remote control: a second consent on top of looking along. */
export const COBROWSE_CONTROLS = ['off', 'requested', 'on'] as const;
export const CobrowseControl = z.enum(COBROWSE_CONTROLS);
export type CobrowseControl = z.infer<typeof CobrowseControl>;

export const COBROWSE_END_REASONS = [
  'agent_ended',
  'customer_ended',
  'customer_declined',
  /** No consent within the code's lifetime (10 min). */
  'code_expired',
  /** No frame either way for the idle time (10 min by default). */
  'idle',
  /** The customer's page went away and no next page resumed within the grace (60 s). */
  'customer_left',
  /** The agent's socket was gone longer than its grace (2 min). */
  'agent_left',
  /** The agent's hub session ended (logout, revoked device, expired access). */
  'agent_signed_out',
  'too_large',
  'rate_limited',
  'protocol_error',
  /** The hub restarted with the session unended. */
  'hub_restart',
] as const;
export const CobrowseEndReason = z.enum(COBROWSE_END_REASONS);
export type CobrowseEndReason = z.infer<typeof CobrowseEndReason>;

/** WebSocket close codes of the co-browse sockets; the close reason is the code string below. */
export const COBROWSE_CLOSE = {
  /** Ended normally; the reason is the `CobrowseEndReason`. */
  ended: 4000,
  /** `auth.required`, `cobrowse.notYours`, `auth.revoked`, `auth.expired`. */
  auth: 4401,
  /** `cobrowse.noConsent`: page content sent before the session went live. */
  noConsent: 4403,
  /** `cobrowse.tooLarge`, `cobrowse.rateLimited`. */
  limit: 4008,
  /** `cobrowse.protocol`: a frame that is not one of the protocol's. */
  protocol: 4400,
} as const;

/** Largest frame a co-browse socket takes (ws maxPayload); the snippet splits larger `ev` frames into `part`s. */
export const COBROWSE_MAX_FRAME_BYTES = 64 * 1024;
/** Above this an `ev` frame is sent as `part` pieces. */
export const COBROWSE_PART_BYTES = 60 * 1024;

const Coordinate = z.number().finite().min(-1_000_000).max(1_000_000);
const Url = z.string().max(2_000);
const Title = z.string().max(500);
export const CobrowsePage = z.object({ url: Url, title: Title });
export type CobrowsePage = z.infer<typeof CobrowsePage>;

/**
 * An rrweb event as the hub sees it: typed and stamped, its data opaque (the hub relays the frame
 * text verbatim and never reads page content).
 */
export const RrwebEvent = z.looseObject({ type: z.number().int(), timestamp: z.number().optional(), data: z.unknown().optional() });
export type RrwebEvent = z.infer<typeof RrwebEvent> & { readonly type: number; readonly timestamp?: number; readonly data?: unknown };

// ---- doorbell: GET /cobrowse/ws/visitor (an identified customer's page, before any consent) ----
export const VisitorHello = z.strictObject({ t: z.literal('visitor'), token: z.string().min(1).max(4_000) });
export type VisitorHello = z.infer<typeof VisitorHello>;
export const DoorbellRequest = z.object({
  t: z.literal('request'),
  sessionId: z.string(),
  customerKey: z.string(),
  /** The agent's first name only. */
  agentName: z.string(),
  expiresAt: z.string(),
});
export const DoorbellClosed = z.object({ t: z.literal('request.closed'), sessionId: z.string() });
export const DoorbellMessage = z.discriminatedUnion('t', [DoorbellRequest, DoorbellClosed]);
export type DoorbellMessage = z.infer<typeof DoorbellMessage>;

// ---- session socket, customer side: GET /cobrowse/ws/customer?session=<id> ----
export const CustomerHello = z.strictObject({
  t: z.literal('hello'),
  key: z.string().min(1).max(200),
  consent: z.boolean(),
  page: z.strictObject({
    url: Url,
    title: Title,
    lang: z.string().max(40),
    width: z.number().int().min(0).max(100_000),
    height: z.number().int().min(0).max(100_000),
  }),
});
export type CustomerHello = z.infer<typeof CustomerHello>;
export const CustomerEvents = z.strictObject({ t: z.literal('ev'), e: z.array(RrwebEvent).max(100_000) });
/** A piece of an `ev` frame larger than COBROWSE_PART_BYTES: `d` is its i-th of n slices of the JSON text. */
export const CustomerPart = z.strictObject({
  t: z.literal('part'),
  id: z.string().min(1).max(64),
  i: z.number().int().min(0).max(10_000),
  n: z.number().int().min(1).max(10_000),
  d: z.string(),
});
export const CustomerPageChange = z.strictObject({ t: z.literal('page'), url: Url, title: Title });
export const CustomerControl = z.strictObject({ t: z.literal('control'), state: z.enum(['on', 'off', 'denied']) });
export const CustomerEnd = z.strictObject({ t: z.literal('end') });
/** What a customer page may send after its hello. */
export const CustomerMessage = z.discriminatedUnion('t', [CustomerEvents, CustomerPart, CustomerPageChange, CustomerControl, CustomerEnd]);
export type CustomerMessage = z.infer<typeof CustomerMessage>;

// ---- agent → hub (relayed to the customer where it is guiding) ----
export const PointerMessage = z.strictObject({ t: z.literal('pointer'), x: Coordinate, y: Coordinate });
export const HighlightMessage = z.strictObject({ t: z.literal('highlight'), x: Coordinate, y: Coordinate });
export const ControlRequestMessage = z.strictObject({ t: z.literal('control.request') });
/** One printable character (≤ 2 UTF-16 units, so an emoji's surrogate pair), or an editing key. */
export const ActKey = z.union([z.enum(['Backspace', 'Enter', 'Tab']), z.string().min(1).max(2).regex(/^[^\p{Cc}]+$/u, 'a printable character')]);
export const ActMessage = z.discriminatedUnion('a', [
  z.strictObject({ t: z.literal('act'), a: z.literal('click'), x: Coordinate, y: Coordinate }),
  z.strictObject({ t: z.literal('act'), a: z.literal('scroll'), x: Coordinate, y: Coordinate }),
  z.strictObject({ t: z.literal('act'), a: z.literal('key'), key: ActKey }),
]);
export type ActMessage = z.infer<typeof ActMessage>;
export const SnapshotRequest = z.strictObject({ t: z.literal('snapshot') });
export const AgentEnd = z.strictObject({ t: z.literal('end') });
/** What the console may ask the customer's page for (the console contract's `cobrowse.send`). */
export const AgentMessage = z.union([PointerMessage, HighlightMessage, ControlRequestMessage, ActMessage, SnapshotRequest]);
export type AgentMessage = z.infer<typeof AgentMessage>;
/** Everything an agent socket may send: the above plus `end`. */
export const AgentSocketMessage = z.union([AgentMessage, AgentEnd]);
export type AgentSocketMessage = z.infer<typeof AgentSocketMessage>;

// ---- hub → customer ----
export const LiveMessage = z.object({ t: z.literal('live'), agentName: z.string(), control: z.enum(['off', 'on']) });
export const EndedMessage = z.object({ t: z.literal('ended'), reason: CobrowseEndReason });
/** What the hub sends a customer page: `live`, the agent's guiding frames, `snapshot`, `ended`. */
export type HubToCustomerMessage = z.infer<typeof LiveMessage> | AgentMessage | z.infer<typeof EndedMessage>;

// ---- hub → agent ----
export const StateMessage = z.object({
  t: z.literal('state'),
  state: CobrowseState,
  control: CobrowseControl,
  page: CobrowsePage.nullable(),
  /** The end reason once ended; otherwise the last control answer (`denied`) or null. */
  reason: z.string().nullable(),
});
export type StateMessage = z.infer<typeof StateMessage>;
/** What the hub sends an agent socket besides the customer's `ev`/`part` frames (relayed verbatim). */
export const HubToAgentMessage = z.discriminatedUnion('t', [StateMessage, EndedMessage]);
export type HubToAgentMessage = z.infer<typeof HubToAgentMessage>;
