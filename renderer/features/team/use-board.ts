import { useCallback, useEffect, useRef, useState } from 'react';
import type { Board } from '../../../common/contract/board.ts';
import { useClient } from '../../app/client-context.ts';
import { whenConnected } from '../../bridge/when-connected.ts';

export type BoardState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly board: Board; readonly receivedAt: number; readonly stale: unknown }
  | { readonly state: 'error'; readonly error: unknown };

/** Live events come in bursts (a claim is an update and a presence change): one read after them. */
export const REFETCH_DEBOUNCE_MS = 100;

/**
 * The team board (`board.get`), read again after every live event the hub sends the console
 * (escalations, callbacks, presence, calls and wrap-ups, peak mode) — never on a timer — and
 * whenever the link to main comes back. A failed read keeps the last board on screen, marked stale.
 */
export function useBoard(): BoardState {
  const client = useClient();
  const [state, setState] = useState<BoardState>({ state: 'loading' });
  const asked = useRef(0);

  const load = useCallback(() => {
    const ask = ++asked.current;
    client.request('board.get', {}).then(
      (board) => {
        if (ask !== asked.current) return;
        // User Timing mark: the board's data is here (the board benchmark reads it).
        performance.mark('loket:board-data');
        setState({ state: 'ready', board, receivedAt: Date.now(), stale: null });
      },
      (error: unknown) => {
        if (ask !== asked.current) return;
        setState((previous) => (previous.state === 'ready' ? { ...previous, stale: error } : { state: 'error', error }));
      },
    );
  }, [client]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The first event of a burst schedules one read; events during the wait ride along with it,
    // so a steady stream of events still refreshes the board every REFETCH_DEBOUNCE_MS.
    const soon = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        load();
      }, REFETCH_DEBOUNCE_MS);
    };
    const offLive = client.on('hub.live', soon);
    const offConnected = whenConnected(client, load);
    return () => {
      clearTimeout(timer);
      offLive();
      offConnected();
    };
  }, [client, load]);

  return state;
}
