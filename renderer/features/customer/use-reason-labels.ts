import { useCallback, useEffect, useState } from 'react';
import type { ReasonOption } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { humaniseCode, type ReasonLabel } from './timeline-text.ts';

/** The hub's labels of contact reasons, once per screen; until they come (or when they cannot), codes read as words. */
export function useReasonLabels(language: string): ReasonLabel {
  const client = useClient();
  const [reasons, setReasons] = useState<readonly ReasonOption[]>([]);
  useEffect(() => {
    let current = true;
    client.request('reasons.list', {}).then(
      (response) => {
        if (current) setReasons(response.reasons);
      },
      () => undefined, // the codes stay readable as words
    );
    return () => {
      current = false;
    };
  }, [client]);
  return useCallback(
    (code: string) => {
      const labels = reasons.find((reason) => reason.code === code)?.labels;
      return labels?.[language] ?? labels?.[language.split('-')[0] ?? ''] ?? labels?.en ?? humaniseCode(code);
    },
    [reasons, language],
  );
}
