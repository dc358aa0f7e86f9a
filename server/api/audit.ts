import type { Queryable } from '../db/database.ts';

/** Every read of a customer record leaves a line: who, what, when. */
export async function auditReads(db: Queryable, agentId: string, action: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.query(
    `insert into audit_log (agent_id, action, subject_type, subject_id) select $1, $2, 'customer', id from unnest($3::text[]) as id`,
    [agentId, action, customerIds],
  );
}
