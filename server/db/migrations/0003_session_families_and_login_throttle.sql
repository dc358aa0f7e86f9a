-- Hardening of sign-in: refresh-token families (reuse of a rotated token revokes the family) and
-- a per-account limit on failed logins that every hub instance shares.

-- A session's family: the session a login or an enrollment opened, and every session a refresh
-- rotated out of it. `replaced_by` marks a session that was rotated (rather than ended): its
-- refresh token coming back means somebody kept a copy, and the whole family is revoked.
alter table auth_session add column family_id uuid;
update auth_session set family_id = id;
alter table auth_session alter column family_id set not null;
alter table auth_session add column replaced_by uuid references auth_session (id);
-- Live sessions per family: revoking a family, and the live-events sockets asking whether theirs
-- still has one, read only these (a long-lived family has thousands of rotated rows).
create index auth_session_family_live on auth_session (family_id) where revoked_at is null;

-- Failed logins per account (any address), in a fixed window. `key` is a hash of the lower-cased
-- e-mail address, kept for unknown addresses too, so a 429 does not tell that an account exists.
-- A success deletes the row; rows of ended windows are deleted as new windows start.
create table login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz not null
);
create index login_throttle_window on login_throttle (window_started_at);
