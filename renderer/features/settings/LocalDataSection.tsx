import { Trash2 } from 'lucide-react';
import { useState } from 'react';
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
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { NumberSettingForm } from '../../ui/NumberSettingForm.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { parseWholeNumber, useWholeNumberSetting } from '../../app/use-whole-number-setting.ts';

/** A whole number of days within the contract's bounds, or null. */
export function parseRetentionDays(text: string): number | null {
  return parseWholeNumber(text, RETENTION_DAYS);
}

/** Why there is no customer data on this computer. */
const UNAVAILABLE_TEXTS = {
  noSecretStore: 'settings:localData.state.noSecretStore',
  notSignedIn: 'settings:localData.state.notSignedIn',
  openFailed: 'settings:localData.state.openFailed',
} as const satisfies Record<Extract<SyncStatus['cache'], { state: 'unavailable' }>['reason'], string>;

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
      return t(UNAVAILABLE_TEXTS[cache.reason]);
  }
}

/** Settings → Customer data on this computer: how long history is kept, and removing it now. */
export function LocalDataSection() {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
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
    <Panel title={t('settings:localData.title')} testId="local-data-section">
      <p className="hint">{t('settings:localData.description')}</p>
      {stateText ? <p data-testid="local-data-state">{stateText}</p> : null}
      <NumberSettingForm
        label={t('settings:localData.retention')}
        setting={retention}
        bounds={RETENTION_DAYS}
        saveLabel={t('settings:localData.save')}
        message={retention.invalid ? t('settings:localData.retentionInvalid', retention.bounds) : t('settings:localData.retentionHint', retention.bounds)}
        inputTestId="retention-days"
        saveTestId="retention-save"
      />
      <FormActions>
        <ActionButton icon={Trash2} label={t('settings:localData.purge')} busyLabel={t('settings:localData.purging')} busy={purging} onClick={purge} testId="cache-purge" />
        <output className="hint" aria-live="polite" data-testid="purge-result">
          {purged === null ? null : t('settings:localData.purged', { count: purged })}
        </output>
      </FormActions>
    </Panel>
  );
}
