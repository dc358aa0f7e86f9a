import { create } from 'zustand';
import { drop } from '../../../common/assert.ts';
import type { AgentMessage } from '../../../common/cobrowse/protocol.ts';
import type { CobrowseStartResponse, CobrowseStatus } from '../../../common/contract/cobrowse.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { whenConnected } from '../../bridge/when-connected.ts';
import { nextControlAnswer, type ControlAnswer } from './cobrowse-model.ts';

interface CobrowseStoreState {
  /** The session main holds (or the one that just ended, with its reason); null: none. */
  readonly status: CobrowseStatus | null;
  /** `cobrowse.start`'s answer for the running session (whether the prompt reached an open page). */
  readonly started: CobrowseStartResponse | null;
  /** The customer a start is under way for (the panel shows "asking for a code…"). */
  readonly startingFor: string | null;
  /** Why the last start failed, and for which customer (the panel offers "Try again"). */
  readonly startError: { readonly customerId: string; readonly error: unknown } | null;
  readonly ending: boolean;
  readonly endError: unknown;
  readonly controlAsked: boolean;
  /** What the customer last answered to control (refused, took it back), until asked again. */
  readonly controlAnswer: ControlAnswer;
  receive(status: CobrowseStatus | null): void;
  start(client: LoketClient, customerId: string): Promise<void>;
  end(client: LoketClient): Promise<void>;
  askControl(client: LoketClient): Promise<void>;
  send(client: LoketClient, message: AgentMessage): Promise<void>;
  /** Hides an ended session's panel. */
  dismiss(): void;
  reset(): void;
}

const INITIAL = {
  status: null,
  started: null,
  startingFor: null,
  startError: null,
  ending: false,
  endError: null,
  controlAsked: false,
  controlAnswer: null,
} as const;

/**
 * The console's co-browse session as main reports it, and the agent's requests about it. Main
 * holds the session itself (REST, the agent's socket, reconnects); this store only follows its
 * `cobrowse.status` events, fed by `startCobrowse`, never at import.
 */
export const useCobrowseStore = create<CobrowseStoreState>()((set, get) => ({
  ...INITIAL,
  receive: (status) => {
    const previous = get().status;
    if (status === null) {
      set({ status: null, started: null, controlAnswer: null, controlAsked: false });
      return;
    }
    const sameSession = previous?.sessionId === status.sessionId;
    set({
      status,
      started: get().started?.sessionId === status.sessionId ? get().started : null,
      controlAnswer: nextControlAnswer(previous, status, get().controlAnswer),
      controlAsked: sameSession && status.control === 'off' && status.reason !== 'denied' ? get().controlAsked : false,
      ending: status.state === 'ended' ? false : get().ending,
    });
  },
  start: async (client, customerId) => {
    set({ startingFor: customerId, startError: null, endError: null });
    try {
      const started = await client.request('cobrowse.start', { customerId });
      // The status event may have come first; until then the answer stands in for it.
      const current = get().status;
      set({
        started,
        controlAnswer: null,
        controlAsked: false,
        status:
          current?.sessionId === started.sessionId
            ? current
            : { sessionId: started.sessionId, customerId, state: 'requested', control: 'off', code: started.code, codeExpiresAt: started.codeExpiresAt, page: null, reason: null },
      });
    } catch (error) {
      set({ startError: { customerId, error } });
    } finally {
      set({ startingFor: null });
    }
  },
  end: async (client) => {
    const status = get().status;
    if (!status || status.state === 'ended') return;
    set({ ending: true, endError: null });
    try {
      await client.request('cobrowse.end', { sessionId: status.sessionId });
    } catch (error) {
      set({ endError: error });
    } finally {
      set({ ending: false });
    }
  },
  askControl: async (client) => {
    const status = get().status;
    if (!status || status.state !== 'live') return;
    set({ controlAsked: true, controlAnswer: null });
    try {
      await client.request('cobrowse.send', { sessionId: status.sessionId, message: { t: 'control.request' } });
    } catch (error) {
      set({ controlAsked: false, endError: error });
    }
  },
  send: async (client, message) => {
    const status = get().status;
    if (!status || status.state === 'ended') return;
    await client.request('cobrowse.send', { sessionId: status.sessionId, message });
  },
  dismiss: () => {
    if (get().status?.state === 'ended') set({ ...INITIAL });
  },
  reset: () => set({ ...INITIAL }),
}));

/**
 * Follows main's co-browse session for the page's lifetime: every `cobrowse.status` event, and
 * `cobrowse.current` whenever the link to main comes up (a reloaded page picks up the running
 * session; its viewer then asks for a fresh full snapshot).
 */
export function startCobrowse(client: LoketClient): () => void {
  const store = useCobrowseStore.getState();
  let events = 0;
  const offStatus = client.on('cobrowse.status', (status) => {
    events += 1;
    store.receive(status);
  });
  const offConnected = whenConnected(client, () => {
    const before = events;
    drop(
      client.request('cobrowse.current', {}).then((status) => {
        // An event that came meanwhile is newer than this answer.
        if (events !== before) return;
        // No session at main: keep an ended one on screen (its reason), drop a running one.
        if (status === null && useCobrowseStore.getState().status?.state === 'ended') return;
        store.receive(status);
      }),
      () => undefined,
    );
  });
  return () => {
    offStatus();
    offConnected();
  };
}
