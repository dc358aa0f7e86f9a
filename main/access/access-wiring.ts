import type { EndReason } from '../../common/contract/access.ts';
import { LeaseResponse, type FinalReport } from '../../common/hub/access.ts';
import type { SecretVault } from '../cache/vault.ts';
import type { EventHub } from '../contract/events.ts';
import type { DataFront } from '../data/data-front.ts';
import type { HubSession } from '../hub/hub-session.ts';
import type { SipAccountStore } from '../telephony/sip-account.ts';
import type { Softphone } from '../telephony/softphone.ts';
import type { AccessCalls, AccessEndPorts } from './access-end.ts';
import { AccessService, type EndContext } from './access-service.ts';
import { EndedNoteFile } from './ended-note.ts';
import type { EnrollmentPorts, PhoneOutcome } from './enrollment.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { collectUnsent, type CollectedItem } from './unsent.ts';
import { wipeAgentData } from './wipe.ts';

/** The first sync of an enrollment may take this long (the demo's data size takes seconds). */
const FIRST_SYNC_TIMEOUT_MS = 180_000;
/** The hub takes at most this many items per final report; more go in several. */
const REPORT_ITEMS_MAX = 500;

export interface AccessWiring {
  readonly dataDir: string;
  readonly vault: SecretVault;
  readonly hub: HubSession;
  readonly data: DataFront;
  readonly phone: Softphone;
  readonly accounts: SipAccountStore;
  readonly events: EventHub;
  /** Resolves when the hub's SIP account asked for at the latest sign-in is applied (whatever the outcome). */
  readonly fetchSipAccount: () => Promise<void>;
  readonly fetch?: typeof fetch;
  /** The calls to wait for; the softphone's by default. */
  readonly calls?: AccessCalls | undefined;
  /** The local clocks under the hub clock (tests move the wall clock). */
  readonly clock?: { readonly now: () => number; readonly monotonic: () => number } | undefined;
}

/** Resolves when `probe` says so, re-checking on each event of `subscribe`; rejects after `timeoutMs`. */
function whenTrue(subscribe: (listener: () => void) => () => void, probe: () => boolean, timeoutMs: number): Promise<boolean> {
  if (probe()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(false);
    }, timeoutMs);
    timer.unref?.();
    const stop = subscribe(() => {
      if (!probe()) return;
      clearTimeout(timer);
      stop();
      resolve(true);
    });
  });
}

/** Builds the access service over main's real parts (main/services.ts calls this once). */
export function createAccessService(wiring: AccessWiring): AccessService {
  const { dataDir, vault, hub, data, phone, accounts, events } = wiring;
  const doFetch = wiring.fetch ?? fetch;
  const leases = new LeaseKeeper({ vault, fetch: doFetch, now: wiring.clock?.now, monotonic: wiring.clock?.monotonic });
  const note = new EndedNoteFile(dataDir);
  const onSync = (listener: () => void) => events.subscribe((name) => (name === 'sync.changed' ? listener() : undefined));

  const enrollment: EnrollmentPorts = {
    signIn: (credentials) => data.signIn(credentials),
    pinLeaseKey: (url) => leases.pin(url),
    firstSync: async (onProgress) => {
      const done = () => data.syncer?.lastSyncedAt != null || data.status().cache.state === 'unavailable';
      const stop = onSync(() => onProgress(data.status().progress?.fraction ?? null));
      try {
        if (!(await whenTrue(onSync, done, FIRST_SYNC_TIMEOUT_MS))) throw new Error('the first sync did not finish in time');
      } finally {
        stop();
      }
    },
    phone: async (timeoutMs): Promise<PhoneOutcome> => {
      await wiring.fetchSipAccount();
      if (!accounts.current()) return 'noAccount';
      // Registered, or refused by the server (a wrong password: waiting longer will not help).
      const settled = () => ['registered', 'failed'].includes(phone.status().registration.state);
      await whenTrue((listener) => phone.onCall(listener), settled, timeoutMs);
      return phone.status().registration.state === 'registered' ? 'registered' : 'failed';
    },
    agent: () => {
      const agent = hub.agent();
      return agent ? { displayName: agent.displayName, accessExpiresAt: leases.clock.lease?.claims.accessExpiresAt ?? agent.accessExpiresAt } : null;
    },
  };

  const endPorts = (context: EndContext): AccessEndPorts => ({
    phone: wiring.calls ?? {
      callInProgress: () => phone.status().calls.some((call) => call.state === 'active' || call.state === 'dialing'),
      onCall: (listener) => phone.onCall(listener),
      refuseNewCalls: (on) => phone.refuseNewCalls(on),
    },
    flush: async (timeoutMs) => {
      const sender = data.sender;
      // Only a session the hub still accepts can send (a clock-ended access while online).
      if (!sender || hub.status().state !== 'signedIn' || data.status().pending === 0) return;
      sender.kick(true);
      await Promise.race([sender.whenIdle(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref?.())]);
    },
    collect: () => (data.cache ? collectUnsent(data.cache) : []),
    report: (reason, items) => sendFinalReport(doFetch, context, reason, items),
    wipe: async () => {
      await data.signOut(false);
      await accounts.forget();
      await phone.accountChanged().catch(() => undefined);
      const wiped = wipeAgentData({ dataDir, vault });
      leases.forget(); // its memory too (the vault record went with the wipe)
      return wiped;
    },
    remember: (ended) => note.write(ended),
  });

  const confirmOnline = async (): Promise<boolean> => {
    const url = hub.url();
    if (!url) return false;
    const answer = LeaseResponse.parse(await hub.request('GET', '/auth/lease', undefined, 10_000));
    return leases.accept(url, answer.lease);
  };

  return new AccessService({ hub, leases, note, enrollment, end: endPorts, confirmOnline, emit: (status) => events.emit('access.changed', status) });
}

/** `POST /auth/final-report` with the ended session's refresh token, in batches the hub takes; true when every batch was received. */
async function sendFinalReport(doFetch: typeof fetch, context: EndContext, reason: EndReason, items: readonly CollectedItem[]): Promise<boolean> {
  if (!context.hub || !context.refreshToken) return false;
  for (let start = 0; start < items.length; start += REPORT_ITEMS_MAX) {
    const report: FinalReport = {
      refreshToken: context.refreshToken,
      reason,
      items: items.slice(start, start + REPORT_ITEMS_MAX).map(({ kind, customerId, createdAt, text }) => ({ kind, customerId, createdAt, text })),
    };
    const response = await doFetch(new URL('/auth/final-report', context.hub), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return false;
  }
  return true;
}
