import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../db/database.ts';
import type { HubContext } from '../api/route.ts';
import { SessionWatch } from '../events/session-watch.ts';
import { openAgentSocket } from './agent-socket.ts';
import { openCustomerSocket } from './customer-socket.ts';
import { Doorbell } from './doorbell.ts';
import { Heartbeat } from './heartbeat.ts';
import { DEFAULT_LIMITS, type CobrowseLimits } from './limits.ts';
import { CobrowseRelay, DEFAULT_COBROWSE, type CobrowseHub, type CobrowseOptions } from './relay.ts';
import { CobrowseSignals } from './signals.ts';
import { VisitorTokens } from './visitor-tokens.ts';

/** The hub options' co-browse part: every field optional (tests shorten the times and limits). */
export type CobrowseSettings = Partial<Omit<CobrowseOptions, 'limits'>> & { readonly limits?: Partial<CobrowseLimits> };

/** Where the co-browse sockets live: permessage-deflate is offered on these paths only. */
export const COBROWSE_SOCKET_PREFIX = '/cobrowse/ws/';

/**
 * Co-browse in the hub: the relay, the doorbell, visitor tokens and the signals between instances,
 * started and stopped together. Routes reach it through `HubContext.cobrowse`.
 */
export class CobrowseService {
  readonly relay: CobrowseRelay;
  readonly doorbell: Doorbell;
  readonly tokens: VisitorTokens;
  readonly #signals: CobrowseSignals;
  readonly #hub: CobrowseHub;
  #watch: SessionWatch | null = null;
  #heartbeat: Heartbeat;

  constructor(hub: CobrowseHub, secret: Uint8Array, settings: CobrowseSettings = {}) {
    const options: CobrowseOptions = { ...DEFAULT_COBROWSE, ...settings, limits: { ...DEFAULT_LIMITS, ...settings.limits } };
    this.#hub = hub;
    this.#signals = new CobrowseSignals(hub.db);
    this.tokens = new VisitorTokens(secret, hub.now);
    this.doorbell = new Doorbell(hub, this.tokens, this.#signals, options.pingMs);
    this.relay = new CobrowseRelay(hub, options, this.doorbell, this.#signals);
    this.#heartbeat = new Heartbeat(options.pingMs);
  }

  /** Registers the sockets; sessions left running by a previous start end `hub_restart`. */
  async start(app: FastifyInstance, context: HubContext): Promise<void> {
    await this.#signals.start();
    await this.relay.start();
    const watch = new SessionWatch(context, (socket, reason) => {
      // The agent signed out (or was revoked): its socket closes 4401 and the session ends.
      const sessionId = agentSessions.get(socket);
      socket.close(4401, reason);
      if (sessionId) void this.relay.end(sessionId, 'agent_signed_out');
    });
    const agentSessions = new WeakMap<object, string>();
    await watch.start();
    this.#watch = watch;
    this.doorbell.register(app);
    app.get(`${COBROWSE_SOCKET_PREFIX}customer`, { websocket: true, schema: { hide: true } }, (socket, request) => {
      this.#heartbeat.watch(socket);
      openCustomerSocket(this.relay, socket, request);
    });
    app.get(`${COBROWSE_SOCKET_PREFIX}agent`, { websocket: true, schema: { hide: true } }, (socket, request) => {
      this.#heartbeat.watch(socket);
      const sessionId = (request.query as Record<string, unknown> | undefined)?.['session'];
      if (typeof sessionId === 'string') agentSessions.set(socket, sessionId);
      openAgentSocket(this.relay, watch, socket, request);
    });
  }

  async stop(): Promise<void> {
    this.#heartbeat.stop();
    this.doorbell.stop();
    await this.relay.stop();
    await this.#watch?.stop();
    await this.#signals.stop();
  }

  /** The customer a shop names by e-mail or phone (the visitor-token route and the demo shop). */
  async customerBy(db: Queryable, who: { email?: string | undefined; phone?: string | undefined }): Promise<string | null> {
    const rows = who.email
      ? await db.query<{ customer_id: string }>('select customer_id from customer_email where lower(email) = lower($1) limit 1', [who.email])
      : await db.query<{ customer_id: string }>('select customer_id from customer_phone where e164 = $1 limit 1', [who.phone ?? '']);
    return rows[0]?.customer_id ?? null;
  }

  /** A visitor token for a known customer's e-mail (the demo shop acts as the shop's back end). */
  async visitorTokenFor(email: string): Promise<string | null> {
    const customerId = await this.customerBy(this.#hub.db, { email });
    return customerId ? (await this.tokens.mint(customerId)).token : null;
  }
}
