import { DatabaseZap, LogIn, ShieldOff, X } from 'lucide-react';
import { useNavigationStore } from '../../app/stores/navigation-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import './sync.css';

/**
 * What the agent must know about the local copy of customer data: that there is none (no secure
 * key store, not signed in, could not be opened), or that it was rebuilt after damage.
 */
export function CacheNotice() {
  const { t } = useT();
  const cache = useSyncStore((state) => state.status?.cache);
  const dismissed = useSyncStore((state) => state.rebuiltNoticeDismissed);
  const dismiss = useSyncStore((state) => state.dismissRebuiltNotice);
  const hubState = useHubStore((state) => state.status.state);
  const navigate = useNavigationStore((state) => state.navigate);
  const view = useNavigationStore((state) => state.view);
  if (!cache || cache.state === 'ready') return null;

  if (cache.state === 'rebuilt') {
    if (dismissed) return null;
    return (
      <div className="notice notice--info" role="status" data-testid="cache-notice" data-reason={cache.reason}>
        <DatabaseZap size={18} aria-hidden="true" className="notice__icon" />
        <p className="notice__text">{cache.reason === 'corrupt' ? t('sync:cache.rebuilt.corrupt') : t('sync:cache.rebuilt.keyMismatch')}</p>
        <button type="button" className="icon-button icon-button--small" aria-label={t('common:actions.dismiss')} onClick={dismiss}>
          <X size={16} aria-hidden="true" />
        </button>
      </div>
    );
  }

  switch (cache.reason) {
    case 'noSecretStore':
      return (
        <div className="notice notice--warning" role="status" data-testid="cache-notice" data-reason={cache.reason}>
          <ShieldOff size={18} aria-hidden="true" className="notice__icon" />
          <p className="notice__text">
            <strong>{t('sync:cache.noSecretStore.title')}</strong> {t('sync:cache.noSecretStore.body')}
          </p>
        </div>
      );
    case 'notSignedIn':
      // While a sign-in is under way the prompt would only flicker; on Settings the form is there.
      if (hubState === 'connecting' || hubState === 'signedIn' || view === 'settings') return null;
      return (
        <div className="notice notice--info" role="status" data-testid="cache-notice" data-reason={cache.reason}>
          <LogIn size={18} aria-hidden="true" className="notice__icon" />
          <p className="notice__text">{t('sync:cache.notSignedIn.body')}</p>
          <button type="button" className="button button--small" onClick={() => navigate('settings')}>
            {t('sync:cache.notSignedIn.action')}
          </button>
        </div>
      );
    case 'openFailed':
      return (
        <div className="notice notice--warning" role="status" data-testid="cache-notice" data-reason={cache.reason}>
          <ShieldOff size={18} aria-hidden="true" className="notice__icon" />
          <p className="notice__text">{t('sync:cache.openFailed.body')}</p>
        </div>
      );
  }
}
