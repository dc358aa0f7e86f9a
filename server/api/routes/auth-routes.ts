import { z } from 'zod';
import {
  AgentProfile,
  EnrollmentCreateRequest,
  EnrollmentCreateResponse,
  EnrollRequest,
  Id,
  LoginRequest,
  RefreshRequest,
  TokenResponse,
} from '../../../common/hub/api.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import { HubError } from '../errors.ts';
import { assertManagesDevice } from '../office-wall.ts';
import { callerOf, hubUrlOf, route, type HubContext } from '../route.ts';

const Ok = z.object({ ok: z.literal(true) });

/** Every sign-in and refresh answer carries a fresh lease (the console keeps its clock by it). */
async function withLease(tokens: TokenResponse, request: { origin: string }, hub: HubContext): Promise<TokenResponse> {
  return { ...tokens, lease: await hub.leases.issue(tokens.agent, tokens.deviceId, hub.now(), hubUrlOf(request, hub)) };
}

export const authRoutes = [
  route({
    method: 'POST',
    url: '/auth/login',
    summary: 'Log in with e-mail and password (10 attempts a minute per address; 10 failures per account in 15 minutes, then 429 with `retryAfter`)',
    access: 'public',
    rateLimit: { max: 10, timeWindowMs: 60_000 },
    schema: { body: LoginRequest, response: TokenResponse },
    handler: async (request, hub) => withLease(await hub.auth.login(request.body.email, request.body.password, request.body.deviceName), request, hub),
  }),
  route({
    method: 'POST',
    url: '/auth/enroll',
    summary: 'Enroll a device with a one-time code (overflow agents)',
    access: 'public',
    rateLimit: { max: 10, timeWindowMs: 60_000 },
    schema: { body: EnrollRequest, response: TokenResponse },
    handler: async (request, hub) => withLease(await hub.auth.enroll(request.body.code, request.body.deviceName), request, hub),
  }),
  route({
    method: 'POST',
    url: '/auth/refresh',
    summary: 'Exchange a refresh token for new tokens (the old one stops working; presenting it again revokes the whole session family)',
    access: 'public',
    schema: { body: RefreshRequest, response: TokenResponse },
    handler: async (request, hub) => withLease(await hub.auth.refresh(request.body.refreshToken, request.body.retryKey), request, hub),
  }),
  route({
    method: 'POST',
    url: '/auth/logout',
    summary: 'End this session (its live-events sockets close too)',
    access: 'authenticated',
    schema: { response: Ok },
    handler: async (request, hub) => {
      await hub.auth.logout(callerOf(request).sessionId);
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET',
    url: '/me',
    summary: 'The calling agent (its SIP account, with password, is `GET /me/sip-account`)',
    access: [...ROLES],
    schema: { response: AgentProfile },
    handler: (request, hub) => hub.auth.profile(callerOf(request).agentId),
  }),
  route({
    method: 'POST',
    url: '/enrollments',
    summary: 'Create a one-time enrollment code for an overflow agent without a password (anyone else: 403), optionally with a future access end',
    access: LEADS,
    status: 201,
    schema: { body: EnrollmentCreateRequest, response: EnrollmentCreateResponse },
    handler: async (request, hub) => {
      const { body } = request;
      const codeExpiresAt = new Date(body.codeExpiresAt);
      if (codeExpiresAt <= hub.now()) throw new HubError(400, 'request.invalid', { field: 'codeExpiresAt' });
      const code = await hub.auth.createEnrollment(
        callerOf(request).agentId,
        body.agentId,
        codeExpiresAt,
        body.accessExpiresAt ? new Date(body.accessExpiresAt) : undefined,
      );
      return { code, codeExpiresAt: codeExpiresAt.toISOString() };
    },
  }),
  route({
    method: 'POST',
    url: '/devices/:id/revoke',
    summary: 'Revoke a device: its sessions and live-events sockets end at once (a team lead: devices of their office’s agents only)',
    access: LEADS,
    schema: { params: z.strictObject({ id: Id }), response: Ok },
    handler: async (request, hub) => {
      const { params } = request;
      await assertManagesDevice(hub.db, callerOf(request), params.id);
      if (!(await hub.auth.revokeDevice(params.id))) throw new HubError(404, 'not.found', { what: 'device' });
      return { ok: true as const };
    },
  }),
];
