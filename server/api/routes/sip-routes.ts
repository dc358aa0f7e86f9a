import { z } from 'zod';
import { Id, OwnSipAccount, SipAccount, SipAccountWrite } from '../../../common/hub/api.ts';
import { LEADS, ROLES } from '../../../common/hub/roles.ts';
import type { Queryable } from '../../db/database.ts';
import { write } from '../../db/writes.ts';
import { EventBus } from '../../events/bus.ts';
import { auditAction } from '../audit.ts';
import { HubError, notFound } from '../errors.ts';
import { callerOf, route } from '../route.ts';

// Each agent's SIP account for the console's softphone. Leads and admins write it; the agent
// reads their own, password included, to register. No other route returns the password.

interface SipAccountRow {
  agent_id: string;
  server_url: string;
  domain: string;
  username: string;
  authorization_user: string | null;
  display_name: string | null;
  password_sealed: string;
  updated_at: Date;
}

const AgentParams = z.strictObject({ agentId: Id });

function toSipAccount(row: SipAccountRow): SipAccount {
  return {
    agentId: row.agent_id,
    server: row.server_url,
    domain: row.domain,
    username: row.username,
    authorizationUser: row.authorization_user,
    displayName: row.display_name,
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Audits a change to an agent's SIP account (subject: the agent; `detail` never holds the
 * password) and tells that agent's console to fetch the account again and re-register.
 */
async function recordSipChange(tx: Queryable, by: string, action: string, agentId: string, detail: Record<string, unknown> | null = null): Promise<void> {
  await auditAction(tx, by, action, { type: 'agent', id: agentId }, detail);
  await EventBus.append(tx, 'sip_account.changed', { agentId }, agentId, agentId);
}

export const sipRoutes = [
  route({
    method: 'GET',
    url: '/me/sip-account',
    summary: 'The calling agent’s own SIP account, with its password, to register the softphone (404 `sipAccount.notFound` when there is none)',
    access: [...ROLES],
    noStore: true,
    schema: { response: OwnSipAccount },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const [row] = await hub.db.query<SipAccountRow>('select * from sip_account where agent_id = $1', [caller.agentId]);
      if (!row) throw new HubError(404, 'sipAccount.notFound');
      let password: string;
      try {
        password = hub.sip.open(row.agent_id, row.password_sealed);
      } catch (error) {
        // The key check at start makes this rare: a hub without a configured key, or a damaged value.
        throw new Error(`the SIP password of agent ${row.agent_id} could not be decrypted (${(error as Error).message}): was the hub started without its SIP key?`);
      }
      // Handing out a credential is worth a line, like a read of a customer record.
      await auditAction(hub.db, caller.agentId, 'sipAccount.fetch', { type: 'agent', id: caller.agentId });
      return { ...toSipAccount(row), password };
    },
  }),
  route({
    method: 'PUT',
    url: '/agents/:agentId/sip-account',
    summary: 'Set an agent’s SIP account (server, domain, user, password); replaces the stored one, the password is kept encrypted',
    access: LEADS,
    schema: { params: AgentParams, body: SipAccountWrite, response: SipAccount },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { agentId } = request.params;
      const b = request.body;
      const sealed = hub.sip.seal(agentId, b.password);
      const row = await write(hub.db, hub.bus, async (tx) => {
        const [agent] = await tx.query('select id from agent where id = $1', [agentId]);
        if (!agent) throw notFound('agent');
        const [before] = await tx.query('select agent_id from sip_account where agent_id = $1 for update', [agentId]);
        let saved: SipAccountRow | undefined;
        try {
          [saved] = await tx.query<SipAccountRow>(
            `insert into sip_account (agent_id, server_url, domain, username, authorization_user, display_name, password_sealed, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, now())
             on conflict (agent_id) do update set server_url = excluded.server_url, domain = excluded.domain, username = excluded.username,
               authorization_user = excluded.authorization_user, display_name = excluded.display_name,
               password_sealed = excluded.password_sealed, updated_at = now()
             returning *`,
            [agentId, b.server, b.domain, b.username, b.authorizationUser ?? null, b.displayName ?? null, sealed],
          );
        } catch (error) {
          if ((error as { code?: string }).code === '23505') throw new HubError(409, 'sipAccount.usernameTaken', { username: b.username, domain: b.domain });
          throw error;
        }
        if (!saved) throw new Error('upsert of a SIP account returned no row');
        // What changed, never the password.
        await recordSipChange(tx, caller.agentId, before ? 'sipAccount.update' : 'sipAccount.create', agentId, {
          server: b.server,
          domain: b.domain,
          username: b.username,
          authorizationUser: b.authorizationUser ?? null,
          displayName: b.displayName ?? null,
        });
        return saved;
      });
      return toSipAccount(row);
    },
  }),
  route({
    method: 'DELETE',
    url: '/agents/:agentId/sip-account',
    summary: 'Remove an agent’s SIP account (`deleted: false` when there was none)',
    access: LEADS,
    schema: { params: AgentParams, response: z.object({ deleted: z.boolean() }) },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { agentId } = request.params;
      const deleted = await write(hub.db, hub.bus, async (tx) => {
        const rows = await tx.query('delete from sip_account where agent_id = $1 returning agent_id', [agentId]);
        if (rows.length === 0) return false;
        await recordSipChange(tx, caller.agentId, 'sipAccount.delete', agentId);
        return true;
      });
      return { deleted };
    },
  }),
];
