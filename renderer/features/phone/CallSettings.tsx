import { WRAP_UP_SECONDS } from '../../../common/contract/contract.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSaveSettings } from '../../app/use-save-settings.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Field } from '../../ui/Field.tsx';
import { NumberSettingForm } from '../../ui/NumberSettingForm.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { useWholeNumberSetting } from '../../app/use-whole-number-setting.ts';
import { dialCountryOptions } from '../../app/dial-countries.ts';

/** Settings → Phone → Calls: the wrap-up time after a call and the country for local numbers. */
export function CallSettings() {
  const { t } = useT();
  const locale = useLocale();
  const wrapUp = useWholeNumberSetting('wrapUpSeconds', WRAP_UP_SECONDS);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const { save } = useSaveSettings();

  const changeCountry = (code: string) => save({ dialCountry: code });

  return (
    <Panel title={t('phone:settings.calls.title')} testId="phone-call-settings">
      <NumberSettingForm
        label={t('phone:settings.calls.wrapUp')}
        setting={wrapUp}
        bounds={WRAP_UP_SECONDS}
        saveLabel={t('phone:settings.calls.save')}
        message={
          wrapUp.invalid
            ? t('phone:settings.calls.wrapUpInvalid', wrapUp.bounds)
            : wrapUp.saved === 0
              ? t('phone:settings.calls.wrapUpOff')
              : t('phone:settings.calls.wrapUpHint', { count: wrapUp.saved })
        }
        inputTestId="wrap-up-seconds"
        saveTestId="wrap-up-save"
        messageTestId="wrap-up-hint"
      />
      <Field label={t('phone:settings.calls.dialCountry')} hint={t('phone:settings.calls.dialCountryHint')}>
        {(control) => (
          <select {...control} className="select phone-country" value={dialCountry} onChange={(event) => void changeCountry(event.target.value)} data-testid="dial-country">
            {dialCountryOptions(locale, dialCountry).map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Panel>
  );
}
