import { ExternalLink, ScreenShareOff } from 'lucide-react';
import { useCallback, type ReactNode } from 'react';
import type { CobrowseStatus } from '../../../common/contract/cobrowse.ts';
import { useClient } from '../../app/client-context.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { cobrowseKeys } from '../../app/shortcuts.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { endReasonKey } from './cobrowse-model.ts';
import { useCobrowseStore } from './cobrowse-store.ts';
import { CodeDisplay } from './CodeDisplay.tsx';
import { ControlBar } from './ControlBar.tsx';
import { LiveView } from './LiveView.tsx';
import { useCobrowseShortcuts } from './use-cobrowse-shortcuts.ts';
import './cobrowse.css';

const TITLE_ID = 'cobrowse-panel-title';

/**
 * The co-browse session on the customer screen, below the header: asking for a code, the code
 * to read out while waiting, the live view with the page's title and address, the customer
 * changing page, control, End; and how it ended. A session with another customer is named with
 * a link to that customer (starting one here would end it).
 */
export function CobrowsePanel({ customerId }: { customerId: string }) {
  const { t } = useT();
  const client = useClient();
  useCobrowseShortcuts(client, customerId);
  const status = useCobrowseStore((state) => state.status);
  const startingFor = useCobrowseStore((state) => state.startingFor);
  const startError = useCobrowseStore((state) => state.startError);

  if (startingFor === customerId) {
    return (
      <Shell>
        <p className="hint" role="status" data-testid="cobrowse-starting">
          {t('cobrowse:panel.starting')}
        </p>
      </Shell>
    );
  }
  if (startError?.customerId === customerId && (status === null || status.state === 'ended' || status.customerId !== customerId)) {
    return (
      <Shell failed>
        <ErrorLine testId="cobrowse-start-error">
          {t('cobrowse:panel.startFailed')} {errorMessage(t, startError.error)}
        </ErrorLine>
        <FormActions>
          <ActionButton variant="primary" label={t('cobrowse:panel.retry')} onClick={() => void useCobrowseStore.getState().start(client, customerId)} testId="cobrowse-retry" />
        </FormActions>
      </Shell>
    );
  }
  if (status === null) return null;
  if (status.customerId !== customerId) {
    if (status.state === 'ended') return null;
    return (
      <p className="hint cobrowse-elsewhere" data-testid="cobrowse-elsewhere">
        {t('cobrowse:panel.otherCustomer')}{' '}
        <button type="button" className="button button--small" onClick={() => openCustomer(status.customerId)} data-testid="cobrowse-go-to-other">
          <ExternalLink size={14} aria-hidden="true" />
          {t('cobrowse:panel.goToOther')}
        </button>
      </p>
    );
  }
  return <SessionPanel status={status} customerId={customerId} />;
}

function Shell({ children, failed = false }: { children: ReactNode; failed?: boolean }) {
  const { t } = useT();
  return (
    <section className="card cobrowse" aria-labelledby={TITLE_ID} data-testid="cobrowse-panel" data-state={failed ? 'failed' : 'starting'}>
      <h2 id={TITLE_ID} className="section-title" tabIndex={-1}>
        {t('cobrowse:panel.title')}
      </h2>
      {children}
    </section>
  );
}

function SessionPanel({ status, customerId }: { status: CobrowseStatus; customerId: string }) {
  const { t } = useT();
  const client = useClient();
  const started = useCobrowseStore((state) => (state.started?.sessionId === status.sessionId ? state.started : null));
  const ending = useCobrowseStore((state) => state.ending);
  const endError = useCobrowseStore((state) => state.endError);
  const focusControls = useCallback(() => document.getElementById('cobrowse-end')?.focus(), []);
  const endKeys = cobrowseKeys('end');
  const { state } = status;

  return (
    <section className="card cobrowse" aria-labelledby={TITLE_ID} data-testid="cobrowse-panel" data-state={state} data-session-id={status.sessionId}>
      <div className="cobrowse__head">
        <h2 id={TITLE_ID} className="section-title" tabIndex={-1}>
          {t('cobrowse:panel.title')}
        </h2>
        <StatePill status={status} />
      </div>

      {state === 'requested' && status.code !== null ? (
        <>
          <CodeDisplay code={status.code} codeExpiresAt={status.codeExpiresAt} pageOnline={started?.pageOnline ?? false} />
          <p className="hint" role="status" data-testid="cobrowse-waiting">
            {t('cobrowse:state.waiting')}
          </p>
        </>
      ) : null}

      {state === 'live' || state === 'away' ? (
        <>
          <div className="cobrowse__page" data-testid="cobrowse-page">
            <span className="cobrowse__page-label">{t('cobrowse:page.label')}</span>{' '}
            <span className="cobrowse__page-title" data-testid="cobrowse-page-title">
              {status.page?.title ?? ''}
            </span>{' '}
            <span className="cobrowse__page-url" data-testid="cobrowse-page-url">
              {status.page?.url ?? ''}
            </span>
          </div>
          {state === 'away' ? (
            <p className="hint" role="status" data-testid="cobrowse-away">
              {t('cobrowse:state.away')}
            </p>
          ) : null}
          <ControlBar status={status} />
          <LiveView status={status} onLeave={focusControls} />
        </>
      ) : null}

      {state === 'ended' ? (
        <p className="hint" role="status" data-testid="cobrowse-ended" data-reason={status.reason ?? ''}>
          {t(endReasonKey(status.reason))}
        </p>
      ) : null}

      {endError ? <ErrorLine error={endError} testId="cobrowse-end-error" /> : null}

      <FormActions>
        {state === 'ended' ? (
          <>
            <ActionButton variant="primary" label={t('cobrowse:panel.startAgain')} onClick={() => void useCobrowseStore.getState().start(client, customerId)} testId="cobrowse-start-again" />
            <ActionButton label={t('cobrowse:panel.close')} onClick={() => useCobrowseStore.getState().dismiss()} testId="cobrowse-close" />
          </>
        ) : (
          <button
            type="button"
            id="cobrowse-end"
            className="button button--danger"
            onClick={() => void useCobrowseStore.getState().end(client)}
            disabled={ending}
            aria-busy={ending}
            aria-keyshortcuts={endKeys}
            data-testid="cobrowse-end"
          >
            <ScreenShareOff size={16} aria-hidden="true" />
            {ending ? t('cobrowse:end.busy') : t('cobrowse:end.button')}
          </button>
        )}
        {state === 'ended' ? null : (
          <span className="hint cobrowse__keys">{t('cobrowse:shortcuts.hint', { start: cobrowseKeys('start'), control: cobrowseKeys('control'), end: endKeys })}</span>
        )}
      </FormActions>
    </section>
  );
}

function StatePill({ status }: { status: CobrowseStatus }) {
  const { t } = useT();
  switch (status.state) {
    case 'requested':
      return null;
    case 'live':
      return (
        <Pill tone="accent" testId="cobrowse-state">
          {t('cobrowse:state.live')}
        </Pill>
      );
    case 'away':
      return null;
    case 'ended':
      return <Pill testId="cobrowse-state">{t('cobrowse:state.ended')}</Pill>;
  }
}
