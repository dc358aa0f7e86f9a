import WebSocket from 'ws';

// A console's live socket in hub tests: collects the events it is sent, and waits for one.

export interface HubEvent {
  readonly seq: number;
  readonly kind: string;
  readonly payload: Record<string, unknown>;
}

export interface Listener {
  readonly received: HubEvent[];
  /** Resolves with the first event (already received or arriving) that matches; fails after `ms`. */
  waitFor(kind: string, match?: (payload: Record<string, unknown>) => boolean, ms?: number): Promise<HubEvent>;
  /** Whether such an event was received so far. */
  has(kind: string, match?: (payload: Record<string, unknown>) => boolean): boolean;
  close(): void;
}

/** Opens `GET /events` for a token (from `since`, default: live only) once the socket is open. */
export function listenTo(hubUrl: string, token: string, since?: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const query = since === undefined ? '' : `?since=${since}`;
    const ws = new WebSocket(`${hubUrl.replace('http', 'ws')}/events${query}`, { headers: { authorization: `Bearer ${token}` } });
    const received: HubEvent[] = [];
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as HubEvent));
    const find = (kind: string, match?: (payload: Record<string, unknown>) => boolean) => received.find((e) => e.kind === kind && (match?.(e.payload) ?? true));
    ws.once('open', () =>
      resolve({
        received,
        has: (kind, match) => find(kind, match) !== undefined,
        async waitFor(kind, match, ms = 10_000) {
          const end = Date.now() + ms;
          for (;;) {
            const event = find(kind, match);
            if (event) return event;
            if (Date.now() > end) throw new Error(`no ${kind} event within ${ms} ms; got ${received.map((e) => e.kind).join(', ') || 'none'}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
  });
}
