-- Replies to an escalation (interactions linked to it) reach a console by sync only while its
-- agent may see the escalation (the wall, server/api/escalation-wall.ts). Who may see it depends
-- on the escalation's creator, assignee, status and queue: when one of them changes, its replies'
-- change_seq moves too, so a console that may see it now gets them at its next sync. Writers hold
-- the write lock (server/db/writes.ts), so the new change_seq values stay in order.
create function escalation_replies_resync() returns trigger language plpgsql as $$
begin
  update interaction set change_seq = nextval('change_seq') where escalation_id = new.id;
  return null;
end $$;

create trigger escalation_replies_resync after update of assigned_to, created_by, status, queue on escalation
  for each row
  when (old.assigned_to is distinct from new.assigned_to or old.created_by is distinct from new.created_by
        or old.status is distinct from new.status or old.queue is distinct from new.queue)
  execute function escalation_replies_resync();

-- Consoles synced every escalation in full before the wall reached sync: move every escalation's
-- change_seq once, so each console's next delta sync rewrites its cached rows as its agent may
-- see them now (redacted where the wall keeps the agent out).
update escalation set change_seq = nextval('change_seq');
