import { ArrowRight } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { AccessStatus } from '../../../common/contract/access.ts';
import { useClient } from '../../app/client-context.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { AccessPage } from './AccessPage.tsx';
import { useAccessStore } from './access-store.ts';

type Ready = Extract<AccessStatus, { state: 'ready' }>;

const PHONE_TEXTS = {
  registered: 'access:ready.phone.registered',
  noAccount: 'access:ready.phone.noAccount',
  failed: 'access:ready.phone.failed',
} as const;

/** Enrolled: who, until when, whether the phone is ready — and the one button that opens the console. */
export function ReadyScreen({ status }: { status: Ready }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const button = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // The confirm is the agent's only move here: Enter or Space right away.
  useEffect(() => button.current?.focus(), []);

  const confirm = () => {
    setBusy(true);
    setFailure(null);
    client
      .request('access.confirm', {})
      .then(
        (next) => useAccessStore.getState().receive(next),
        (error: unknown) => setFailure(error),
      )
      .finally(() => setBusy(false));
  };

  return (
    <AccessPage title={t('access:ready.title', { name: status.agentName })} testId="access-ready" data-state="ready">
      <dl className="facts access-page__facts">
        <dt>{t('access:ready.accessUntil')}</dt>
        <dd data-testid="access-ends">{status.accessEndsAt ? formatDateTime(status.accessEndsAt, locale, { dateStyle: 'full', timeStyle: 'short' }) : t('access:ready.noEnd')}</dd>
        <dt>{t('access:ready.hub')}</dt>
        <dd>{status.hub}</dd>
        <dt>{t('access:ready.phoneLabel')}</dt>
        <dd data-testid="access-phone" data-phone={status.phone}>
          {t(PHONE_TEXTS[status.phone])}
        </dd>
      </dl>
      {failure ? <ErrorLine error={failure} /> : null}
      <button ref={button} type="button" className="button button--primary access-page__confirm" onClick={confirm} disabled={busy} aria-busy={busy} data-testid="access-confirm">
        {busy ? t('access:ready.starting') : t('access:ready.start')}
        <ArrowRight size={16} aria-hidden="true" />
      </button>
    </AccessPage>
  );
}
