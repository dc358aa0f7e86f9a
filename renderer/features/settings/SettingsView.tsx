import { useId, useState, type ReactNode } from 'react';
import { PSEUDO_LANGUAGE, matchUiLanguage } from '../../../common/locales.ts';
import { LanguageSetting, type ThemeSetting } from '../../../common/contract/contract.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { LANGUAGE_OPTIONS, endonym } from '../../i18n/language-names.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { AboutSection } from './AboutSection.tsx';
import { LocalDataSection } from './LocalDataSection.tsx';
import { DesktopSection } from './DesktopSection.tsx';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSaveSettings } from '../../app/use-save-settings.ts';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';

const THEMES: readonly { value: ThemeSetting; label: 'settings:theme.light' | 'settings:theme.dark' | 'settings:theme.system' }[] = [
  { value: 'light', label: 'settings:theme.light' },
  { value: 'dark', label: 'settings:theme.dark' },
  { value: 'system', label: 'settings:theme.system' },
];

/** Other features' settings sections, put in by the frame (frame/screens.tsx). */
export interface SettingsSections {
  /** The hub: sign-in, the session. */
  readonly hub: ReactNode;
  /** The phone: SIP account, devices, calls. */
  readonly phone: ReactNode;
}

export function SettingsView({ sections }: { sections: SettingsSections }) {
  const { t } = useT();
  const settings = useSettingsStore((state) => state.settings);
  const info = useSettingsStore((state) => state.info);
  const languageId = useId();
  const themeName = useId();
  // "Saved" comes in the language just chosen, not the one the click happened in.
  const { save } = useSaveSettings();
  const systemLanguage = endonym(matchUiLanguage([...navigator.languages, info?.osLocale ?? 'en']));

  return (
    <div className="view settings">
      {sections.hub}

      {sections.phone}

      <Panel title={t('settings:language.title')} titleId={`${languageId}-title`}>
        <p id={`${languageId}-hint`} className="hint">
          {t('settings:language.description')}
        </p>
        <select
          id={languageId}
          data-testid="settings-language"
          className="select"
          aria-labelledby={`${languageId}-title`}
          aria-describedby={`${languageId}-hint`}
          value={settings.language}
          onChange={(event) => save({ language: LanguageSetting.parse(event.target.value) })}
        >
          <option value="system">{t('settings:language.system', { language: systemLanguage })}</option>
          {LANGUAGE_OPTIONS.map((option) => (
            <option key={option.code} value={option.code} lang={option.code}>
              {option.name}
            </option>
          ))}
          {info?.development ? <option value={PSEUDO_LANGUAGE}>{t('settings:language.pseudo')}</option> : null}
        </select>
      </Panel>

      <ChoiceGroup
        card
        legend={t('settings:theme.title')}
        name={themeName}
        choices={THEMES.map((theme) => ({ value: theme.value, label: t(theme.label) }))}
        value={settings.theme}
        onChange={(theme) => save({ theme })}
      />

      <DesktopSection />

      <LocalDataSection />

      <Diagnostics />

      <AboutSection />
    </div>
  );
}

function Diagnostics() {
  const { t } = useT();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const [pinging, setPinging] = useState(false);
  const [result, setResult] = useState<{ ms: number; time: Date } | null>(null);

  const ping = () => {
    setPinging(true);
    const started = performance.now();
    client
      .request('diagnostics.ping', { nonce: String(Date.now()) })
      .then(
        (response) => setResult({ ms: performance.now() - started, time: new Date(response.receivedAt) }),
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setPinging(false));
  };

  return (
    <Panel title={t('settings:diagnostics.title')}>
      <p className="hint">{t('settings:diagnostics.description')}</p>
      <FormActions>
        <ActionButton label={t('settings:diagnostics.ping')} busyLabel={t('settings:diagnostics.pinging')} busy={pinging} onClick={ping} />
        <output className="hint" aria-live="polite" data-testid="ping-result">
          {result ? t('settings:diagnostics.result', { ms: result.ms, time: result.time }) : null}
        </output>
      </FormActions>
    </Panel>
  );
}
