import { useCallback, useMemo } from 'react';
import type { Colleague } from '../../common/contract/escalations.ts';
import { languageName } from '../i18n/format.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useT } from '../i18n/use-t.ts';
import type { ColleaguePickerTexts } from '../ui/ColleaguePicker.tsx';
import { useClient } from './client-context.ts';
import { ROLE_LABELS } from './roles.ts';
import { useLiveRead, type LiveRead } from './use-live-read.ts';

const PRESENCE_LABELS = {
  available: 'escalations:colleagues.status.available',
  wrap_up: 'escalations:colleagues.status.wrap_up',
  on_call: 'escalations:colleagues.status.on_call',
  break: 'escalations:colleagues.status.break',
  offline: 'escalations:colleagues.status.offline',
} as const satisfies Record<Colleague['status'], string>;

/** Presence changes move colleagues up and down the picker. */
const DIRECTORY_EVENTS = /^presence\./;

/**
 * The colleague directory (`directory.list`) for the pickers of the escalate and transfer forms:
 * read when the form opens and again when the hub announces a presence change.
 */
export function useDirectory(): LiveRead<readonly Colleague[]> {
  const client = useClient();
  const read = useCallback(async () => (await client.request('directory.list', {})).colleagues, [client]);
  return useLiveRead(read, DIRECTORY_EVENTS);
}

/** The ColleaguePicker's words in the agent's language. */
export function useColleagueTexts(): ColleaguePickerTexts {
  const { t } = useT();
  const locale = useLocale();
  return useMemo(
    () => ({
      role: (role) => t(ROLE_LABELS[role]),
      status: (status) => t(PRESENCE_LABELS[status]),
      language: (code) => languageName(code, locale),
      noMatch: t('escalations:colleagues.noMatch'),
      clear: t('escalations:colleagues.clear'),
    }),
    [t, locale],
  );
}
