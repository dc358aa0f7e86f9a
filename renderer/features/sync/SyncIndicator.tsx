import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { useClient } from '../../app/client-context.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime, formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { indicatorState, indicatorTone, progressFigures, type SyncIndicatorState } from './sync-format.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import './sync.css';

const STATE_TEXTS = {
  offline: 'sync:indicator.offline',
  connecting: 'sync:indicator.connecting',
  initial: 'sync:indicator.catchingUp',
  delta: 'sync:indicator.catchingUp',
  online: 'sync:indicator.online',
} as const satisfies Record<SyncIndicatorState, string>;

/**
 * The console's link to the hub (the ConnectionIndicator next to it is about the local console
 * service): online, offline, syncing, and how many of the agent's writes wait to be sent.
 */
export function SyncIndicator() {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const status = useSyncStore((state) => state.status);
  const receive = useSyncStore((state) => state.receive);
  const [syncing, setSyncing] = useState(false);
  const now = useNow(30_000);
  const signedIn = useHubStore((state) => state.status.state === 'signedIn');
  // Signed out there is no sync to speak of (the agent status says "Not signed in" already),
  // unless writes from before are still waiting.
  if (!status || (!signedIn && status.pending === 0 && status.setAside === 0)) return null;

  const state = indicatorState(status);
  // The first sync says how far it is; every other state is a word or two.
  let text =
    state === 'initial' && status.progress
      ? t('sync:indicator.syncing', { percent: progressFigures(status.progress, locale).percentText })
      : t(STATE_TEXTS[state]);
  if (status.pending > 0) {
    text = t('sync:indicator.withPending', { state: text, pending: t('sync:indicator.pending', { count: status.pending }) });
  }
  const details = [
    status.lastSyncedAt ? t('sync:indicator.lastSynced', { time: formatWhen(status.lastSyncedAt, now, locale) }) : t('sync:indicator.neverSynced'),
  ];
  if (state === 'offline' && status.retryAt) details.push(t('sync:indicator.retryAt', { time: formatDateTime(status.retryAt, locale, { timeStyle: 'medium' }) }));
  if (status.pending > 0) details.push(t('sync:indicator.pendingHint'));
  const tone = indicatorTone(state);

  const syncNow = () => {
    setSyncing(true);
    client
      .request('sync.now', {})
      .then(receive, (error: unknown) => toast('error', errorMessage(t, error)))
      .finally(() => setSyncing(false));
  };

  return (
    <div className="sync-status-group">
      <div
        className={`sync-status sync-status--${tone}`}
        role="status"
        aria-label={t('sync:indicator.label')}
        title={details.join('\n')}
        data-testid="sync-status"
        data-connection={status.connection}
        data-phase={status.phase}
        data-pending={status.pending}
      >
        <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />
        <span>{text}</span>
      </div>
      {state === 'offline' || state === 'connecting' ? (
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label={t('sync:indicator.syncNow')}
          title={t('sync:indicator.syncNow')}
          onClick={syncNow}
          disabled={syncing}
          aria-busy={syncing}
          data-testid="sync-now"
        >
          <RefreshCw size={16} aria-hidden="true" className={syncing ? 'spin' : undefined} />
        </button>
      ) : null}
    </div>
  );
}
