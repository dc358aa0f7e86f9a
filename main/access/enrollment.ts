import type { AccessFailure, AccessStatus } from '../../common/contract/access.ts';
import type { HubStatus } from '../../common/contract/contract.ts';
import type { HubCredentials } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';

const log = createLogger('access');

/** The phone gets this long to register after the first sync before "ready" says it failed. */
export const REGISTER_TIMEOUT_MS = 15_000;

export type EnrollingStatus = Extract<AccessStatus, { state: 'enrolling' }>;
export type PhoneOutcome = Extract<AccessStatus, { state: 'ready' }>['phone'];

/** What enrollment drives: the hub session, the first sync and the phone; plain functions, so tests can fake any. */
export interface EnrollmentPorts {
  signIn(credentials: HubCredentials): Promise<HubStatus>;
  /** Pins the hub's lease key (best effort: a hub without leases still enrolls). */
  pinLeaseKey(hub: string): Promise<unknown>;
  /** Resolves when the first sync has finished (progress 0..1 on the way); rejects when it cannot. */
  firstSync(onProgress: (fraction: number | null) => void): Promise<void>;
  /** Fetches the hub's SIP account and waits for the phone: registered, no account at the hub, or failed after `timeoutMs`. */
  phone(timeoutMs: number): Promise<PhoneOutcome>;
  /** Who the signed-in agent is and when their access ends. */
  agent(): { displayName: string; accessExpiresAt: string | null } | null;
}

export type EnrollmentOutcome =
  | Extract<AccessStatus, { state: 'ready' }>
  | Extract<AccessStatus, { state: 'failed' }>;

/** The hub's refusal of a code, as the first screen explains it. */
function failureOf(status: HubStatus): AccessFailure {
  if (status.state !== 'error') return 'internal';
  if (status.code === 'hub.unreachable') return 'hub.unreachable';
  if (status.code === 'auth.expired') return 'auth.expired';
  return 'enrollment.invalid';
}

/** Link → signed in → synced → registered → ready (the agent's one confirm follows). */
export async function runEnrollment(hub: string, code: string, ports: EnrollmentPorts, show: (status: EnrollingStatus) => void): Promise<EnrollmentOutcome> {
  show({ state: 'enrolling', hub, step: 'signingIn', progress: null });
  const status = await ports.signIn({ method: 'enrollment', url: hub, code });
  if (status.state !== 'signedIn') {
    const failure = failureOf(status);
    return { state: 'failed', hub, code: failure, ...(status.state === 'error' ? { reason: status.code.slice(0, 100) } : {}) };
  }
  await ports.pinLeaseKey(hub).catch((error: unknown) => log.warn('no lease key pinned at enrollment', error));
  show({ state: 'enrolling', hub, step: 'syncing', progress: 0 });
  try {
    await ports.firstSync((fraction) => show({ state: 'enrolling', hub, step: 'syncing', progress: fraction }));
  } catch (error) {
    log.warn('the first sync did not finish', error);
    return { state: 'failed', hub, code: 'hub.unreachable', reason: 'sync' };
  }
  show({ state: 'enrolling', hub, step: 'registering', progress: null });
  const phone = await ports.phone(REGISTER_TIMEOUT_MS).catch((): PhoneOutcome => 'failed');
  const agent = ports.agent();
  return { state: 'ready', hub, agentName: agent?.displayName ?? '', accessEndsAt: agent?.accessExpiresAt ?? null, phone };
}
