import { z } from 'zod';
import { CobrowseControl, CobrowseEndReason, CobrowsePage, CobrowseState } from '../cobrowse/protocol.ts';
import { Id, Str } from './api.ts';

// Co-browse REST schemas (`/cobrowse/*`): the agent starts, reads and ends a session; the
// customer's page joins by code; the shop's back end mints visitor tokens for identified customers.

export const CobrowseCode = z.string().regex(/^\d{6}$/, 'six digits');

export const CobrowseStartRequest = z.strictObject({ id: Id, customerId: Id });
export const CobrowseStartResponse = z.object({
  id: Id,
  code: CobrowseCode,
  codeExpiresAt: z.string(),
  /** An identified page of this customer was listening: the consent prompt was pushed there. */
  pageOnline: z.boolean(),
  state: CobrowseState,
  control: CobrowseControl,
});
export type CobrowseStartResponse = z.infer<typeof CobrowseStartResponse>;

export const CobrowseSessionView = z.object({
  id: Id,
  customerId: Id,
  state: CobrowseState,
  control: CobrowseControl,
  /** Null once the customer joined (a code works once). */
  code: CobrowseCode.nullable(),
  codeExpiresAt: z.string(),
  page: CobrowsePage.nullable(),
  createdAt: z.string(),
  consentAt: z.string().nullable(),
  controlGrantedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: CobrowseEndReason.nullable(),
});
export type CobrowseSessionView = z.infer<typeof CobrowseSessionView>;

export const CobrowseIdParams = z.strictObject({ id: Id });
export const CobrowseListQuery = z.strictObject({ customerId: Id.optional() });
export const CobrowseAuditEntry = CobrowseSessionView.extend({ agentId: Id, agentName: z.string() });
export const CobrowseListResponse = z.object({ sessions: z.array(CobrowseAuditEntry) });
export type CobrowseListResponse = z.infer<typeof CobrowseListResponse>;

export const CobrowseJoinRequest = z.strictObject({ code: CobrowseCode });
export const CobrowseJoinResponse = z.object({
  sessionId: Id,
  /** base64url of 32 random bytes: the page's secret for the session socket. */
  customerKey: z.string(),
  /** The agent's first name only. */
  agentName: z.string(),
  expiresAt: z.string(),
});
export type CobrowseJoinResponse = z.infer<typeof CobrowseJoinResponse>;

const E164 = Str().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number');
export const VisitorTokenRequest = z.strictObject({
  customer: z
    .strictObject({ email: z.email().max(200).optional(), phone: E164.optional() })
    .refine((c) => c.email !== undefined || c.phone !== undefined, { message: 'email or phone' }),
});
export const VisitorTokenResponse = z.object({ token: z.string(), expiresAt: z.string() });
export type VisitorTokenResponse = z.infer<typeof VisitorTokenResponse>;
