import { z } from 'zod';

// Errors cross every boundary (IPC, socket, later the hub API) as `{code, params}`: never as an
// English sentence. The renderer translates the code (`errors:<code>` in every locale), so an
// agent in Kraków reads the message in Polish and support can still grep one stable code.
export const ERROR_CODES = [
  'request.malformed',
  'request.invalid',
  'request.unknownChannel',
  'sender.forbidden',
  'internal',
  'bridge.disconnected',
  'bridge.timeout',
  'bridge.unauthorized',
  'settings.saveFailed',
  /** No customer data is kept on this computer (no secure key store, or not signed in). */
  'cache.unavailable',
  /** The local copy was damaged and has been rebuilt; the action can be tried again. */
  'cache.rebuilt',
  'customer.notFound',
  /** A phone number typed for a customer (new customer, added number, callback) is not a valid number (`params.phone`). */
  'customer.invalidPhone',
  'hub.notSignedIn',
  /** The hub was needed (no local copy of this) and could not be reached. */
  'hub.unreachable',
  /** The hub refused the request; `params.code` holds the hub's own code. */
  'hub.refused',
  /** The SIP server refused the account's user name or password. */
  'phone.authFailed',
  /** The SIP server cannot be reached (`params.server`). */
  'phone.serverUnreachable',
  /** The connection to the SIP server went silent (no answer to keep-alives). */
  'phone.keepAliveLost',
  /** The SIP server answered with an error (`params.status`). */
  'phone.serverRefused',
  /** No SIP account is set up. */
  'phone.notConfigured',
  'phone.notRegistered',
  /** What was typed in the dial pad is not a number we can call (`params.target`). */
  'phone.badNumber',
  /** The call is gone (ended meanwhile). */
  'phone.noCall',
  /** The action does not fit the call's state (e.g. hold while ringing). */
  'phone.wrongState',
  /** No console window is open to carry the call's audio. */
  'phone.noMedia',
  /** The microphone could not be opened (`params.reason`). */
  'phone.microphoneBlocked',
  /** The far end or the server refused the call or transfer (`params.status`). */
  'phone.callFailed',
  /** The wrap-up time can be extended once, while it runs (it ran out, or was extended already). */
  'phone.wrapUpNotExtendable',
  /** "Transfer to expert": nobody of the queue was free, the escalation waits in the queue (`params.queue`). */
  'handoff.noAssignee',
  /** "Transfer to expert": the colleague has no phone extension to transfer to (`params.name`). */
  'handoff.noExtension',
  /** Co-browse: the session asked about has ended (or was never this console's). */
  'cobrowse.ended',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type ErrorParams = z.infer<typeof ErrorParams>;

export const ErrorPayload = z.strictObject({ code: ErrorCode, params: ErrorParams });
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** An expected failure with a translatable code. Anything else thrown becomes `internal`. */
export class LoketError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'LoketError';
    this.code = code;
    this.params = params;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, params: this.params };
  }

  static fromPayload(payload: ErrorPayload): LoketError {
    return new LoketError(payload.code, payload.params);
  }
}

/** The reply to every request: a value or a translatable error, never a thrown exception. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const EnvelopeSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ErrorPayload }),
]);
