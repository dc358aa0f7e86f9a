import { Copy, LogIn } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { AccessStatus, UnsentItem } from '../../../common/contract/access.ts';
import { useClient } from '../../app/client-context.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { AccessPage } from './AccessPage.tsx';
import { unsentAsText } from './access-model.ts';
import { useAccessStore } from './access-store.ts';

type Ended = Extract<AccessStatus, { state: 'ended' }>;

const REASONS = {
  expired: 'access:ended.reason.expired',
  revoked: 'access:ended.reason.revoked',
  offline: 'access:ended.reason.offline',
} as const;

const KINDS = {
  note: 'access:ended.kind.note',
  wrapUp: 'access:ended.kind.wrapUp',
  escalation: 'access:ended.kind.escalation',
  customer: 'access:ended.kind.customer',
  callback: 'access:ended.kind.callback',
  call: 'access:ended.kind.call',
  other: 'access:ended.kind.other',
} as const;

function describe(t: T, locale: string, item: UnsentItem): string {
  const when = formatDateTime(item.createdAt, locale);
  const kind = t(KINDS[item.kind]);
  return item.customerName ? t('access:ended.itemFor', { kind, customer: item.customerName, when }) : t('access:ended.item', { kind, when });
}

/** Access ended and the computer wiped: why, when, what could not be sent, and "Enrol again". */
export function EndedScreen({ status }: { status: Ended }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const heading = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => heading.current?.focus(), []);

  const again = () => {
    setBusy(true);
    setFailure(null);
    client
      .request('access.acknowledge', {})
      .then(
        (next) => useAccessStore.getState().receive(next),
        (error: unknown) => setFailure(error),
      )
      .finally(() => setBusy(false));
  };

  return (
    <AccessPage title={t('access:ended.title')} testId="access-ended" data-state="ended">
      <div ref={heading} tabIndex={-1} className="access-page__why" data-testid="access-ended-reason" data-reason={status.reason}>
        <p className="access-page__lead">{t(REASONS[status.reason])}</p>
        <p>{t('access:ended.when', { when: formatDateTime(status.endedAt, locale, { dateStyle: 'full', timeStyle: 'short' }) })}</p>
        <p>{t('access:ended.wiped')}</p>
      </div>
      <Unsent status={status} locale={locale} />
      {failure ? <ErrorLine error={failure} /> : null}
      <FormActions>
        <ActionButton variant="primary" icon={LogIn} label={t('access:ended.again')} busy={busy} onClick={again} testId="access-enrol-again" />
      </FormActions>
    </AccessPage>
  );
}

function Unsent({ status, locale }: { status: Ended; locale: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const { count, reported, items } = status.unsent;
  if (count === 0) {
    return (
      <p className="access-page__all-sent" data-testid="access-unsent" data-count={0}>
        {t('access:ended.allSent')}
      </p>
    );
  }
  const copy = () => {
    const text = unsentAsText(items, (item) => describe(t, locale, item));
    // The clipboard may be refused (no focus, no permission): then the list stays to copy by hand.
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <Panel title={t('access:ended.unsentTitle', { count })} testId="access-unsent" data-count={count} data-reported={reported}>
      <p>{reported ? t('access:ended.reported', { count }) : t('access:ended.notReported', { count })}</p>
      {items.length > 0 ? (
        <>
          <ul className="access-unsent">
            {items.map((item, index) => (
              // The items have no id of their own; their order is fixed for this screen's life.
              <li key={index} className="access-unsent__item">
                <span className="access-unsent__what">{describe(t, locale, item)}</span>
                {item.text ? <span className="access-unsent__text">{item.text}</span> : null}
              </li>
            ))}
          </ul>
          <FormActions>
            <ActionButton icon={Copy} label={t('access:ended.copy')} onClick={copy} testId="access-copy-unsent" />
            <span className="hint" role="status">
              {copied === 'yes' ? t('access:ended.copied') : copied === 'failed' ? t('access:ended.copyFailed') : ''}
            </span>
          </FormActions>
        </>
      ) : null}
    </Panel>
  );
}
