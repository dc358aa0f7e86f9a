import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Socket } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HubErrorCode } from '../../common/hub/api.ts';
import { HubError } from './errors.ts';
import { Auth, type Caller } from './auth.ts';
import { AuditJournal } from './audit-journal.ts';
import { SipSecrets } from './sip-secrets.ts';
import { LeaseSigner, leaseSettingsFrom, type LeaseSealing, type LeaseSettings } from './lease-signer.ts';
import { PreparedJson, type HubContext, type RouteDefinition } from './route.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { accessRoutes } from './routes/access-routes.ts';
import { leaseRoutes } from './routes/lease-routes.ts';
import { sipPoolRoutes } from './routes/sip-pool-routes.ts';
import { sendCacheable } from './public-cache.ts';
import { boardRoutes } from './routes/board-routes.ts';
import { callbackRoutes } from './routes/callback-routes.ts';
import { directoryRoutes } from './routes/directory-routes.ts';
import { escalationReadRoutes } from './routes/escalation-read-routes.ts';
import { escalationRoutes } from './routes/escalation-routes.ts';
import { handoffRoutes } from './routes/handoff-routes.ts';
import { customerRoutes } from './routes/customer-routes.ts';
import { cartRoutes } from './routes/cart-routes.ts';
import { cobrowseRoutes } from './routes/cobrowse-routes.ts';
import { customerWriteRoutes } from './routes/customer-write-routes.ts';
import { peakRoutes } from './routes/peak-routes.ts';
import { sipRoutes } from './routes/sip-routes.ts';
import { syncRoutes } from './routes/sync-routes.ts';
import { workRoutes } from './routes/work-routes.ts';
import { registerEventSocket } from '../events/socket.ts';
import { CobrowseService, type CobrowseSettings } from '../cobrowse/service.ts';
import { registerCobrowseHttp, offerDeflateOnlyForCobrowse } from '../cobrowse/http.ts';
import type { Database } from '../db/database.ts';
import { EventBus } from '../events/bus.ts';
import { registerUpdateFeed } from '../updates/update-feed.ts';

/** Every route of the API, in one list: the server, the OpenAPI document and the authorisation tests read it. */
export const ROUTES: readonly RouteDefinition[] = [...authRoutes, ...leaseRoutes, ...accessRoutes, ...sipPoolRoutes, ...sipRoutes, ...customerRoutes, ...customerWriteRoutes, ...workRoutes, ...escalationRoutes, ...escalationReadRoutes, ...directoryRoutes, ...handoffRoutes, ...callbackRoutes, ...peakRoutes, ...cartRoutes, ...boardRoutes, ...cobrowseRoutes, ...syncRoutes];

export interface HubOptions {
  readonly db: Database;
  /** The web shop's key for POST /ingest/events. */
  readonly ingestKey: string;
  /** Token signing secret; by default one shared through the database. */
  readonly secret?: string;
  /**
   * AES-256 key of the SIP passwords at rest (`LOKET_SIP_KEY`, or the data folder's for
   * `npm run hub`). Unlike the signing secret it has no default in the database, which would put
   * it next to what it protects: without it the hub uses a random key for this process only
   * (tests, benchmarks), and SIP passwords stored with that cannot be read after a restart.
   */
  readonly sipKey?: KeyObject;
  readonly now?: () => Date;
  readonly logger?: boolean;
  /** Overrides the login/enroll rate limit (attempts per minute per address). */
  readonly loginAttemptsPerMinute?: number;
  /** Co-browse times and limits (tests shorten them). */
  readonly cobrowse?: CobrowseSettings;
  /** The hub's public URL for enrollment links and leases; default `LOKET_PUBLIC_URL`, else each request's origin. */
  readonly publicUrl?: string;
  /** Offline days in leases; default from `LOKET_OFFLINE_DAYS_OVERFLOW` / `LOKET_OFFLINE_DAYS`. */
  readonly lease?: LeaseSettings;
  /** The desktop app's update feed (`GET /updates/:file`); default `LOKET_UPDATES_DIR`, none: 404. */
  readonly updatesDir?: string;
  /**
   * This instance's audit journal folder (reads' audit lines until they are stored, audit-journal.ts);
   * default `LOKET_AUDIT_JOURNAL_DIR`, else a temporary folder that does not outlive the process.
   */
  readonly auditJournalDir?: string;
}

export interface Hub {
  readonly app: FastifyInstance;
  readonly context: HubContext;
  close(): Promise<void>;
}

/** Builds (does not start) a hub on an open, migrated database. */
export async function buildHub(options: HubOptions): Promise<Hub> {
  const now = options.now ?? (() => new Date());
  const secret = await Auth.loadSecret(options.db, options.secret);
  const auth = new Auth(options.db, secret, now);
  // Before the bus starts listening: a wrong key stops the start with nothing to clean up.
  const sip = options.sipKey ? await SipSecrets.open(options.db, options.sipKey) : SipSecrets.ephemeral();
  // The lease key is sealed with the SIP key when there is one; a hub without one (tests,
  // benchmarks) uses a key derived from the token secret, which every such instance shares.
  const bySecret: LeaseSealing = { kind: 'token-secret', secrets: SipSecrets.derived(secret, 'lease signing key') };
  const sealing: LeaseSealing = options.sipKey ? { kind: 'sip-key', secrets: sip } : bySecret;
  const leases = await LeaseSigner.load(options.db, sealing, bySecret, options.lease ?? leaseSettingsFrom(process.env));
  const publicUrl = (options.publicUrl ?? process.env.LOKET_PUBLIC_URL)?.replace(/\/+$/, '') || null;
  // Before anything answers: what a crashed life of this instance journalled is stored first.
  const auditJournalDir = options.auditJournalDir ?? process.env.LOKET_AUDIT_JOURNAL_DIR;
  const flushDelayMs = Number(process.env.LOKET_AUDIT_FLUSH_MS) || undefined;
  const audit = await AuditJournal.open(options.db, { ...(auditJournalDir ? { dir: auditJournalDir } : {}), ...(flushDelayMs ? { flushDelayMs } : {}) });
  const bus = new EventBus(options.db);
  await bus.start();
  await auth.start();
  const cobrowse = new CobrowseService({ db: options.db, auth, now }, secret, options.cobrowse);
  const context: HubContext = { db: options.db, bus, auth, sip, now, cobrowse, leases, publicUrl, audit };

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    // Refusals made before any route runs (a bad percent escape, too long a path parameter) speak
    // the API's `{code, params}` like every other answer, so a console can translate them.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const plain = reply as unknown as FastifyReply;
      void plain.status(status).header('connection', 'close').send({ code: 'request.invalid', params: { field: '(url)' } });
    },
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('caller', null);

  await app.register(swagger, {
    openapi: { info: { title: 'Loket hub', version: '1' }, components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } },
    transform: jsonSchemaTransform,
  });
  await app.register(rateLimit, { global: false });
  // permessage-deflate for the co-browse sockets only (typing traffic shrinks about tenfold); every
  // other socket is answered without it, so /events never pays a zlib context.
  await app.register(websocket, { options: { maxPayload: 64 * 1024, perMessageDeflate: { threshold: 64 } } });
  offerDeflateOnlyForCobrowse(app);

  app.setErrorHandler((error, _request, reply) => {
    const answer = errorAnswer(error);
    if (answer.status >= 500) {
      app.log.error(error);
      console.error('[hub] request failed', error);
    }
    return reply.status(answer.status).send(answer.body);
  });

  for (const definition of ROUTES) registerRoute(app, definition, context, options);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true, database: options.db.kind }));
  registerUpdateFeed(app, options.updatesDir ?? process.env.LOKET_UPDATES_DIR);
  await registerEventSocket(app, context);
  await cobrowse.start(app, context);
  await registerCobrowseHttp(app, cobrowse);

  await app.ready();
  return {
    app,
    context,
    close: async () => {
      await app.close();
      await cobrowse.stop();
      await bus.stop();
      await auth.stop();
      await audit.close();
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

function registerRoute(app: FastifyInstance, definition: RouteDefinition, context: HubContext, options: HubOptions): void {
  const { ingestKey } = options;
  const { access } = definition;
  app.route({
    method: definition.method,
    url: definition.url,
    schema: {
      summary: definition.summary,
      description: describeAccess(definition),
      ...(definition.schema.body ? { body: definition.schema.body } : {}),
      ...(definition.schema.querystring ? { querystring: definition.schema.querystring } : {}),
      ...(definition.schema.params ? { params: definition.schema.params } : {}),
      response: { [definition.status ?? 200]: definition.schema.response },
      ...(access === 'public' || access === 'ingest' ? {} : { security: [{ bearer: [] }] }),
    },
    ...(definition.rateLimit
      ? {
          config: {
            rateLimit: {
              max: options.loginAttemptsPerMinute ?? definition.rateLimit.max,
              timeWindow: definition.rateLimit.timeWindowMs,
              // Per address (the limit runs before the body is read).
              keyGenerator: (request: FastifyRequest) => request.ip,
            },
          },
        }
      : {}),
    // Authentication and roles come first (onRequest, before the body is validated): a caller who
    // may not use a route learns nothing about what it would accept.
    onRequest: async (request: FastifyRequest) => {
      if (access === 'public') return;
      if (access === 'ingest') {
        const offered = request.headers['x-ingest-key'];
        if (typeof offered !== 'string' || !safeEqual(offered, ingestKey)) throw new HubError(401, 'auth.required');
        return;
      }
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!token) throw new HubError(401, 'auth.required');
      const caller = await context.auth.authenticate(token);
      if (access !== 'authenticated' && !access.includes(caller.role)) throw new HubError(403, 'auth.forbidden', { role: caller.role });
      request.caller = caller;
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await definition.handler(
        {
          caller: request.caller,
          body: request.body as never,
          query: request.query as never,
          params: request.params as never,
          ip: request.ip,
          origin: `${request.protocol}://${request.host}`,
        },
        context,
      );
      if (definition.noStore) reply.header('cache-control', 'no-store');
      if (result instanceof PreparedJson) return reply.status(definition.status ?? 200).type('application/json; charset=utf-8').send(result.text);
      if (definition.publicMaxAgeSeconds !== undefined) return sendCacheable(request, reply, result, definition.publicMaxAgeSeconds);
      return reply.status(definition.status ?? 200).send(result);
    },
  });
}

/**
 * The answer to a request that failed. Only a 5xx is the hub's own failure (and logged, with its
 * stack); everything a request can cause is a 4xx `{code, params}`.
 */
export function errorAnswer(error: unknown): { status: number; body: { code: HubErrorCode; params: Record<string, string | number> } } {
  if (error instanceof HubError) return { status: error.status, body: { code: error.code, params: error.params } };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0];
    const field = issue?.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
    return { status: 400, body: { code: 'request.invalid', params: { field: String(field) } } };
  }
  const status = (error as { statusCode?: number } | null)?.statusCode;
  if (status === 429) return { status: 429, body: { code: 'auth.rateLimited', params: {} } };
  if (status && status >= 400 && status < 500) return { status, body: { code: 'request.invalid', params: { field: '(body)' } } };
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (sqlState === '23503') return { status: 422, body: { code: 'request.invalid', params: { field: 'reference' } } };
  // PostgreSQL's data exceptions (class 22: a value the column cannot hold, a time out of range, a
  // NUL in text) come from what the request carried, which validation should have refused: the
  // client's mistake, not a failure of the hub.
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) return { status: 400, body: { code: 'request.invalid', params: { field: '(value)' } } };
  return { status: 500, body: { code: 'internal', params: {} } };
}

function describeAccess(definition: RouteDefinition): string {
  const { access } = definition;
  if (access === 'public') return 'No token needed.';
  if (access === 'ingest') return 'Needs the `x-ingest-key` header.';
  if (access === 'authenticated') return 'Any signed-in agent.';
  return `Roles: ${access.join(', ')}.`;
}

/**
 * Node's parser refuses a request it cannot read (headers too large, a malformed request line, the
 * leftover of a body after a refusal that closed the connection): answer once, as `{code, params}`,
 * and only when nothing was answered on that connection yet, then close it.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (socket.writable && !answered) {
    const [status, text] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    const body = JSON.stringify({ code: 'request.invalid', params: { field: '(request)' } });
    socket.write(`HTTP/1.1 ${status} ${text}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const HealthResponse = z.object({ ok: z.boolean() });
