import { z } from 'zod';
import { AgentMessage, CobrowseControl, CobrowsePage, CobrowseState } from '../cobrowse/protocol.ts';

// Co-browse as the console's page sees it. Main holds the session (REST at the hub, the agent's
// WebSocket, reconnects); the page only asks to start, end and send the agent's pointer/clicks,
// and hears the session's state and the customer's recorded frames. See main/cobrowse/README.md.

const Id = z.uuid();

/** The longest frame text main passes on: the hub's frames are ≤ 64 KB (a `part` carries ≤ 60 KB of an `ev`). */
export const COBROWSE_FRAME_MAX_CHARS = 70_000;

/** The running session (or the one that just ended, with its `reason`). */
export const CobrowseStatus = z.strictObject({
  sessionId: Id,
  customerId: Id,
  state: CobrowseState,
  control: CobrowseControl,
  /** The 6-digit code the agent reads out; null once the customer joined. */
  code: z.string().regex(/^\d{6}$/).nullable(),
  codeExpiresAt: z.string().nullable(),
  page: CobrowsePage.nullable(),
  /** Why it ended (`CobrowseEndReason`: agent_ended, customer_declined, …) or null. */
  reason: z.string().max(100).nullable(),
});
export type CobrowseStatus = z.infer<typeof CobrowseStatus>;

export const CobrowseStartRequest = z.strictObject({ customerId: Id });
export const CobrowseStartResponse = z.strictObject({
  sessionId: Id,
  code: z.string().regex(/^\d{6}$/),
  codeExpiresAt: z.string(),
  /** The customer has the shop open and is identified there: the consent prompt was pushed to that page. */
  pageOnline: z.boolean(),
});
export type CobrowseStartResponse = z.infer<typeof CobrowseStartResponse>;

export const CobrowseSessionRequest = z.strictObject({ sessionId: Id });

/** What the agent's view sends to the customer's page (pointer, highlight, control request, act, snapshot). */
export const CobrowseSendRequest = z.strictObject({ sessionId: Id, message: AgentMessage });
export type CobrowseSendRequest = z.input<typeof CobrowseSendRequest>;

/** One frame of the customer's page (`ev` or `part`), the hub's text verbatim: the viewer parses it. */
export const CobrowseFrame = z.strictObject({ sessionId: Id, data: z.string().max(COBROWSE_FRAME_MAX_CHARS) });
export type CobrowseFrame = z.infer<typeof CobrowseFrame>;

export const CobrowseOk = z.strictObject({ ok: z.literal(true) });

const Empty = z.strictObject({});

/** Co-browse requests (main holds the session and the agent's socket), spread into the contract. */
export const COBROWSE_REQUESTS = {
    /** Ask the customer to co-browse: a code to read out, and a prompt on their open page when they are identified there. Ends this agent's previous session. */
    'cobrowse.start': { request: CobrowseStartRequest, response: CobrowseStartResponse },
    'cobrowse.end': { request: CobrowseSessionRequest, response: CobrowseOk },
    /** The agent's pointer, highlight, control request, action (only while control is on) or a fresh-snapshot request to the customer's page. */
    'cobrowse.send': { request: CobrowseSendRequest, response: CobrowseOk },
    /** The running session, for a page that (re)loads; then `cobrowse.send {t:'snapshot'}` for a full snapshot. */
    'cobrowse.current': { request: Empty, response: CobrowseStatus.nullable() },
} as const;
