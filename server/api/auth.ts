import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { SignJWT, jwtVerify } from 'jose';
import { VerifiedTokens, type VerifiedClaims } from './verified-tokens.ts';
import { v7 as uuidv7 } from 'uuid';
import type { AgentProfile, TokenResponse } from '../../common/hub/api.ts';
import { AGENT_SELECT, accessEnd, isRetry, safeEqual, sha256, toProfile, UUID, type AgentRow, type RefreshRow, type SessionRow } from './auth-rows.ts';
import type { Role } from '../../common/hub/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import { announceSessionChange } from '../events/bus.ts';
import { auditAction } from './audit.ts';
import { HubError } from './errors.ts';
import { createEnrollment, codeHashOf, mayEnroll } from './enrollment.ts';
import { LoginThrottle } from './login-throttle.ts';
import { SessionCache } from './session-cache.ts';

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_DAYS = 30;

/** Who is calling, after the token, the session, the agent and the expiry were checked. */
export interface Caller {
  readonly agentId: string;
  readonly role: Role;
  readonly sessionId: string;
  /** The session the login or enrollment opened; refreshes rotate within it (see `refresh`). */
  readonly familyId: string;
  readonly deviceId: string | null;
  readonly officeCountry: string;
  /** When an overflow agent's access ends (null for every other role: the end applies to overflow agents only). */
  readonly accessExpiresAt: Date | null;
}







/** Argon2id with the library's defaults (OWASP's recommendation). */
export const hashPassword = (password: string) => hash(password);

/** A throwaway hash to verify against when the email is unknown: same time either way. */
let dummyHash: Promise<string> | null = null;

export class Auth {
  readonly #db: Database;
  readonly #secret: Uint8Array;
  readonly #now: () => Date;
  readonly #verified = new VerifiedTokens();
  readonly #throttle: LoginThrottle;
  readonly #sessions = new SessionCache<SessionRow | null>();

  constructor(db: Database, secret: Uint8Array, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#secret = secret;
    this.#now = now;
    this.#throttle = new LoginThrottle(db, now);
  }

  /** Starts listening for session ends (the session cache); `stop` when the hub closes. */
  start(): Promise<void> {
    return this.#sessions.start(this.#db);
  }

  stop(): Promise<void> {
    return this.#sessions.stop();
  }

  /** The signing secret, shared by every hub instance through the database. */
  static async loadSecret(db: Database, fromEnv?: string): Promise<Uint8Array> {
    if (fromEnv) return new TextEncoder().encode(fromEnv);
    await db.query(`insert into hub_setting (key, value) values ('jwt_secret', $1) on conflict (key) do nothing`, [
      JSON.stringify(randomBytes(48).toString('base64url')),
    ]);
    const [row] = await db.query<{ value: string }>(`select value from hub_setting where key = 'jwt_secret'`);
    return new TextEncoder().encode(row?.value ?? '');
  }

  async login(email: string, password: string, deviceName?: string): Promise<TokenResponse> {
    const counted = await this.#throttle.check(email);
    const [agent] = await this.#db.query<AgentRow>(`${AGENT_SELECT} where a.email = $1`, [email.toLowerCase()]);
    dummyHash ??= hash('not-a-password');
    const ok = await verify(agent?.password_hash ?? (await dummyHash), password).catch(() => false);
    if (!agent || !agent.password_hash || !ok) {
      await this.#throttle.failed(email);
      throw new HubError(401, 'auth.invalidCredentials');
    }
    if (counted) await this.#throttle.succeeded(email);
    this.#assertActive(agent);
    let deviceId: string | null = null;
    if (deviceName) {
      deviceId = uuidv7();
      await this.#db.query('insert into device (id, agent_id, name) values ($1, $2, $3)', [deviceId, agent.id, deviceName]);
    }
    return (await this.#openSession(this.#db, agent, deviceId, null)).tokens;
  }

  /**
   * Overflow agents enroll a device with a one-time code instead of a password. The code's agent
   * is checked again here (it may have been promoted or given a password since): such a code is
   * spent without a session.
   */
  async enroll(code: string, deviceName: string): Promise<TokenResponse> {
    const codeHash = codeHashOf(code);
    const tokens = await this.#db.transaction(async (tx) => {
      const [row] = await tx.query<{ agent_id: string }>(
        `update enrollment_code set used_at = now() where code_hash = $1 and used_at is null and expires_at > $2 returning agent_id`,
        [codeHash, this.#now()],
      );
      if (!row) throw new HubError(401, 'enrollment.invalid');
      const [agent] = await tx.query<AgentRow>(`${AGENT_SELECT} where a.id = $1`, [row.agent_id]);
      if (!agent) throw new HubError(401, 'enrollment.invalid');
      if (!mayEnroll(agent)) return null; // commit the spent code, then refuse
      this.#assertActive(agent);
      const deviceId = uuidv7();
      await tx.query('insert into device (id, agent_id, name) values ($1, $2, $3)', [deviceId, agent.id, deviceName]);
      return (await this.#openSession(tx, agent, deviceId, null)).tokens;
    });
    if (!tokens) throw new HubError(401, 'enrollment.invalid');
    return tokens;
  }

  /** A one-time code for an overflow agent (see enrollment.ts for who may get one). */
  createEnrollment(createdBy: string, agentId: string, codeExpiresAt: Date, accessExpiresAt?: Date): Promise<string> {
    return createEnrollment(this.#db, this.#now(), { createdBy, agentId, codeExpiresAt, accessExpiresAt });
  }

  /**
   * Rotates the refresh token within its session family: the old one stops working at once. The
   * old one coming back means two parties hold the family (a copy was stolen, or the thief
   * refreshed first): the whole family is revoked, newer tokens and live sockets included, and
   * the caller gets 401 `auth.revoked` — unless it comes back with the retry key of that rotation
   * while the token it was rotated into has never been used: then the answer was lost on its way
   * (a dropped connection, a console killed before it stored it), and that unused successor is
   * revoked and replaced. Without this, a crash at the wrong moment would end an agent's access.
   */
  async refresh(refreshToken: string, retryKey?: string): Promise<TokenResponse> {
    const [sessionId = ''] = refreshToken.split('.');
    if (!UUID.test(sessionId)) throw new HubError(401, 'auth.invalidCredentials');
    const retryHash = retryKey === undefined ? null : sha256(retryKey);
    const outcome = await this.#db.transaction(async (tx) => {
      const [session] = await tx.query<RefreshRow>(
        `select s.id, s.agent_id, s.device_id, s.family_id, s.replaced_by, s.refresh_hash, s.retry_hash, s.expires_at, s.revoked_at,
                d.revoked_at as device_revoked, n.replaced_by as successor_replaced_by, n.revoked_at as successor_revoked
         from auth_session s left join device d on d.id = s.device_id left join auth_session n on n.id = s.replaced_by
         where s.id = $1 for update of s`,
        [sessionId],
      );
      if (!session || !safeEqual(session.refresh_hash, sha256(refreshToken))) throw new HubError(401, 'auth.invalidCredentials');
      const retry = session.replaced_by !== null && isRetry(session, retryHash);
      if (session.replaced_by && !retry) {
        const ended = await tx.query('update auth_session set revoked_at = now() where family_id = $1 and revoked_at is null returning id', [session.family_id]);
        await auditAction(tx, session.agent_id, 'auth.refreshReuse', { type: 'session', id: session.family_id }, { session: session.id, ended: ended.length });
        return { reused: ended.length };
      }
      // A retried rotation's old session was revoked by that rotation itself: only the device counts.
      if ((session.revoked_at && !retry) || session.device_revoked) throw new HubError(401, 'auth.revoked');
      if (session.expires_at <= this.#now()) throw new HubError(401, 'auth.expired');
      const [agent] = await tx.query<AgentRow>(`${AGENT_SELECT} where a.id = $1`, [session.agent_id]);
      if (!agent) throw new HubError(401, 'auth.revoked');
      this.#assertActive(agent);
      if (retry) await tx.query('update auth_session set revoked_at = now() where id = $1 and revoked_at is null', [session.replaced_by]);
      const next = await this.#openSession(tx, agent, session.device_id, session.family_id);
      // A refresh is the device reaching the hub: the lead's overflow list shows when it last did.
      if (session.device_id) await tx.query('update device set last_seen_at = $2 where id = $1', [session.device_id, this.#now()]);
      await tx.query('update auth_session set revoked_at = coalesce(revoked_at, now()), replaced_by = $2, retry_hash = $3 where id = $1', [
        session.id,
        next.sessionId,
        retryHash,
      ]);
      return { tokens: next.tokens };
    });
    if (outcome.tokens) return outcome.tokens;
    if (outcome.reused) await announceSessionChange(this.#db);
    throw new HubError(401, 'auth.revoked');
  }

  async logout(sessionId: string): Promise<void> {
    const ended = await this.#db.query('update auth_session set revoked_at = now() where id = $1 and revoked_at is null returning id', [sessionId]);
    if (ended.length > 0) await announceSessionChange(this.#db);
  }

  async revokeDevice(deviceId: string): Promise<boolean> {
    return this.#endWith('update device set revoked_at = now() where id = $1 and revoked_at is null returning id', 'device_id', deviceId);
  }

  /** Disables an agent: every session ends at once, live sockets included, and no new one opens. */
  async disableAgent(agentId: string): Promise<boolean> {
    return this.#endWith('update agent set disabled_at = now() where id = $1 and disabled_at is null returning id', 'agent_id', agentId);
  }

  /**
   * Marks a device revoked or an agent disabled (`mark`, which returns the row when it changed)
   * and ends that owner's sessions in the same transaction; announces it when anything changed.
   */
  async #endWith(mark: string, owner: 'device_id' | 'agent_id', id: string): Promise<boolean> {
    const rows = await this.#db.transaction(async (tx) => {
      const updated = await tx.query(mark, [id]);
      await tx.query(`update auth_session set revoked_at = now() where ${owner} = $1 and revoked_at is null`, [id]);
      return updated;
    });
    if (rows.length > 0) await announceSessionChange(this.#db);
    return rows.length > 0;
  }

  /** Checks an access token and that its session, device and agent are all still valid. */
  async authenticate(token: string): Promise<Caller> {
    const payload = await this.#verifiedClaims(token);
    const row = await this.#sessions.get(`${payload.sid}|${payload.sub}`, async () => {
      const [found] = await this.#db.query<SessionRow>(
        `select s.revoked_at, s.family_id, s.device_id, d.revoked_at as device_revoked, a.role, a.access_expires_at, a.disabled_at, o.country as office_country
         from auth_session s join agent a on a.id = s.agent_id join office o on o.id = a.office_id
         left join device d on d.id = s.device_id where s.id = $1 and s.agent_id = $2`,
        [payload.sid, payload.sub],
      );
      return found ?? null;
    });
    if (!row || row.revoked_at || row.device_revoked) throw new HubError(401, 'auth.revoked');
    if (row.disabled_at) throw new HubError(401, 'auth.revoked');
    const accessExpiresAt = accessEnd(row);
    if (accessExpiresAt && accessExpiresAt <= this.#now()) throw new HubError(401, 'auth.expired', { reason: 'access' });
    return {
      agentId: payload.sub ?? '',
      role: row.role,
      sessionId: payload.sid ?? '',
      familyId: row.family_id,
      deviceId: row.device_id,
      officeCountry: row.office_country,
      accessExpiresAt,
    };
  }

  async profile(agentId: string): Promise<AgentProfile> {
    const [agent] = await this.#db.query<AgentRow>(`${AGENT_SELECT} where a.id = $1`, [agentId]);
    if (!agent) throw new HubError(404, 'not.found', { what: 'agent' });
    return toProfile(agent);
  }

  #assertActive(agent: AgentRow): void {
    if (agent.disabled_at) throw new HubError(401, 'auth.revoked');
    const end = accessEnd(agent);
    if (end && end <= this.#now()) throw new HubError(401, 'auth.expired', { reason: 'access' });
  }

  /** The token's claims once its signature is proven (kept per token: verified-tokens.ts); its expiry checked on every use. */
  async #verifiedClaims(token: string): Promise<VerifiedClaims> {
    const nowSeconds = this.#now().getTime() / 1000;
    let claims = this.#verified.get(token);
    if (!claims) {
      try {
        const { payload } = await jwtVerify<{ sid?: string }>(token, this.#secret, { algorithms: ['HS256'], currentDate: this.#now() });
        claims = { sub: payload.sub, sid: payload.sid, exp: payload.exp ?? 0 };
      } catch (error) {
        const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
        throw new HubError(401, expired ? 'auth.expired' : 'auth.required');
      }
      this.#verified.remember(token, claims);
    }
    // jose allows no clock tolerance by default: expired when exp <= now.
    if (claims.exp <= nowSeconds) throw new HubError(401, 'auth.expired');
    return claims;
  }

  /** A new session: of its own family (login, enrollment), or the next one in `familyId` (refresh). */
  async #openSession(db: Queryable, agent: AgentRow, deviceId: string | null, familyId: string | null): Promise<{ sessionId: string; tokens: TokenResponse }> {
    const sessionId = uuidv7();
    const refreshToken = `${sessionId}.${randomBytes(32).toString('base64url')}`;
    const now = this.#now();
    const expires = new Date(now.getTime() + REFRESH_TTL_DAYS * 86_400_000);
    await db.query('insert into auth_session (id, agent_id, device_id, refresh_hash, expires_at, family_id) values ($1, $2, $3, $4, $5, $6)', [
      sessionId,
      agent.id,
      deviceId,
      sha256(refreshToken),
      expires,
      familyId ?? sessionId,
    ]);
    const accessExpires = new Date(now.getTime() + ACCESS_TTL_SECONDS * 1000);
    const accessToken = await new SignJWT({ sid: sessionId, role: agent.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(agent.id)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(accessExpires.getTime() / 1000))
      .sign(this.#secret);
    return { sessionId, tokens: { accessToken, accessExpiresAt: accessExpires.toISOString(), refreshToken, agent: toProfile(agent), deviceId } };
  }
}
