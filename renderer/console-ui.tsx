import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { matchUiLanguage } from '../common/locales.ts';
import { App } from './frame/App.tsx';
import { ClientContext } from './app/client-context.ts';
import type { LoketClient } from './bridge/index.ts';
import { createI18n } from './i18n/i18n.ts';
// The tokens, the frame and the kit's sheets after the App's import, so they follow the feature
// sheets its components bring (the order the one global sheet had: the kit wins equal selectors).
import './ui/tokens.css';
import './app/base.css';
import './ui/ui.css';
import { startStores } from './start-stores.ts';

/**
 * The console's UI: the stores that follow main, the translations and React. Its own chunk,
 * loaded by the entry (main.tsx) once the link to main and the media engine run.
 */
export function startStoresNow(client: LoketClient): void {
  startStores(client); // for the page's lifetime: callers, screen pop, wrap-ups
}

export async function renderConsole(client: LoketClient): Promise<void> {
  // Start in the browser's language; the saved setting takes over as soon as main answers.
  const i18n = await createI18n(matchUiLanguage(navigator.languages));
  const container = document.getElementById('root');
  if (!container) throw new Error('#root missing from index.html');
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ClientContext.Provider value={client}>
          <App />
        </ClientContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
}
