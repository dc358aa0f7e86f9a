// The identified flow: the shop's back end put a visitor token in `data-visitor`, so the page
// listens on the hub's doorbell. It sends the token and nothing else, ever; the hub rings it when
// an agent asks this customer to co-browse, and the consent prompt opens.
import type { DoorbellMessage, VisitorHello } from '../common/cobrowse/protocol.ts';
import { socketUrl, type SnippetContext } from './context.ts';

/** 4401: the token is wrong or expired — no point in trying again. */
const CLOSE_AUTH = 4401;
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000];

export interface Doorbell {
  close(): void;
}

export function listenOnDoorbell(context: SnippetContext, token: string, onMessage: (message: DoorbellMessage) => void): Doorbell {
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempts = 0;
  const open = () => {
    const current = new WebSocket(socketUrl(context.hub, '/cobrowse/ws/visitor'));
    socket = current;
    current.addEventListener('open', () => {
      attempts = 0;
      const hello: VisitorHello = { t: 'visitor', token };
      current.send(JSON.stringify(hello));
    });
    current.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      try {
        onMessage(JSON.parse(event.data) as DoorbellMessage);
      } catch {
        // not ours to act on
      }
    });
    current.addEventListener('close', (event) => {
      if (stopped || event.code === CLOSE_AUTH) return;
      const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)];
      attempts += 1;
      setTimeout(() => !stopped && open(), delay);
    });
  };
  open();
  return {
    close() {
      stopped = true;
      socket?.close(1000);
    },
  };
}
