import { useEffect, useState } from 'react';

export type Load<T> = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'error'; readonly error: unknown };

/** One request on mount (and on retry); the panel works with whatever came. */
export function useLoad<T>(load: () => Promise<T>): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ phase: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ phase: 'ready', value }),
      (error: unknown) => current && setState({ phase: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [load, round]);
  return [state, () => {
    setState({ phase: 'loading' });
    setRound((value) => value + 1);
  }];
}
