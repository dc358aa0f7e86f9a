import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { WebSocket } from 'ws';
import { COBROWSE_CLOSE, VisitorHello, type DoorbellMessage } from '../../common/cobrowse/protocol.ts';
import type { CobrowseHub } from './relay.ts';
import { Heartbeat } from './heartbeat.ts';
import type { CobrowseSignals } from './signals.ts';
import type { VisitorTokens } from './visitor-tokens.ts';

// The doorbell, `GET /cobrowse/ws/visitor`: an identified customer's page (its visitor token from
// the shop's back end) listens for an agent's co-browse request, before any consent. It is told
// exactly two things: `request` (an agent of this customer asks; the page shows the consent
// prompt) and `request.closed` (that request went live elsewhere, ended or expired). It sends
// nothing after its hello and nothing of the page, ever.

/** The page's first frame must come this soon. */
const HELLO_MS = 5_000;
/** A doorbell row not refreshed for this long belongs to a page (or instance) that is gone. */
const STALE_MS = 60_000;

export class Doorbell {
  readonly #hub: CobrowseHub;
  readonly #tokens: VisitorTokens;
  readonly #signals: CobrowseSignals;
  readonly #byCustomer = new Map<string, Map<WebSocket, string>>();
  readonly #heartbeat: Heartbeat;

  constructor(hub: CobrowseHub, tokens: VisitorTokens, signals: CobrowseSignals, pingMs: number) {
    this.#hub = hub;
    this.#tokens = tokens;
    this.#signals = signals;
    this.#heartbeat = new Heartbeat(pingMs, () => void this.#refresh());
    signals.subscribe((signal) => {
      if (signal.kind === 'ring') {
        this.#send(signal.customerId, { t: 'request', sessionId: signal.sessionId, customerKey: signal.customerKey, agentName: signal.agentName, expiresAt: signal.expiresAt });
      } else if (signal.kind === 'closed') {
        this.#send(signal.customerId, { t: 'request.closed', sessionId: signal.sessionId });
      }
    });
  }

  register(app: FastifyInstance): void {
    app.get('/cobrowse/ws/visitor', { websocket: true, schema: { hide: true } }, (socket) => this.#open(socket));
  }

  stop(): void {
    this.#heartbeat.stop();
  }

  /** Whether a page of this customer listens right now, on any instance. */
  async pageOnline(customerId: string): Promise<boolean> {
    if (this.#byCustomer.get(customerId)?.size) return true;
    const since = new Date(this.#hub.now().getTime() - STALE_MS);
    const rows = await this.#hub.db.query('select 1 from cobrowse_doorbell where customer_id = $1 and seen_at > $2 limit 1', [customerId, since]);
    return rows.length > 0;
  }

  /** Pushes a request to every open page of the customer, wherever it is connected. */
  ring(signal: { customerId: string; sessionId: string; customerKey: string; agentName: string; expiresAt: string }): Promise<void> {
    return this.#signals.publish({ kind: 'ring', ...signal });
  }

  /** Tells the customer's open pages that a request is over (live elsewhere, ended, expired). */
  closed(customerId: string, sessionId: string): Promise<void> {
    return this.#signals.publish({ kind: 'closed', customerId, sessionId });
  }

  #open(socket: WebSocket): void {
    socket.on('error', () => socket.terminate());
    const timeout = setTimeout(() => socket.close(COBROWSE_CLOSE.auth, 'auth.required'), HELLO_MS);
    timeout.unref();
    socket.once('close', () => clearTimeout(timeout));
    socket.once('message', (data, isBinary) => {
      clearTimeout(timeout);
      void (async () => {
        const hello = isBinary ? null : VisitorHello.safeParse(safeJson(String(data)));
        if (!hello?.success) return socket.close(COBROWSE_CLOSE.protocol, 'cobrowse.protocol');
        const customerId = await this.#tokens.customerOf(hello.data.token);
        if (!customerId) return socket.close(COBROWSE_CLOSE.auth, 'auth.required');
        if (socket.readyState !== socket.OPEN) return;
        const rowId = uuidv7();
        await this.#hub.db.query('insert into cobrowse_doorbell (id, customer_id, seen_at) values ($1, $2, $3)', [rowId, customerId, this.#hub.now()]);
        if (socket.readyState !== socket.OPEN) {
          // The page left while it was being registered.
          await this.#hub.db.query('delete from cobrowse_doorbell where id = $1', [rowId]);
          return;
        }
        let pages = this.#byCustomer.get(customerId);
        if (!pages) this.#byCustomer.set(customerId, (pages = new Map()));
        pages.set(socket, rowId);
        this.#heartbeat.watch(socket);
        // Nothing more is expected from the page: anything it sends is a protocol error.
        socket.on('message', () => socket.close(COBROWSE_CLOSE.protocol, 'cobrowse.protocol'));
        socket.once('close', () => {
          pages.delete(socket);
          if (pages.size === 0) this.#byCustomer.delete(customerId);
          void this.#hub.db.query('delete from cobrowse_doorbell where id = $1', [rowId]).catch(() => undefined);
        });
      })().catch(() => socket.terminate());
    });
  }

  #send(customerId: string, message: DoorbellMessage): void {
    const pages = this.#byCustomer.get(customerId);
    if (!pages) return;
    const frame = JSON.stringify(message);
    for (const socket of pages.keys()) if (socket.readyState === socket.OPEN) socket.send(frame);
  }

  /** Keeps this instance's doorbell rows fresh and drops rows nobody refreshed (a stopped instance). */
  async #refresh(): Promise<void> {
    const now = this.#hub.now();
    const ids = [...this.#byCustomer.values()].flatMap((pages) => [...pages.values()]);
    try {
      if (ids.length > 0) await this.#hub.db.query('update cobrowse_doorbell set seen_at = $2 where id = any($1::uuid[])', [ids, now]);
      await this.#hub.db.query('delete from cobrowse_doorbell where seen_at < $1', [new Date(now.getTime() - STALE_MS)]);
    } catch (error) {
      console.error('[hub] co-browse doorbell refresh failed', error);
    }
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
