import { useCallback, useEffect, useRef, useState } from 'react';
import type { EscalationDetail } from '../../../common/contract/escalations.ts';
import { useClient } from '../../app/client-context.ts';
import { useEscalationStore } from './escalation-store.ts';

export type DetailRead = { state: 'loading' } | { state: 'ready'; detail: EscalationDetail } | { state: 'error'; error: unknown };

/**
 * One escalation with its thread, read when it opens and again after every inbox read (the
 * inbox reads after each live escalation event), so a colleague's reply or claim shows at once.
 * `replace` puts an action's answer in place without another read.
 */
export function useEscalationDetail(id: string): DetailRead & { replace(detail: EscalationDetail): void } {
  const client = useClient();
  const generation = useEscalationStore((state) => state.generation);
  // The answer with the id it is for: another escalation opened shows "loading", not the last one.
  const [read, setRead] = useState<{ id: string; read: DetailRead }>({ id, read: { state: 'loading' } });
  const asked = useRef(0);

  useEffect(() => {
    const ask = ++asked.current;
    client.request('escalations.get', { id }).then(
      (detail) => {
        if (ask === asked.current) setRead({ id, read: { state: 'ready', detail } });
      },
      (error: unknown) => {
        // A failed re-read keeps what is on screen; only a first read shows the error.
        if (ask === asked.current) setRead((previous) => (previous.id === id && previous.read.state === 'ready' ? previous : { id, read: { state: 'error', error } }));
      },
    );
  }, [client, id, generation]);

  const replace = useCallback((detail: EscalationDetail) => {
    asked.current++;
    setRead({ id: detail.id, read: { state: 'ready', detail } });
  }, []);
  return { ...(read.id === id ? read.read : { state: 'loading' }), replace };
}
