import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from './client-context.ts';
import { useHubStore } from './stores/hub-store.ts';

/** Live events of one kind often come in a burst (a sync, a team's changes): one read after them. */
const SETTLE_MS = 100;

export type LiveRead<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly error: unknown };

/**
 * A hub read a live screen shows (callbacks, cart follow-ups): read when the screen opens or
 * `read` changes (another filter: "loading" until its answer, the old list answered another
 * question), again ~100 ms after the hub announces a change of a kind that `kinds` matches
 * (`hub.live`), and when the console is signed in to the hub again — never by polling. On a
 * re-read what was shown stays until the next answer comes.
 */
export function useLiveRead<T>(read: () => Promise<T>, kinds: RegExp): LiveRead<T> & { reload(): void } {
  const client = useClient();
  const [result, setResult] = useState<{ read: () => Promise<T>; answer: LiveRead<T> } | null>(null);
  const asked = useRef(0);
  const signedIn = useHubStore((state) => state.status.state === 'signedIn');

  const load = useCallback(() => {
    const ask = ++asked.current;
    read().then(
      (value) => {
        if (ask === asked.current) setResult({ read, answer: { state: 'ready', value } });
      },
      (error: unknown) => {
        if (ask === asked.current) setResult({ read, answer: { state: 'error', error } });
      },
    );
  }, [read]);

  useEffect(load, [load, signedIn]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = client.on('hub.live', ({ kind }) => {
      if (!kinds.test(kind)) return;
      clearTimeout(timer);
      timer = setTimeout(load, SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [client, kinds, load]);

  const answer: LiveRead<T> = result !== null && result.read === read ? result.answer : { state: 'loading' };
  return { ...answer, reload: load };
}
