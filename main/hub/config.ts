import type { HubCredentials } from './hub-session.ts';

/** The hub to sign in to, from the environment (`npm start` sets it for the demo hub). */
export function hubFromEnv(env: NodeJS.ProcessEnv = process.env): HubCredentials | undefined {
  const url = env.LOKET_HUB_URL;
  const email = env.LOKET_HUB_EMAIL;
  const password = env.LOKET_HUB_PASSWORD;
  if (!url || !email || !password) return undefined;
  return { method: 'password', url, email, password };
}
