import type { AccessStatus, EndReason } from '../../common/contract/access.ts';
import { createLogger } from '../log.ts';
import type { CollectedItem } from './unsent.ts';
import type { WipeResult } from './wipe.ts';

const log = createLogger('access');

/** How long the outbox gets to send what it holds before the wipe (only while the hub still accepts the session). */
export const FLUSH_TIMEOUT_MS = 10_000;

export type EndedStatus = Extract<AccessStatus, { state: 'ended' }>;
export type EndingStatus = Extract<AccessStatus, { state: 'ending' }>;

/** The calls the end of access waits for (the softphone's; tests without a SIP server drive their own). */
export interface AccessCalls {
  /** A call that was answered or is being dialled and has not ended. */
  callInProgress(): boolean;
  /** Told whenever something happens to a call (to look again). */
  onCall(listener: () => void): () => void;
  refuseNewCalls(on: boolean): void;
}

/** What the end of access needs from the rest of main: plain functions, so tests can drive each step. */
export interface AccessEndPorts {
  readonly phone: AccessCalls;
  /** Kicks the outbox sender and waits up to `timeoutMs` for it to drain, if the session is still accepted. */
  flush(timeoutMs: number): Promise<void>;
  /** What is left (outbox pending and set aside, note drafts with text), read from the cache. */
  collect(): CollectedItem[];
  /** The final report to the hub with the last refresh token; true when the hub answered 2xx. */
  report(reason: EndReason, items: readonly CollectedItem[]): Promise<boolean>;
  /** Signs out locally, closes the cache and deletes the agent's data. */
  wipe(): Promise<WipeResult>;
  /** Keeps why access ended (reason, when, counts: no customer data) so a restart still says it. */
  remember(ended: EndedStatus): Promise<void>;
  readonly now?: () => number;
}

/** Resolves once no call is in progress (no timeout: the agent hangs up, Loket never cuts a call). */
function callsOver(phone: AccessEndPorts['phone'], waiting: (on: boolean) => void): Promise<void> {
  if (!phone.callInProgress()) return Promise.resolve();
  waiting(true);
  return new Promise((resolve) => {
    const stop = phone.onCall(() => {
      if (phone.callInProgress()) return;
      stop();
      resolve();
    });
  });
}

/**
 * The end of access, in order: lock (`ending`, no new calls), wait for the call in progress to
 * end, send what the outbox can, collect what is left, report it to the hub when it listens,
 * wipe, and say why (`ended`). Nothing unsent is dropped unseen: each item is either in the
 * hub's report or on the agent's screen (both, when the report went through).
 */
export async function endAccess(reason: EndReason, ports: AccessEndPorts, show: (status: EndingStatus) => void): Promise<EndedStatus> {
  const now = ports.now ?? Date.now;
  show({ state: 'ending', reason, waitingForCall: ports.phone.callInProgress() });
  ports.phone.refuseNewCalls(true);
  await callsOver(ports.phone, (waitingForCall) => show({ state: 'ending', reason, waitingForCall }));
  show({ state: 'ending', reason, waitingForCall: false });
  try {
    await ports.flush(FLUSH_TIMEOUT_MS);
  } catch (error) {
    log.warn('the outbox could not be sent before the wipe', error);
  }
  let items: CollectedItem[] = [];
  try {
    items = ports.collect();
  } catch (error) {
    log.error('could not read what is left in the cache before the wipe', error);
  }
  let reported = false;
  if (items.length > 0) {
    try {
      reported = await ports.report(reason, items);
    } catch (error) {
      log.warn('the final report did not reach the hub', error);
    }
  }
  const wiped = await ports.wipe();
  log.info(`access ended (${reason}): ${items.length} unsent item(s), ${reported ? 'reported' : 'not reported'}; removed ${wiped.removed.length} file(s), ${wiped.secrets.length} secret(s)`);
  const ended: EndedStatus = {
    state: 'ended',
    reason,
    endedAt: new Date(now()).toISOString(),
    unsent: { count: items.length, reported, items: items.map(({ kind, customerName, text, createdAt }) => ({ kind, customerName, text, createdAt })) },
  };
  await ports.remember(ended).catch((error: unknown) => log.warn('could not keep the note of why access ended', error));
  ports.phone.refuseNewCalls(false);
  return ended;
}
