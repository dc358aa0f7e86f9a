import { CircleHelp, Globe, Moon, Sun } from 'lucide-react';
import { useEffect, useState } from 'react';
import { LanguageSetting } from '../../common/contract/contract.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LANGUAGE_OPTIONS } from '../i18n/language-names.ts';
import { useHubStore } from '../app/stores/hub-store.ts';
import { PhoneTopBar } from '../features/phone/PhoneTopBar.tsx';
import { ROLE_LABELS } from '../app/roles.ts';
import { SetAsideButton } from '../features/sync/SetAside.tsx';
import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import { useSettingsStore } from '../app/stores/settings-store.ts';
import { useToastStore } from '../app/stores/toast-store.ts';
import { useClient } from '../app/client-context.ts';
import { useConnectionStore } from '../app/stores/connection-store.ts';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { useNow } from '../app/use-now.ts';
import { useT } from '../i18n/use-t.ts';

export function TopBar() {
  const { t, i18n } = useT();
  const client = useClient();
  const setting = useSettingsStore((state) => state.settings.language);
  const update = useSettingsStore((state) => state.update);
  const toast = useToastStore((state) => state.show);
  const openHelp = useNavigationStore((state) => state.setShortcutHelp);
  const dark = useIsDark();

  const change = (patch: Parameters<typeof update>[1]) =>
    update(client, patch).catch((error: unknown) => toast('error', errorMessage(t, error)));
  // The menu shows the language in use; "system" resolves to one of the seven.
  const shown = setting === 'system' ? i18n.language : setting;

  return (
    <header className="top-bar">
      <div className="top-bar__brand" aria-hidden="true">
        <img className="top-bar__logo" src="./favicon.svg" alt="" width={22} height={22} />
        <span className="top-bar__name">{t('common:appName')}</span>
      </div>
      <AgentStatus />
      <PhoneTopBar />
      <div className="top-bar__spacer" />
      <ConnectionIndicator />
      <SyncIndicator />
      <SetAsideButton />
      <button
        type="button"
        className="icon-button"
        data-testid="theme-toggle"
        aria-label={dark ? t('frame:theme.toLight') : t('frame:theme.toDark')}
        title={dark ? t('frame:theme.toLight') : t('frame:theme.toDark')}
        onClick={() => void change({ theme: dark ? 'light' : 'dark' })}
      >
        {dark ? <Sun size={18} aria-hidden="true" /> : <Moon size={18} aria-hidden="true" />}
      </button>
      <label className="language-menu">
        <Globe size={16} aria-hidden="true" />
        <span className="visually-hidden">{t('frame:language.label')}</span>
        <select
          className="language-menu__select"
          value={shown}
          data-testid="language-menu"
          onChange={(event) => void change({ language: LanguageSetting.parse(event.target.value) })}
        >
          {LANGUAGE_OPTIONS.map((option) => (
            <option key={option.code} value={option.code} lang={option.code}>
              {option.name}
            </option>
          ))}
          {shown === 'pseudo' ? <option value="pseudo">{t('settings:language.pseudo')}</option> : null}
        </select>
      </label>
      <button
        type="button"
        className="icon-button"
        aria-label={t('frame:help.open')}
        title={t('frame:help.open')}
        aria-keyshortcuts="?"
        onClick={() => openHelp(true)}
      >
        <CircleHelp size={18} aria-hidden="true" />
      </button>
    </header>
  );
}

/** Who is signed in to the team's hub (presence comes with the softphone). */
function AgentStatus() {
  const { t } = useT();
  const hub = useHubStore((state) => state.status);
  let text: string;
  let tone: 'ok' | 'busy' | 'bad' | 'offline';
  let title: string;
  switch (hub.state) {
    case 'off':
      [text, tone, title] = [t('frame:agentStatus.signedOut'), 'offline', t('frame:agentStatus.hint')];
      break;
    case 'connecting':
      [text, tone, title] = [t('frame:agentStatus.connecting'), 'busy', hub.url];
      break;
    case 'signedIn': {
      const role = t(ROLE_LABELS[hub.agent.role]);
      [text, tone, title] = [hub.agent.displayName, 'ok', t('frame:agentStatus.signedInAs', { name: hub.agent.displayName, role })];
      break;
    }
    case 'error': {
      // A refused account needs the agent (or a lead) to act; an unreachable hub only patience.
      // A revoked device or an ended access is not a sign-in to retry: the access banner says what happens next.
      const ended = hub.code === 'auth.revoked' || hub.code === 'auth.expired';
      const refused = hub.code.startsWith('auth.') || hub.code.startsWith('enrollment.');
      const label = ended ? t('frame:agentStatus.accessEnded') : refused ? t('frame:agentStatus.refused') : t('frame:agentStatus.unreachable');
      [text, tone, title] = [label, 'bad', `${hub.url} · ${hub.code}`];
      break;
    }
  }
  return (
    <div className="agent-status" title={title} data-state={hub.state} data-testid="agent-status">
      <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />
      <span className="visually-hidden">{t('frame:agentStatus.label')}</span>
      <span className="agent-status__text" data-testid="agent-status-text">
        {text}
      </span>
    </div>
  );
}

function ConnectionIndicator() {
  const { t } = useT();
  const status = useConnectionStore((state) => state.status);
  const now = useNow(status.state === 'offline' ? 1_000 : null);
  let text: string;
  let tone: 'ok' | 'busy' | 'bad';
  switch (status.state) {
    case 'connected':
      text = t('frame:connection.connected');
      tone = 'ok';
      break;
    case 'connecting':
      text = t('frame:connection.connecting');
      tone = 'busy';
      break;
    case 'offline':
      text = t('frame:connection.offline', { count: Math.max(1, Math.ceil((status.retryAt - now) / 1_000)) });
      tone = 'bad';
      break;
    case 'unauthorized':
      text = t('frame:connection.unauthorized');
      tone = 'bad';
      break;
  }
  return (
    <div className={`connection connection--${tone}`} role="status" aria-label={t('frame:connection.label')} title={text} data-state={status.state}>
      <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />
      {/* All well is a green dot (its words for screen readers and the tooltip); trouble is spelled out. */}
      <span className={status.state === 'connected' ? 'visually-hidden' : undefined}>{text}</span>
    </div>
  );
}

function useIsDark(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.dataset.theme === 'dark');
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(document.documentElement.dataset.theme === 'dark'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}
