import { Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import type { SyncStatus } from '../../../common/contract/data.ts';
import { RETENTION_DAYS } from '../../../common/contract/contract.ts';
import { useClient } from '../../app/client-context.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { parseWholeNumber, useWholeNumberSetting } from './use-whole-number-setting.ts';

/** A whole number of days within the contract's bounds, or null. */
export function parseRetentionDays(text: string): number | null {
  return parseWholeNumber(text, RETENTION_DAYS);
}

function cacheStateText(t: T, status: SyncStatus | null, now: number, locale: string): string | null {
  if (!status) return null;
  const cache = status.cache;
  switch (cache.state) {
    case 'ready':
    case 'rebuilt': {
      const first = cache.state === 'ready' ? t('settings:localData.state.ready') : t('settings:localData.state.rebuilt');
      return status.lastSyncedAt ? `${first} ${t('settings:localData.state.lastSynced', { time: formatWhen(status.lastSyncedAt, now, locale) })}` : first;
    }
    case 'unavailable':
      switch (cache.reason) {
        case 'noSecretStore':
          return t('settings:localData.state.noSecretStore');
        case 'notSignedIn':
          return t('settings:localData.state.notSignedIn');
        case 'openFailed':
          return t('settings:localData.state.openFailed');
      }
  }
}

/** Settings → Customer data on this computer: how long history is kept, and removing it now. */
export function LocalDataSection() {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const id = useId();
  const toast = useToastStore((state) => state.show);
  const retention = useWholeNumberSetting('cacheRetentionDays', RETENTION_DAYS);
  const syncStatus = useSyncStore((state) => state.status);
  const now = useNow(60_000);
  const [purging, setPurging] = useState(false);
  const [purged, setPurged] = useState<number | null>(null);

  const purge = () => {
    setPurging(true);
    setPurged(null);
    client
      .request('cache.purge', {})
      .then(
        (result) => setPurged(result.deleted),
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setPurging(false));
  };

  const stateText = cacheStateText(t, syncStatus, now, locale);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="local-data-section">
      <h2 id={`${id}-title`} className="section-title">
        {t('settings:localData.title')}
      </h2>
      <p className="hint">{t('settings:localData.description')}</p>
      {stateText ? <p data-testid="local-data-state">{stateText}</p> : null}
      <form className="row row--end" onSubmit={retention.save} noValidate>
        <div className="field">
          <label htmlFor={`${id}-days`} className="field-label">
            {t('settings:localData.retention')}
          </label>
          <input
            id={`${id}-days`}
            className="text-input text-input--number"
            type="number"
            inputMode="numeric"
            min={RETENTION_DAYS.min}
            max={RETENTION_DAYS.max}
            step={1}
            required
            value={retention.value}
            aria-invalid={retention.invalid}
            aria-describedby={`${id}-days-hint`}
            onChange={(event) => {
              retention.edit(event.target.value);
            }}
            data-testid="retention-days"
          />
        </div>
        <button type="submit" className="button" disabled={retention.saving || !retention.dirty} aria-busy={retention.saving} data-testid="retention-save">
          {t('settings:localData.save')}
        </button>
      </form>
      <p id={`${id}-days-hint`} className={retention.invalid ? 'form-error' : 'hint'} role={retention.invalid ? 'alert' : undefined}>
        {retention.invalid ? t('settings:localData.retentionInvalid', retention.bounds) : t('settings:localData.retentionHint', retention.bounds)}
      </p>
      <div className="row">
        <button type="button" className="button" onClick={purge} disabled={purging} aria-busy={purging} data-testid="cache-purge">
          <Trash2 size={16} aria-hidden="true" />
          {purging ? t('settings:localData.purging') : t('settings:localData.purge')}
        </button>
        <output className="hint" aria-live="polite" data-testid="purge-result">
          {purged === null ? null : t('settings:localData.purged', { count: purged })}
        </output>
      </div>
    </section>
  );
}
