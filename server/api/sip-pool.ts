import { v7 as uuidv7 } from 'uuid';
import type { SipAccountWrite } from '../../common/hub/api.ts';
import type { SipPoolCounts } from '../../common/hub/access.ts';
import type { Queryable } from '../db/database.ts';
import { EventBus } from '../events/bus.ts';
import { auditAction } from './audit.ts';
import { HubError } from './errors.ts';
import type { SipSecrets } from './sip-secrets.ts';

// The SIP pool: accounts an admin loads per office, each handed to one new overflow agent. A pool
// password is sealed with the pool row's id as associated data, and sealed again for the agent
// when handed out (a sealed value opens only for the row it was made for).

interface PoolRow {
  id: string;
  server_url: string;
  domain: string;
  username: string;
  authorization_user: string | null;
  display_name: string | null;
  password_sealed: string;
}

/** The associated data a pool password is sealed with (the seed seals the demo pool the same way). */
export const poolSeal = (id: string) => `sip_pool_account:${id}`;

/** The office's free and handed-out accounts. */
export async function poolCounts(db: Queryable, officeId: string): Promise<SipPoolCounts> {
  const [row] = await db.query<{ free: number; assigned: number }>(
    `select count(*) filter (where assigned_agent is null)::int as free, count(*) filter (where assigned_agent is not null)::int as assigned
       from sip_pool_account where office_id = $1`,
    [officeId],
  );
  return { free: Number(row?.free ?? 0), assigned: Number(row?.assigned ?? 0) };
}

/**
 * Replaces the office's free accounts with `accounts` (handed-out ones stay as they are). A user
 * that is already in the pool (handed out, or another office's) or already an agent's account is
 * 409 `sipAccount.usernameTaken`: pool accounts are single-use.
 */
export async function loadPool(tx: Queryable, sip: SipSecrets, by: string, officeId: string, accounts: readonly SipAccountWrite[]): Promise<void> {
  await tx.query('delete from sip_pool_account where office_id = $1 and assigned_agent is null', [officeId]);
  for (const account of accounts) {
    const id = uuidv7();
    const [inUse] = await tx.query('select 1 from sip_account where lower(domain) = lower($1) and username = $2', [account.domain, account.username]);
    if (inUse) throw new HubError(409, 'sipAccount.usernameTaken', { username: account.username, domain: account.domain });
    const inserted = await tx.query(
      `insert into sip_pool_account (id, office_id, server_url, domain, username, authorization_user, display_name, password_sealed)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning id`,
      [id, officeId, account.server, account.domain, account.username, account.authorizationUser ?? null, account.displayName ?? null, sip.seal(poolSeal(id), account.password)],
    );
    if (inserted.length === 0) throw new HubError(409, 'sipAccount.usernameTaken', { username: account.username, domain: account.domain });
  }
  await auditAction(tx, by, 'sipPool.load', { type: 'office', id: officeId }, { accounts: accounts.length });
}

/**
 * Gives `agentId` the office's first free pool account (in the caller's transaction): false when
 * none is free. A concurrent enrollment skips the row this one locked instead of waiting for it.
 */
export async function assignFromPool(tx: Queryable, sip: SipSecrets, officeId: string, agentId: string, now: Date): Promise<boolean> {
  const [row] = await tx.query<PoolRow>(
    `select p.id, p.server_url, p.domain, p.username, p.authorization_user, p.display_name, p.password_sealed
       from sip_pool_account p
      where p.office_id = $1 and p.assigned_agent is null
        and not exists (select 1 from sip_account s where lower(s.domain) = lower(p.domain) and s.username = p.username)
      order by p.id limit 1 for update skip locked`,
    [officeId],
  );
  if (!row) return false;
  const password = sip.open(poolSeal(row.id), row.password_sealed);
  await tx.query('update sip_pool_account set assigned_agent = $2, assigned_at = $3 where id = $1', [row.id, agentId, now]);
  await insertSipAccount(tx, sip, agentId, {
    server: row.server_url,
    domain: row.domain,
    username: row.username,
    authorizationUser: row.authorization_user,
    displayName: row.display_name,
    password,
  });
  return true;
}

/** A new agent's SIP account (409 `sipAccount.usernameTaken` when another agent has that address). */
export async function insertSipAccount(tx: Queryable, sip: SipSecrets, agentId: string, account: SipAccountWrite): Promise<void> {
  try {
    await tx.query(
      `insert into sip_account (agent_id, server_url, domain, username, authorization_user, display_name, password_sealed, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, now())`,
      [agentId, account.server, account.domain, account.username, account.authorizationUser ?? null, account.displayName ?? null, sip.seal(agentId, account.password)],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new HubError(409, 'sipAccount.usernameTaken', { username: account.username, domain: account.domain });
    throw error;
  }
  await EventBus.append(tx, 'sip_account.changed', { agentId }, agentId, agentId);
}
