import { z } from 'zod';
import { Id } from '../hub/api.ts';
import { EndAccessResponse, OverflowAgents, OverflowEnrollment, OverflowEnrollmentRequest, UnsentReports } from '../hub/access.ts';

// The team lead's overflow agents, as the console's page asks main for them (main/enrollments/).
// Main passes the hub's answers through after parsing them with the hub's own schemas
// (common/hub/access.ts); the hub decides who may see or change which agent (its office wall).

export { OverflowAgents, UnsentReports };

/**
 * A new overflow agent. `officeId` may be left out: main fills in the lead's own office (a team
 * lead may enrol into no other; an admin who wants another office names it).
 */
export const EnrollmentCreateRequest = OverflowEnrollmentRequest.omit({ officeId: true, sipAccount: true }).extend({
  officeId: Id.optional(),
});
export type EnrollmentCreateRequest = z.input<typeof EnrollmentCreateRequest>;

/** A QR code as its modules: `size` × `size`, row by row, `1` dark and `0` light (the page draws an SVG). */
export const QrModules = z.strictObject({
  size: z.number().int().min(21).max(177),
  modules: z.string().regex(/^[01]+$/),
}).refine((qr) => qr.modules.length === qr.size * qr.size, { message: 'size × size modules' });
export type QrModules = z.infer<typeof QrModules>;

/** The enrollment as the hub made it, with its link as a QR code. */
export const EnrollmentCreated = OverflowEnrollment.extend({ qr: QrModules });
export type EnrollmentCreated = z.infer<typeof EnrollmentCreated>;

export const OverflowAgentRequest = z.strictObject({ agentId: Id });
export const DeviceRevokeRequest = z.strictObject({ deviceId: Id });

/** The `enrollments.*` and `devices.revoke` channels, spread into the contract. */
export const ENROLLMENT_REQUESTS = {
  /** The overflow agents the lead may see (own office; an admin: all), with devices and unsent reports. */
  'enrollments.list': { request: z.strictObject({}), response: OverflowAgents },
  /** A new overflow agent and its one-time link, code and QR code. */
  'enrollments.create': { request: EnrollmentCreateRequest, response: EnrollmentCreated },
  /** End an overflow agent's access now (its console wipes itself, after the call in progress). */
  'enrollments.endAccess': { request: OverflowAgentRequest, response: EndAccessResponse },
  /** What an overflow agent's console could not send before its access ended. */
  'enrollments.unsent': { request: OverflowAgentRequest, response: UnsentReports },
  /** Revoke one device: its sessions end at once. */
  'devices.revoke': { request: DeviceRevokeRequest, response: z.strictObject({ ok: z.literal(true) }) },
} as const;
