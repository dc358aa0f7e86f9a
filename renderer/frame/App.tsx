import { AccessBanner } from '../features/access/AccessBanner.tsx';
import { AccessGate } from '../features/access/AccessGate.tsx';
import { HubSection } from '../features/hub/HubSection.tsx';
import { useCallbackReminders } from '../features/callbacks/use-callback-reminders.ts';
import { PeakModeBanner } from '../features/peak-mode/PeakModeBanner.tsx';
import { useEscalationLink } from '../features/escalations/use-escalation-link.ts';
import { CallArea } from '../features/phone/CallArea.tsx';
import { ScreenPop } from '../features/screen-pop/ScreenPop.tsx';
import { usePhoneLink, usePhoneShortcuts } from '../features/phone/use-phone.ts';
import { useMainNotifications } from './use-main-notifications.ts';
import { useQuitGuard } from './use-quit-guard.ts';
import { CacheNotice } from '../features/sync/CacheNotice.tsx';
import { SyncProgress } from '../features/sync/SyncProgress.tsx';
import { useSyncLink } from '../features/sync/use-sync-link.ts';
import { ToastArea } from '../features/toasts/ToastArea.tsx';
import { NavRail } from './NavRail.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { TopBar } from './TopBar.tsx';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { useApplyLanguage, useApplyTheme, useMainLink, useShortcuts } from './use-frame-effects.ts';
import { VIEWS } from './views.ts';
import { useT } from '../i18n/use-t.ts';

/** The application frame: top bar, navigation, the current screen, toasts, shortcut help. */
export function App() {
  const { t } = useT();
  useMainLink();
  useApplyLanguage();
  useApplyTheme();
  useShortcuts();
  useSyncLink();
  usePhoneLink();
  usePhoneShortcuts();
  useMainNotifications();
  useQuitGuard();
  useEscalationLink();
  useCallbackReminders();
  const viewId = useNavigationStore((state) => state.view);
  const helpOpen = useNavigationStore((state) => state.shortcutHelpOpen);
  const view = VIEWS.find((candidate) => candidate.id === viewId) ?? VIEWS[0];
  if (!view) return null;
  const View = view.component;

  return (
    // Until access is active (a fresh install, enrolment, "ready", access ended) the gate shows
    // its own screens; the password sign-in is the hub feature's form, handed in here.
    <AccessGate passwordSignIn={<HubSection />}>
      <div className="app">
        <a className="skip-link" href="#main">
          {t('frame:skipToContent')}
        </a>
        <TopBar />
        <div className="app__notices">
          <AccessBanner />
          <PeakModeBanner />
          <SyncProgress />
          <CacheNotice />
          <CallArea />
          <ScreenPop />
        </div>
        <NavRail />
        <main id="main" className="main-pane" tabIndex={-1} data-view={view.id}>
          <h1 className="main-pane__title">{t(view.label)}</h1>
          <View />
        </main>
        <ToastArea />
        {helpOpen ? <ShortcutHelp /> : null}
      </div>
    </AccessGate>
  );
}
