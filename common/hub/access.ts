import { z } from 'zod';
import { Id, IsoTime, RefreshRequest, SipAccountWrite, Str, Text } from './api.ts';

// The overflow agent's season on the hub: one-link enrollments, the SIP pool, the lead's list of
// overflow agents, the signed lease the console keeps its clock by, and the final report a console
// sends when its access ends. Shared by the hub (validation, OpenAPI) and the console.

/** The hub refuses an access end further away than this (a season, not a career). */
export const MAX_ACCESS_DAYS = 366;
/** An enrollment code lasts this long unless the lead says otherwise. */
export const DEFAULT_CODE_DAYS = 7;

// ---- one-link enrollment ----
const LanguageCode = Str().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code in lower case');
export const OverflowEnrollmentRequest = z.strictObject({
  displayName: Text(100),
  /** Default `overflow-<8 hex>@overflow.invalid`: an overflow agent signs in with a code, never by e-mail. */
  email: z.email().max(200).optional(),
  languages: z.array(LanguageCode).min(1).max(10),
  officeId: Id,
  /** Future, at most MAX_ACCESS_DAYS ahead (checked against the hub's clock: 400 `request.invalid`). */
  accessExpiresAt: IsoTime,
  /** Default now + DEFAULT_CODE_DAYS (never after the access end); future, not after `accessExpiresAt`. */
  codeExpiresAt: IsoTime.optional(),
  /** The agent's own SIP account; without it the office's SIP pool gives one (409 `sip.poolEmpty` when none is free). */
  sipAccount: SipAccountWrite.optional(),
});
export type OverflowEnrollmentRequest = z.infer<typeof OverflowEnrollmentRequest>;
export const OverflowEnrollment = z.object({
  agentId: Id,
  displayName: z.string(),
  /** The one-time code, `XXXX-XXXX-XXXX`. */
  code: z.string(),
  codeExpiresAt: z.string(),
  accessExpiresAt: z.string(),
  /** `loket://enroll?hub=<hub public URL>&code=<code>`: what the agent opens. */
  link: z.string(),
});
export type OverflowEnrollment = z.infer<typeof OverflowEnrollment>;

/** The link an enrollment hands out (the console parses it with common/links/enroll-link.ts). */
export function enrollmentLink(hubUrl: string, code: string): string {
  return `loket://enroll?hub=${encodeURIComponent(hubUrl)}&code=${encodeURIComponent(code)}`;
}

// ---- the SIP pool ----
export const SipPoolWrite = z.strictObject({ officeId: Id, accounts: z.array(SipAccountWrite).max(500) });
export type SipPoolWrite = z.infer<typeof SipPoolWrite>;
/** `GET /sip-pool?officeId=`: the caller's own office when absent. */
export const SipPoolQuery = z.strictObject({ officeId: Id.optional() });
/** Counts only: the pool's passwords never leave the hub (they reach an agent as its own account). */
export const SipPoolCounts = z.object({ free: z.number().int().min(0), assigned: z.number().int().min(0) });
export type SipPoolCounts = z.infer<typeof SipPoolCounts>;

// ---- the lead's list ----
export const OverflowStatus = z.enum(['invited', 'active', 'ended']);
export type OverflowStatus = z.infer<typeof OverflowStatus>;
export const OverflowDevice = z.object({
  id: Id,
  name: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const OverflowAgent = z.object({
  agentId: Id,
  displayName: z.string(),
  email: z.string(),
  officeId: Id,
  languages: z.array(z.string()),
  accessExpiresAt: z.string().nullable(),
  /** invited: no device enrolled yet; active: enrolled, access not ended; ended: access end passed (or disabled). */
  status: OverflowStatus,
  devices: z.array(OverflowDevice),
  unsentReports: z.number().int().min(0),
});
export type OverflowAgent = z.infer<typeof OverflowAgent>;
export const OverflowAgents = z.object({ agents: z.array(OverflowAgent) });
export type OverflowAgents = z.infer<typeof OverflowAgents>;
export const EndAccessRequest = z.strictObject({});
export const EndAccessResponse = z.object({ agentId: Id, accessExpiresAt: z.string() });

// ---- the lease ----
/**
 * What a lease says, signed by the hub (compact JWS, EdDSA/Ed25519, header `kid`): the hub's own
 * time when it signed, the agent's access end and how many days the console may work without
 * reaching the hub. The console keeps time by it (main/access/hub-clock.ts), never by its own
 * clock alone.
 */
export const LeaseClaims = z.object({
  sub: Id,
  did: Id.nullable(),
  /** The hub's time, in seconds. */
  iat: z.number().int(),
  hubTime: IsoTime,
  accessExpiresAt: IsoTime.nullable(),
  offlineDays: z.number().min(0),
  iss: z.string(),
});
export type LeaseClaims = z.infer<typeof LeaseClaims>;
export const LeaseResponse = z.object({ lease: z.string() });
/** The hub's public key for leases (an Ed25519 JWK; pin it at sign-in). */
export const LeaseKey = z.object({
  kid: z.string(),
  jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string().optional() }),
});
export type LeaseKey = z.infer<typeof LeaseKey>;

// ---- the final report ----
export const EndReason = z.enum(['expired', 'revoked', 'offline']);
export const UnsentKind = z.enum(['note', 'wrapUp', 'escalation', 'customer', 'callback', 'call', 'other']);
export const FinalReportItem = z.strictObject({
  kind: UnsentKind,
  customerId: Id.nullable(),
  createdAt: IsoTime,
  text: Str().max(5_000).nullable(),
});
export type FinalReportItem = z.infer<typeof FinalReportItem>;
/**
 * Sent by a console whose access ended, with its last refresh token: accepted even when that
 * session was revoked or ran out (that is its point), for a session of the last 30 days. Grants
 * nothing else.
 */
export const FinalReport = z.strictObject({
  refreshToken: RefreshRequest.shape.refreshToken,
  reason: EndReason,
  items: z.array(FinalReportItem).max(500),
});
export type FinalReport = z.infer<typeof FinalReport>;
export const FinalReportAnswer = z.object({ received: z.number().int().min(0) });
export const UnsentReport = z.object({
  id: Id,
  deviceId: Id.nullable(),
  reason: EndReason,
  receivedAt: z.string(),
  items: z.array(z.object({ kind: UnsentKind, customerId: Id.nullable(), createdAt: z.string(), text: z.string().nullable() })),
});
export type UnsentReport = z.infer<typeof UnsentReport>;
export const UnsentReports = z.object({ reports: z.array(UnsentReport) });
export type UnsentReports = z.infer<typeof UnsentReports>;
