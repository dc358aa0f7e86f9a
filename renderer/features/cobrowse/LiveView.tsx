import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { drop } from '../../../common/assert.ts';
import type { CobrowseStatus } from '../../../common/contract/cobrowse.ts';
import { useClient } from '../../app/client-context.ts';
import { useT } from '../../i18n/use-t.ts';
import { useCobrowseStore } from './cobrowse-store.ts';
import { FromViewer, type ToViewer } from './viewer-messages.ts';

/** The console's theme as the frame set it on <html> (`data-theme`), followed as it changes. */
function useConsoleTheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (changed) => {
      const observer = new MutationObserver(changed);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => observer.disconnect();
    },
    () => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'),
  );
}

/** The viewer document, built beside index.html (a second Vite entry, served with its own CSP). */
export const VIEWER_URL = './cobrowse-view.html';

interface LiveViewProps {
  readonly status: CobrowseStatus;
  /** Where focus goes when the agent presses Escape in the view. */
  readonly onLeave: () => void;
}

/**
 * The customer's page, live: the viewer document in an iframe of our own origin (scripts and
 * same-origin, so it can run rrweb's replayer; rrweb's own iframe inside it runs no scripts).
 * This component passes main's frames in and the agent's pointer, clicks, wheel and keys out,
 * talking only to that iframe's window on our origin, every message validated.
 */
export function LiveView({ status, onLeave }: LiveViewProps) {
  const { t } = useT();
  const client = useClient();
  const frame = useRef<HTMLIFrameElement>(null);
  // How often the viewer said it is ready: once per load of the viewer document.
  const [ready, setReady] = useState(0);
  const [showing, setShowing] = useState(false);
  const { sessionId, control } = status;

  const labels = { looking: t('cobrowse:view.looking'), control: t('cobrowse:view.control'), loading: t('cobrowse:view.loading') };
  const labelsKey = JSON.stringify(labels);
  const theme = useConsoleTheme();

  // The viewer's messages: only from our iframe's window, on our own origin, in the agreed shapes.
  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const viewer = frame.current?.contentWindow;
      if (!viewer || event.source !== viewer || event.origin !== window.location.origin) return;
      const parsed = FromViewer.safeParse(event.data);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'ready':
          setReady((count) => count + 1);
          setShowing(false);
          break;
        case 'showing':
          setShowing(message.showing);
          break;
        case 'needSnapshot':
          drop(useCobrowseStore.getState().send(client, { t: 'snapshot' }), () => undefined);
          break;
        case 'send':
          drop(useCobrowseStore.getState().send(client, message.message), () => undefined);
          break;
        case 'leave':
          onLeave();
          break;
        case 'shortcut':
          // The console's own key handlers (screens, phone, co-browse) see it as if pressed here.
          window.dispatchEvent(new KeyboardEvent('keydown', { key: message.key, code: message.code, altKey: message.altKey, shiftKey: message.shiftKey, bubbles: true, cancelable: true }));
          break;
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [client, onLeave]);

  const post = (message: ToViewer) => frame.current?.contentWindow?.postMessage(message, window.location.origin);

  // Texts and control state, whenever the viewer (re)loads or they change.
  useEffect(() => {
    if (!ready) return;
    post({ type: 'setup', labels: JSON.parse(labelsKey) as typeof labels, control, theme });
  }, [ready, labelsKey, control, theme]);

  // The customer's frames, from the moment the viewer listens. A replay starts at a full
  // snapshot, so one is asked for whenever a viewer starts on a live page (also after this page
  // reloaded) or the session changes; a page that resumes after navigating sends its own.
  useEffect(() => {
    if (!ready) return;
    post({ type: 'reset' });
    const off = client.on('cobrowse.frame', (event) => {
      if (event.sessionId === sessionId) post({ type: 'frame', data: event.data });
    });
    const current = useCobrowseStore.getState().status;
    if (current?.sessionId === sessionId && current.state === 'live') drop(useCobrowseStore.getState().send(client, { t: 'snapshot' }), () => undefined);
    return off;
  }, [client, ready, sessionId]);

  return (
    <div className={`cobrowse-view${showing ? ' cobrowse-view--showing' : ''}`} data-testid="cobrowse-view" data-ready={ready > 0} data-showing={showing}>
      <iframe ref={frame} className="cobrowse-view__frame" src={VIEWER_URL} title={t('cobrowse:view.label')} sandbox="allow-scripts allow-same-origin" />
    </div>
  );
}
