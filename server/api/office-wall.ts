import type { Queryable } from '../db/database.ts';
import type { Caller } from './auth.ts';
import { forbidden, notFound } from './errors.ts';

// The office wall of the overflow season's routes: a team lead manages the overflow agents,
// devices and SIP pool of their own office only; an admin those of every office. Another office's
// object is 403 `auth.forbidden` with reason `office`.

/** The office the calling agent belongs to. */
export async function officeOfCaller(db: Queryable, caller: Caller): Promise<string> {
  const [row] = await db.query<{ office_id: string }>('select office_id from agent where id = $1', [caller.agentId]);
  if (!row) throw notFound('agent');
  return row.office_id;
}

/** The offices `caller` may manage: one for a team lead, null (every office) for an admin. */
export async function managedOffice(db: Queryable, caller: Caller): Promise<string | null> {
  return caller.role === 'admin' ? null : officeOfCaller(db, caller);
}

/** Throws 403 (reason `office`) unless `caller` may manage `officeId`. */
export async function assertManagesOffice(db: Queryable, caller: Caller, officeId: string): Promise<void> {
  const own = await managedOffice(db, caller);
  if (own !== null && own !== officeId) throw forbidden('office');
}

/**
 * An overflow agent the caller may manage, with its office: 404 `not.found` (agent) when there is
 * no overflow agent with that id, 403 (reason `office`) when it is another office's.
 */
export async function managedOverflowAgent(db: Queryable, caller: Caller, agentId: string): Promise<{ officeId: string }> {
  const [agent] = await db.query<{ office_id: string }>(`select office_id from agent where id = $1 and role = 'overflow'`, [agentId]);
  if (!agent) throw notFound('agent');
  await assertManagesOffice(db, caller, agent.office_id);
  return { officeId: agent.office_id };
}

/** A device the caller may revoke: 404 when unknown, 403 (reason `office`) when its agent is in another office. */
export async function assertManagesDevice(db: Queryable, caller: Caller, deviceId: string): Promise<void> {
  const [device] = await db.query<{ office_id: string }>('select a.office_id from device d join agent a on a.id = d.agent_id where d.id = $1', [deviceId]);
  if (!device) throw notFound('device');
  await assertManagesOffice(db, caller, device.office_id);
}
