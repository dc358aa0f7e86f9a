import type { Queryable } from '../db/database.ts';

// Every read of a customer record leaves a line — who, what, when — through the hub's audit
// journal (`HubContext.audit.recordReads`, audit-journal.ts): written to a local journal before
// the answer, stored in batches off the request path.

/**
 * One line for a change (or a read of a secret) to one subject, in the caller's transaction so it
 * is recorded exactly when the change is. `detail` must never hold a secret.
 */
export async function auditAction(
  db: Queryable,
  agentId: string,
  action: string,
  subject: { readonly type: string; readonly id: string },
  detail: Record<string, unknown> | null = null,
): Promise<void> {
  await db.query('insert into audit_log (agent_id, action, subject_type, subject_id, detail) values ($1, $2, $3, $4, $5)', [
    agentId,
    action,
    subject.type,
    subject.id,
    detail === null ? null : JSON.stringify(detail),
  ]);
}
