import { useCallback, useEffect, useRef, useState } from 'react';
import type { HomeToday } from '../../../common/contract/home.ts';
import { useClient } from '../../app/client-context.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { dayBounds } from './home-model.ts';

export type HomeTodayState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly today: HomeToday }
  | { readonly state: 'error'; readonly error: unknown };

/** How many calls the phone has ended: a new one changes the day's calls and contacts. */
const endedCalls = (state: ReturnType<typeof usePhoneStore.getState>) =>
  state.status?.calls
    .filter((call) => call.state === 'ended')
    .map((call) => call.id)
    .join(',') ?? '';

/**
 * The agent's day (`home.today`), asked again whenever customer data in the cache changes
 * (sync, a write) and when a call ends; what was shown stays while the next answer comes.
 */
export function useHomeToday(): HomeTodayState {
  const client = useClient();
  const [state, setState] = useState<HomeTodayState>({ state: 'loading' });
  const asked = useRef(0);
  const ended = usePhoneStore(endedCalls);

  const load = useCallback(() => {
    const ask = ++asked.current;
    client.request('home.today', dayBounds(Date.now())).then(
      (today) => {
        if (ask === asked.current) setState({ state: 'ready', today });
      },
      (error: unknown) => {
        if (ask === asked.current) setState((previous) => (previous.state === 'ready' ? previous : { state: 'error', error }));
      },
    );
  }, [client]);

  useEffect(() => {
    load();
    // A sync tells of many changes in a row: one read after they settle.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = client.on('customers.changed', () => {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [client, load, ended]);

  return state;
}
