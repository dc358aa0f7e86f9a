import { startCallers } from './app/stores/callers-store.ts';
import { startPeakMode } from './app/stores/peak-mode-store.ts';
import type { LoketClient } from './bridge/index.ts';
import { startCobrowse } from './features/cobrowse/cobrowse-store.ts';
import { startScreenPop } from './features/screen-pop/start-screen-pop.ts';
import { startWrapUps } from './features/wrap-up/wrap-up-store.ts';
import { startUiRestore } from './app/ui-restore.ts';

/**
 * The stores that follow main for the page's lifetime, started once when the app starts (before
 * React renders: a call that rings during the first render is already followed). Nothing
 * subscribes at import. Returns the function that stops them all (for tests).
 */
export function startStores(client: LoketClient): () => void {
  const stops = [startCallers(client), startPeakMode(client), startScreenPop(), startWrapUps(), startCobrowse(client), startUiRestore(client)];
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}
