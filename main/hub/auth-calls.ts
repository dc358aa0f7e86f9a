// The console's unauthenticated calls to the hub's /auth routes (sign-in, enrollment, refresh)
// and its best-effort logout. The answers are read by `HubSession`, which owns what they mean.

const AUTH_TIMEOUT_MS = 10_000;
const LOGOUT_TIMEOUT_MS = 5_000;

export function postAuth(fetchFn: typeof fetch, url: string, path: string, body: unknown): Promise<Response> {
  return fetchFn(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(AUTH_TIMEOUT_MS),
  });
}

/** Ends the session at the hub; never throws (the console forgets the session either way). */
export async function logoutAtHub(fetchFn: typeof fetch, url: string, accessToken: string): Promise<void> {
  await fetchFn(new URL('/auth/logout', url), {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
  }).catch(() => undefined);
}
