-- Reads are audited through a local journal flushed in batches (server/api/audit-journal.ts).
-- Each journal line carries the id it was given when the read was answered, so a line that was
-- inserted and then replayed after a crash (inserted, journal not yet cleared) is stored once.
-- Lines written inside a change's transaction (auditAction) have no such id: null, never conflicts.
alter table audit_log add column line_id uuid;
create unique index audit_log_line_id on audit_log (line_id);
