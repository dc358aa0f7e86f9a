import { useEffect, useRef } from 'react';
import type { EscalationItem } from '../../../common/contract/escalations.ts';
import { useClient } from '../../app/client-context.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useNavigationStore } from '../../app/stores/navigation-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { whenConnected } from '../../bridge/when-connected.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { newsOf, type EscalationNews } from './escalation-model.ts';
import { INBOX_EVENTS, useEscalationStore, type LiveEscalationEvent } from './escalation-store.ts';
import { useOpenEscalationStore } from './open-escalation-store.ts';

/**
 * Live events come in bursts (a creation is also an assignment; a busy team): at most one inbox
 * read per this many ms. The first event after a quiet spell is read at once (no wait before the
 * news), the rest of its burst in one read at the end of the spell.
 */
const MIN_READ_GAP_MS = 100;

const NEWS_TEXTS = {
  assigned: { title: 'escalations:news.assignedTitle', body: 'escalations:news.assignedBody' },
  replied: { title: 'escalations:news.repliedTitle', body: 'escalations:news.repliedBody' },
  resolved: { title: 'escalations:news.resolvedTitle', body: 'escalations:news.resolvedBody' },
} as const satisfies Record<EscalationNews, { title: string; body: string }>;

/**
 * Keeps the inbox (and the navigation's counts) current for the page's lifetime: read at start,
 * when the console signs in, when the link to main or the hub comes back, and when the hub
 * announces an escalation change (at most one read per 100 ms) — never by polling. News for this
 * agent (assigned to me, a reply, my escalation resolved) becomes a toast; main shows the OS
 * notification for an assignment (main/notifications), whose click opens the escalation here.
 */
export function useEscalationLink(): void {
  const client = useClient();
  const { t } = useT();
  const tRef = useRef<T>(t);
  // A click on main's notification of an assignment: that escalation, open.
  useEffect(
    () =>
      client.on('ui.command', (command) => {
        if (command.command !== 'open' || command.target.view !== 'escalations') return;
        useOpenEscalationStore.getState().open(command.target.escalationId);
        useNavigationStore.getState().navigate('escalations');
      }),
    [client],
  );
  useEffect(() => {
    tRef.current = t;
  });
  const signedIn = useHubStore((state) => state.status.state === 'signedIn');
  // The hub's live events sent while it was out of reach are lost: read again when it is back.
  const hubReachable = useSyncStore((state) => state.status?.connection === 'online');

  useEffect(() => {
    const store = useEscalationStore.getState();
    if (!signedIn) {
      store.clear();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRead = 0;
    let waiting: LiveEscalationEvent[] = [];
    const read = () => {
      timer = undefined;
      lastRead = Date.now();
      const events = waiting;
      waiting = [];
      void useEscalationStore
        .getState()
        .load(client)
        .then((inbox) => {
          if (!inbox) return;
          for (const event of events) announce(tRef.current, event, inbox.escalations.find((item) => item.id === event.payload.escalationId));
        });
    };
    const stopLive = client.on('hub.live', (event) => {
      if (!INBOX_EVENTS.test(event.kind)) return;
      waiting.push(event);
      timer ??= setTimeout(read, Math.max(0, lastRead + MIN_READ_GAP_MS - Date.now()));
    });
    const stopConnected = whenConnected(client, read);
    return () => {
      clearTimeout(timer);
      stopLive();
      stopConnected();
    };
  }, [client, signedIn, hubReachable]);
}

function announce(t: T, event: LiveEscalationEvent, item: EscalationItem | undefined): void {
  const news = newsOf(event.kind, event.payload, item);
  if (!news || !item) return;
  const texts = NEWS_TEXTS[news];
  const values = { customer: item.customerName, summary: item.summary, by: String(event.payload.byName ?? item.assignedTo?.name ?? item.createdBy.name) };
  const title = t(texts.title, values);
  const body = t(texts.body, values);
  const open = () => {
    useOpenEscalationStore.getState().open(item.id);
    useNavigationStore.getState().navigate('escalations');
  };
  useToastStore.getState().show('info', `${title}: ${body}`, { label: t('escalations:news.open'), run: open, testId: `escalation-news-${news}` });
}
