import { useState } from 'react';
import type { SettingsPatch } from '../../common/contract/contract.ts';
import { useClient } from './client-context.ts';
import { errorMessage } from '../i18n/errors.ts';
import { useT } from '../i18n/use-t.ts';
import { useSettingsStore } from './stores/settings-store.ts';
import { useToastStore } from './stores/toast-store.ts';

/**
 * Saves a change to the settings and says how it went in a toast: "Saved" in the language in force
 * once saved (a change of language reads in the new one), or the translated error. `saving` is
 * true while a save runs; `onSaved` runs before the toast (e.g. to drop a draft).
 */
export function useSaveSettings() {
  const { t, i18n } = useT();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const update = useSettingsStore((state) => state.update);
  const [saving, setSaving] = useState(false);

  const save = (patch: SettingsPatch, onSaved?: () => void) => {
    setSaving(true);
    update(client, patch)
      .then(
        () => {
          onSaved?.();
          toast('success', i18n.t('settings:saved'));
        },
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setSaving(false));
  };
  return { saving, save };
}
