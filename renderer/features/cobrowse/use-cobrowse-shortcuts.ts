import { useEffect } from 'react';
import { findShortcut } from '../../app/shortcuts.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { useCobrowseStore } from './cobrowse-store.ts';

/**
 * Alt+Shift+B starts co-browsing with the open customer, Alt+Shift+C asks for control, Alt+Shift+X
 * ends the session (Esc never does: it closes things, and ending must be meant). Active while the
 * customer screen is; the keys and their words are in app/shortcuts.ts.
 */
export function useCobrowseShortcuts(client: LoketClient, customerId: string): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = findShortcut(event);
      if (shortcut?.action.type !== 'cobrowse') return;
      event.preventDefault();
      const store = useCobrowseStore.getState();
      const { status } = store;
      const running = status !== null && status.state !== 'ended';
      switch (shortcut.action.command) {
        case 'start':
          if (!running && store.startingFor === null) void store.start(client, customerId);
          break;
        case 'control':
          if (status?.state === 'live' && status.control === 'off') void store.askControl(client);
          break;
        case 'end':
          if (running) void store.end(client);
          break;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [client, customerId]);
}
