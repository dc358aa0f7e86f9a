import { useCallback } from 'react';
import { checkDialTarget } from '../../common/phone.ts';
import { errorMessage } from '../i18n/errors.ts';
import { useT } from '../i18n/use-t.ts';
import { useClient } from './client-context.ts';
import { usePhoneStore } from './stores/phone-store.ts';
import { useSettingsStore } from './stores/settings-store.ts';
import { useToastStore } from './stores/toast-store.ts';

/**
 * Click-to-call for any screen: `const call = useCallNumber(); call('+31612345678')`. The number is
 * checked like the dial pad's; a number that cannot be called, or a refusal, shows as a toast.
 * Resolves with the new call's id, or null when no call was placed.
 */
export function useCallNumber(): (number: string) => Promise<string | null> {
  const client = useClient();
  const { t } = useT();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  return useCallback(
    async (number: string) => {
      const toast = useToastStore.getState().show;
      const check = checkDialTarget(number, dialCountry);
      if (!check.ok) {
        toast('error', check.problem === 'empty' ? t('phone:dialPad.empty') : t('phone:dialPad.invalid', { target: number.trim() }));
        return null;
      }
      try {
        return await usePhoneStore.getState().dial(client, check.target);
      } catch (error) {
        toast('error', errorMessage(t, error));
        return null;
      }
    },
    [client, dialCountry, t],
  );
}
