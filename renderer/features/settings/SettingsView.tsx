import { useId, useState, type ReactNode } from 'react';
import { PSEUDO_LANGUAGE, matchUiLanguage } from '../../../common/locales.ts';
import { LanguageSetting, type AppInfo, type SettingsPatch, type ThemeSetting } from '../../../common/contract/contract.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { LANGUAGE_OPTIONS, endonym } from '../../i18n/language-names.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { LocalDataSection } from './LocalDataSection.tsx';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT } from '../../i18n/use-t.ts';

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
  const { t, i18n } = useT();
  const client = useClient();
  const settings = useSettingsStore((state) => state.settings);
  const info = useSettingsStore((state) => state.info);
  const update = useSettingsStore((state) => state.update);
  const toast = useToastStore((state) => state.show);
  const languageId = useId();
  const languageHintId = useId();

  const save = (patch: SettingsPatch) => {
    update(client, patch).then(
      // In the language just chosen, not the one the click happened in.
      () => toast('success', i18n.t('settings:saved')),
      (error: unknown) => toast('error', errorMessage(t, error)),
    );
  };
  const systemLanguage = endonym(matchUiLanguage([...navigator.languages, info?.osLocale ?? 'en']));

  return (
    <div className="view settings">
      {sections.hub}

      {sections.phone}

      <section className="card" aria-labelledby={`${languageId}-title`}>
        <h2 id={`${languageId}-title`} className="section-title">
          {t('settings:language.title')}
        </h2>
        <p id={languageHintId} className="hint">
          {t('settings:language.description')}
        </p>
        <select
          id={languageId}
          data-testid="settings-language"
          className="select"
          aria-labelledby={`${languageId}-title`}
          aria-describedby={languageHintId}
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
      </section>

      <fieldset className="card">
        <legend className="section-title">{t('settings:theme.title')}</legend>
        <div className="segmented" role="radiogroup">
          {THEMES.map((theme) => (
            <label key={theme.value} className="segmented__option">
              <input
                type="radio"
                name="theme"
                value={theme.value}
                checked={settings.theme === theme.value}
                onChange={() => save({ theme: theme.value })}
              />
              <span>{t(theme.label)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <LocalDataSection />

      <Diagnostics />

      {info ? (
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title" className="section-title">
            {t('settings:about.title')}
          </h2>
          <dl className="facts">
            <dt>{t('settings:about.version')}</dt>
            <dd>{info.version}</dd>
            <dt>{t('settings:about.shell')}</dt>
            <dd>{info.shell === 'electron' ? t('settings:about.shellElectron') : t('settings:about.shellWeb')}</dd>
            <dt>{t('settings:about.platform')}</dt>
            <dd>{runtimeSummary(info)}</dd>
          </dl>
        </section>
      ) : (
        <p className="hint" role="status">
          {t('common:state.loading')}
        </p>
      )}
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
    <section className="card" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title" className="section-title">
        {t('settings:diagnostics.title')}
      </h2>
      <p className="hint">{t('settings:diagnostics.description')}</p>
      <div className="row">
        <button type="button" className="button" onClick={ping} disabled={pinging} aria-busy={pinging}>
          {pinging ? t('settings:diagnostics.pinging') : t('settings:diagnostics.ping')}
        </button>
        <output className="hint" aria-live="polite" data-testid="ping-result">
          {result ? t('settings:diagnostics.result', { ms: result.ms, time: result.time }) : null}
        </output>
      </div>
    </section>
  );
}

/** Product names and version numbers: the same in every language. */
function runtimeSummary(info: AppInfo): string {
  const parts = [info.platform, info.arch, `Node ${info.versions.node}`];
  if (info.versions.electron) parts.push(`Electron ${info.versions.electron}`);
  return parts.join(' · ');
}
