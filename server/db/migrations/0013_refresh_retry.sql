-- A refresh whose answer never reached the console (the connection dropped, the console was
-- killed before it stored the new token) is retried with the same retry key, which the console
-- stored before it asked. The rotated session keeps the key's hash: the same old token with the
-- same key, while its successor has never been used, is that retry, not a stolen copy
-- (server/api/auth.ts refresh).
alter table auth_session add column retry_hash text;
