import type { z } from 'zod';
import type { Role } from '../../common/hub/roles.ts';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import type { CobrowseService } from '../cobrowse/service.ts';
import type { AuditJournal } from './audit-journal.ts';
import type { Auth, Caller } from './auth.ts';
import type { LeaseSigner } from './lease-signer.ts';
import type { SipSecrets } from './sip-secrets.ts';

/** What every handler may use. */
export interface HubContext {
  readonly db: Database;
  readonly bus: EventBus;
  readonly auth: Auth;
  /** Seals and opens the agents' SIP passwords. */
  readonly sip: SipSecrets;
  readonly now: () => Date;
  /** Co-browse: the relay, the doorbell and visitor tokens. */
  readonly cobrowse: CobrowseService;
  /** Signs the consoles' leases (the hub's time and the agent's access). */
  readonly leases: LeaseSigner;
  /** The hub's public URL (`LOKET_PUBLIC_URL`), or null: then each request's own origin. */
  readonly publicUrl: string | null;
  /** Audit lines of reads: journalled before the answer, stored in batches (audit-journal.ts). */
  readonly audit: AuditJournal;
}

/** `public`: no token; `ingest`: the web shop's ingest key; otherwise the roles allowed. */
export type Access = 'public' | 'ingest' | 'authenticated' | readonly Role[];

export interface RouteSchema {
  readonly body?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly params?: z.ZodType;
  readonly response: z.ZodType;
}

export interface Request<S extends RouteSchema> {
  readonly caller: Caller | null;
  readonly body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
  readonly query: S['querystring'] extends z.ZodType ? z.output<S['querystring']> : undefined;
  readonly params: S['params'] extends z.ZodType ? z.output<S['params']> : undefined;
  readonly ip: string;
  /** The request's own origin (protocol and Host header), e.g. `https://hub.example.com`. */
  readonly origin: string;
}

/**
 * One route of the API: its access rule is data, so the authorisation matrix test can walk every
 * route × role, and the OpenAPI document lists who may call what.
 */
export interface RouteDefinition<S extends RouteSchema = RouteSchema> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly access: Access;
  readonly schema: S;
  readonly status?: number;
  /** Stricter rate limit (login). */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** The answer holds a secret: no cache or proxy on the way may keep a copy. */
  readonly noStore?: boolean;
  /** A public answer shared caches may keep this many seconds (ETag/304, any origin may read it). */
  readonly publicMaxAgeSeconds?: number;
  handler(request: Request<S>, hub: HubContext): Promise<z.input<S['response']> | PreparedJson>;
}

/**
 * An answer the database already wrote as JSON text (a bulk page built by one `json_agg`): sent
 * as it is, without parsing and encoding it again in the hub. The route's response schema still
 * documents its shape; the query that writes it is what keeps to it (and its tests).
 */
export class PreparedJson {
  readonly text: string | Buffer;
  constructor(text: string | Buffer) {
    this.text = text;
  }
}

export function route<S extends RouteSchema>(definition: RouteDefinition<S>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

/** The hub's address as consoles reach it: `LOKET_PUBLIC_URL`, else the request's own origin. */
export function hubUrlOf(request: { origin: string }, hub: HubContext): string {
  return hub.publicUrl ?? request.origin;
}

/** The caller of a route that requires authentication (the guard ran before the handler). */
export function callerOf(request: { caller: Caller | null }): Caller {
  if (!request.caller) throw new Error('route without authentication asked for its caller');
  return request.caller;
}
