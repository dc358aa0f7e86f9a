import { create } from 'zustand';
import { drop } from '../../../common/assert.ts';
import { PEAK_MODE_CHANGED, PeakMode } from '../../../common/contract/board.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { whenConnected } from '../../bridge/when-connected.ts';

interface PeakModeState {
  /** Null until the hub has said (not signed in, hub unreachable): no banner then. */
  readonly mode: PeakMode | null;
  /** A newer state (from the live event, the switch's own answer, or a read). */
  receive(mode: PeakMode): void;
  reset(): void;
}

/**
 * Peak mode as the hub announced it last: the frame's banner (every console, every role) and the
 * board's switch read it. Fed by `startPeakMode`, never at import.
 */
export const usePeakModeStore = create<PeakModeState>()((set) => ({
  mode: null,
  receive: (mode) => set({ mode }),
  reset: () => set({ mode: null }),
}));

/**
 * Follows peak mode for the page's lifetime: the hub's `peak_mode.changed` carries the whole new
 * state (no request: the banner shows within the event's travel time), and `peakMode.get` fills it
 * in whenever the link to main comes up and after each sign-in, when an event may have been missed.
 */
export function startPeakMode(client: LoketClient): () => void {
  const store = usePeakModeStore.getState();
  // A read that was under way when an event came answers with what may be the older state.
  let events = 0;
  const offLive = client.on('hub.live', ({ kind, payload }) => {
    if (kind !== PEAK_MODE_CHANGED) return;
    const mode = PeakMode.safeParse(payload);
    if (!mode.success) return;
    events += 1;
    store.receive(mode.data);
  });
  const load = () => {
    const before = events;
    drop(
      client.request('peakMode.get', {}).then((mode) => {
        if (events === before) store.receive(mode);
      }),
      () => undefined,
    );
  };
  const offConnected = whenConnected(client, load);
  const offHub = client.on('hub.changed', (status) => {
    if (status.state === 'signedIn') load();
    else if (status.state === 'off') store.reset();
  });
  return () => {
    offLive();
    offConnected();
    offHub();
  };
}
