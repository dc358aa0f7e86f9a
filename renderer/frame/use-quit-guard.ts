import { useEffect } from 'react';
import { quitQuestion } from '../../common/desktop/quit-guard.ts';
import { usePhoneStore } from '../app/stores/phone-store.ts';
import { useSettingsStore } from '../app/stores/settings-store.ts';
import { useSyncStore } from '../app/stores/sync-store.ts';

/**
 * The web shell's quit guard: closing or reloading the tab while a call is on or writes have not
 * reached the hub asks first (the browser's own `beforeunload` prompt; its text is the browser's).
 * The desktop app asks in main with its own dialog: a `beforeunload` there would silently keep
 * the window open.
 */
export function useQuitGuard(): void {
  const web = useSettingsStore((state) => state.info?.shell === 'web');
  useEffect(() => {
    if (!web) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const calls = usePhoneStore.getState().status?.calls ?? [];
      const question = quitQuestion({
        activeCalls: calls.filter((call) => call.state !== 'ended').length,
        outboxPending: useSyncStore.getState().status?.pending ?? 0,
      });
      if (!question.ask) return;
      event.preventDefault();
      // Older Chromium versions only ask when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [web]);
}
