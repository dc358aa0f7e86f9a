import { z } from 'zod';
import { ErrorCode } from '../errors.ts';

// The softphone's part of the contract. SIP signalling lives in main (it survives a renderer
// reload and rings while the window is hidden); WebRTC media lives in the renderer. So there are
// two conversations here:
//  - the phone: the renderer observes `phone.changed` and asks main to dial, answer, hold, ...
//  - the media bridge: main asks the renderer's media engine to create and apply session
//    descriptions (`media.command` events, each answered with a `media.result` request).

// ---- the phone as the renderer sees it -----------------------------------------------------

/** How the console stands with the SIP server. `error` codes are translated like any error. */
export const RegistrationState = z.enum([
  /** No SIP account yet (Settings → Phone, or the hub provides one after sign-in). */
  'unconfigured',
  /** Switched off by the agent. */
  'unregistered',
  'connecting',
  'registered',
  /** The connection was lost (or went silent); reconnecting with backoff. */
  'reconnecting',
  /** The server refused the account (wrong password, unknown user): retrying will not help. */
  'failed',
]);
export type RegistrationState = z.infer<typeof RegistrationState>;

/** Why registration failed or was lost: error codes, translated like every other error. */
export const PhoneErrorCode = ErrorCode.extract(['phone.authFailed', 'phone.serverUnreachable', 'phone.keepAliveLost', 'phone.serverRefused']);

export const Registration = z.strictObject({
  state: RegistrationState,
  /** Why the console is not registered, when it is not by choice. */
  error: PhoneErrorCode.nullable(),
  /** When the current state began (ms since epoch), for "reconnecting for 12 s". */
  since: z.number().int(),
  /** The next reconnect attempt (ms since epoch) while reconnecting. */
  retryAt: z.number().int().nullable(),
  /** `1001@pbx.example.com`, shown in the top bar's tooltip. */
  aor: z.string().nullable(),
});
export type Registration = z.infer<typeof Registration>;

export const CallDirection = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirection>;

export const CallState = z.enum([
  /** Inbound, not answered yet. */
  'ringing',
  /** Outbound, INVITE sent, no answer yet (the far end may be ringing). */
  'dialing',
  /** Answered (either side); media being set up or flowing. */
  'active',
  'ended',
]);
export type CallState = z.infer<typeof CallState>;

export const CallEndReason = z.enum([
  'localHangup',
  'remoteHangup',
  'declined',
  'busy',
  'notFound',
  'noAnswer',
  'cancelled',
  'transferred',
  'failed',
  'unavailable',
]);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** Call quality from the renderer's getStats, with a MOS estimate (E-model, 1–4.5). */
export const CallQuality = z.strictObject({
  rttMs: z.number().nullable(),
  jitterMs: z.number().nullable(),
  /** Fraction of packets lost over the last interval, 0–1. */
  loss: z.number().min(0).max(1),
  mos: z.number().min(1).max(5),
  rating: z.enum(['good', 'fair', 'poor']),
});
export type CallQuality = z.infer<typeof CallQuality>;

export const TransferState = z.strictObject({
  kind: z.enum(['blind', 'attended']),
  /** The number or SIP address the call is handed to. */
  target: z.string(),
  state: z.enum(['trying', 'done', 'failed']),
});
export type TransferState = z.infer<typeof TransferState>;

/** The most customers one caller's number opens a chooser for. */
export const MAX_CALLER_MATCHES = 5;
export const CallerMatch = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  country: z.string(),
  /** The customer's language (ISO 639-1): the banner says it before the agent says hello. */
  language: z.string().max(8),
  emails: z.array(z.string()),
});
export type CallerMatch = z.infer<typeof CallerMatch>;

/**
 * The shop line or queue the customer dialled, when the PBX says it: the original called number
 * of the INVITE's Diversion header, or its `To` when that is a phone number (a shop's service
 * number routed to this agent) rather than the agent's own address.
 */
export const DialledLine = z.strictObject({
  /** E.164 where the number allows it, else the SIP user part as sent. */
  number: z.string().min(1).max(64),
  /** The line's or queue's name as the PBX gave it (the header's display name), if any. */
  name: z.string().max(100).nullable(),
  /** Where it came from: `diversion` (the call was forwarded from it) or `to` (dialled directly). */
  via: z.enum(['diversion', 'to']),
});
export type DialledLine = z.infer<typeof DialledLine>;

export const CallView = z.strictObject({
  id: z.string(),
  direction: CallDirection,
  state: CallState,
  /** The other party: E.164 where the number allows it, else the SIP user part. */
  remoteNumber: z.string(),
  remoteName: z.string().nullable(),
  /** SIP Call-ID of the dialog (logged with the interaction). */
  sipCallId: z.string(),
  startedAt: z.number().int(),
  answeredAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  endReason: CallEndReason.nullable(),
  /** Put on hold by this agent. */
  held: z.boolean(),
  muted: z.boolean(),
  /** Media is being renegotiated (renderer re-attached, connection repaired). */
  recovering: z.boolean(),
  /** For a consult call of an attended transfer: the customer's call it belongs to. */
  consultFor: z.string().nullable(),
  transfer: TransferState.nullable(),
  /** How many times this case was handed on (blind or attended). */
  transfers: z.number().int().min(0),
  quality: CallQuality.nullable(),
  /** The interaction this call is logged as (its wrap-up completes it). */
  interactionId: z.uuid(),
  /**
   * The customer the call is about, as linked: the one customer with the caller's number (caller
   * id, `calls.caller`), or the agent's choice. Who else has the number is in `calls.caller`.
   */
  customerId: z.uuid().nullable(),
  /**
   * Inbound calls: the shop line or queue dialled, when the INVITE says it (null: it does not).
   * Absent on outbound calls.
   */
  dialled: DialledLine.nullable().optional(),
});
export type CallView = z.infer<typeof CallView>;

export const PresenceState = z.enum(['available', 'onCall', 'wrapUp', 'break', 'offline']);
export type PresenceState = z.infer<typeof PresenceState>;

/**
 * The wrap-up time after an answered call: the phone offers no new call (the softphone answers
 * 486 Busy Here) until it runs out, the agent saves the call's wrap-up, or presses "Ready".
 */
export const WrapUpPeriod = z.strictObject({
  /** The call it follows, and that call's interaction (what its wrap-up form completes). */
  callId: z.string(),
  interactionId: z.uuid(),
  /** Extended once already: it cannot be extended again. */
  extended: z.boolean(),
  /** How much one extension adds (the configured wrap-up length). */
  extendSeconds: z.number().int().min(0),
});
export type WrapUpPeriod = z.infer<typeof WrapUpPeriod>;

export const Presence = z.strictObject({
  state: PresenceState,
  /** Wrap-up ends by itself at this moment (ms since epoch). */
  until: z.number().int().nullable(),
  /** While in wrap-up: which call it follows and whether it was extended. */
  wrapUp: WrapUpPeriod.optional(),
});
export type Presence = z.infer<typeof Presence>;

export const PhoneStatus = z.strictObject({
  registration: Registration,
  /** Live calls and those ended in the last few seconds (so the UI can show why one ended). */
  calls: z.array(CallView),
  presence: Presence,
  /** A renderer media engine is attached (else calls cannot be answered). */
  mediaAttached: z.boolean(),
});
export type PhoneStatus = z.infer<typeof PhoneStatus>;

// ---- requests -------------------------------------------------------------------------------

const CallId = z.string().min(1).max(100);

/** The agent says which customer a call is about (chooser, new customer, link to existing). */
export const LinkCallRequest = z.strictObject({ callId: CallId, customerId: z.uuid() });

/** What the agent typed in the dial pad or clicked: a number in any notation, or an extension. */
export const DialTarget = z.string().trim().min(1).max(64);

export const DialRequest = z.strictObject({ target: DialTarget });
export const CallRequest = z.strictObject({ callId: CallId });
export const ToggleRequest = z.strictObject({ callId: CallId, on: z.boolean() });
/** RFC 4733 DTMF: digits, `*`, `#`, and A–D. */
export const DtmfRequest = z.strictObject({ callId: CallId, digits: z.string().regex(/^[0-9*#A-Da-d]{1,32}$/) });
export const TransferRequest = z.strictObject({ callId: CallId, target: DialTarget });
export const PresenceRequest = z.strictObject({ state: z.enum(['available', 'break']) });
/** "Ready" (end the wrap-up time now) or "Extend" (once, by the configured length). */
export const WrapUpTimeRequest = z.strictObject({ action: z.enum(['ready', 'extend']) });

/** A SIP account as typed in Settings. The password goes to the key store, never to settings. */
export const SipAccountInput = z.strictObject({
  /** `wss://pbx.example.com:7443` (ws:// only for a server on this machine). */
  server: z.string().trim().url().max(300).refine((url) => /^wss?:\/\//.test(url), { message: 'ws or wss' }),
  /** The user part of the SIP address (the extension), e.g. `1001`. */
  username: z.string().trim().min(1).max(100),
  /** The SIP domain; empty means the server's host name. */
  domain: z.string().trim().max(200),
  /** Empty keeps the stored password. */
  password: z.string().max(200),
  /** The authorisation user when it differs from the username. */
  authorizationUser: z.string().trim().max(100),
  displayName: z.string().trim().max(100),
});
export type SipAccountInput = z.infer<typeof SipAccountInput>;

export const SipAccountView = z.strictObject({
  source: z.enum(['none', 'settings', 'hub']),
  server: z.string(),
  username: z.string(),
  domain: z.string(),
  authorizationUser: z.string(),
  displayName: z.string(),
  hasPassword: z.boolean(),
});
export type SipAccountView = z.infer<typeof SipAccountView>;

// ---- the media bridge -----------------------------------------------------------------------

export const IceServer = z.strictObject({
  urls: z.union([z.string().max(300), z.array(z.string().max(300)).max(5)]),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

const Sdp = z.string().min(1).max(64_000);
export const SessionDescription = z.strictObject({ type: z.enum(['offer', 'answer']), sdp: Sdp });
export type SessionDescription = z.infer<typeof SessionDescription>;

/** What main wants from a description: the renderer turns it into RTCPeerConnection calls. */
export const MediaOptions = z.strictObject({
  /** Offer/answer `sendonly` (we put the call on hold; the customer may still hear hold music). */
  hold: z.boolean(),
  iceRestart: z.boolean(),
  iceServers: z.array(IceServer).max(10),
  /** Full ICE gathering (no trickle over SIP), cut short after this long. */
  iceGatheringTimeoutMs: z.number().int().min(100).max(30_000),
});
export type MediaOptions = z.infer<typeof MediaOptions>;

export const MediaCommand = z.discriminatedUnion('op', [
  /** Create an offer (or an answer when a remote offer is pending); not applied yet. */
  z.strictObject({ op: z.literal('create'), options: MediaOptions }),
  /** Apply a (possibly modified) local description, gather ICE, return the final SDP. */
  z.strictObject({ op: z.literal('setLocal'), description: SessionDescription, options: MediaOptions }),
  z.strictObject({ op: z.literal('setRemote'), description: SessionDescription, options: MediaOptions }),
  z.strictObject({ op: z.literal('rollback') }),
  z.strictObject({ op: z.literal('dtmf'), tones: z.string().max(64), durationMs: z.number().int().min(40).max(6000), gapMs: z.number().int().min(30).max(6000) }),
  z.strictObject({ op: z.literal('mute'), on: z.boolean() }),
  z.strictObject({ op: z.literal('close') }),
  /**
   * A call rings: open the microphone and the call's connection now, so answering has little
   * left to do. With the INVITE's offer the page also answers it ahead (ICE and DTLS with the
   * media relay done while ringing; no microphone on the sender and the far end's audio muted
   * until main applies the same offer and asks for its answer at the click).
   */
  z.strictObject({ op: z.literal('prepare'), options: MediaOptions, offer: Sdp.optional() }),
  /** `create` and `setLocal` of what it created in one step, when main has no modifier to run in between. */
  z.strictObject({ op: z.literal('describe'), options: MediaOptions }),
]);
export type MediaCommand = z.infer<typeof MediaCommand>;
export type MediaOp = MediaCommand['op'];

/** Main → one media engine: do this for that call; answer with `media.result` under `id`. */
export const MediaCommandEvent = z.strictObject({
  engineId: z.string(),
  id: z.number().int().nonnegative(),
  callId: CallId,
  command: MediaCommand,
});
export type MediaCommandEvent = z.infer<typeof MediaCommandEvent>;

/** What each op returns. */
export const MediaResultValue = z.union([SessionDescription, Sdp, z.boolean(), z.null()]);

export const MediaResultRequest = z.strictObject({
  engineId: z.string().min(1).max(100),
  id: z.number().int().nonnegative(),
  ok: z.boolean(),
  value: MediaResultValue.optional(),
  /** A short machine-readable reason when `ok` is false (e.g. `NotAllowedError`). */
  error: z.string().max(300).optional(),
});
export type MediaResultRequest = z.infer<typeof MediaResultRequest>;

/** The renderer's media engine comes up (page load, reload): it owns no calls yet. */
export const MediaAttachRequest = z.strictObject({ engineId: z.string().min(8).max(100) });

/** Raw figures from getStats, every ~2 s per active call; main turns them into `CallQuality`. */
export const MediaStatsReport = z.strictObject({
  engineId: z.string().min(1).max(100),
  callId: CallId,
  at: z.number().int(),
  bytesReceived: z.number().nonnegative(),
  bytesSent: z.number().nonnegative(),
  packetsReceived: z.number().int().nonnegative(),
  packetsLost: z.number().int(),
  jitterMs: z.number().nonnegative().nullable(),
  rttMs: z.number().nonnegative().nullable(),
  /** Time the first RTP packet of this peer connection arrived (ms since epoch). */
  firstPacketAt: z.number().int().nullable(),
});
export type MediaStatsReport = z.infer<typeof MediaStatsReport>;

const Empty = z.strictObject({});

/** The softphone's requests (signalling in main), spread into the contract. */
export const PHONE_REQUESTS = {
    'phone.status': { request: Empty, response: PhoneStatus },
    /** Connect and register with the configured SIP account (also done at start). */
    'phone.register': { request: Empty, response: PhoneStatus },
    'phone.unregister': { request: Empty, response: PhoneStatus },
    /** Call a number in any notation (read in the dial country) or an internal extension. */
    'phone.dial': { request: DialRequest, response: z.strictObject({ callId: z.string() }) },
    'phone.answer': { request: CallRequest, response: PhoneStatus },
    'phone.decline': { request: CallRequest, response: PhoneStatus },
    'phone.hangup': { request: CallRequest, response: PhoneStatus },
    'phone.hold': { request: ToggleRequest, response: PhoneStatus },
    'phone.mute': { request: ToggleRequest, response: PhoneStatus },
    /** Send DTMF tones in the call's media (RFC 4733). */
    'phone.dtmf': { request: DtmfRequest, response: PhoneStatus },
    /** Blind transfer (REFER): the customer is handed on and this call ends. */
    'phone.transfer': { request: TransferRequest, response: PhoneStatus },
    /** Attended transfer, step 1: hold the customer and call the colleague. */
    'phone.consult': { request: TransferRequest, response: z.strictObject({ callId: z.string() }) },
    /** Attended transfer, step 2: join the customer to the colleague (REFER with Replaces). */
    'phone.completeTransfer': { request: CallRequest, response: PhoneStatus },
    /** Attended transfer cancelled: end the consult call and resume the customer. */
    'phone.cancelTransfer': { request: CallRequest, response: PhoneStatus },
    'phone.setPresence': { request: PresenceRequest, response: PhoneStatus },
    /** The wrap-up time after a call: "Ready" ends it now (calls are offered again), "Extend" adds the configured length once. */
    'phone.wrapUpTime': { request: WrapUpTimeRequest, response: PhoneStatus },
    /** Which customer a call is about (when the number matched several or none). */
    'phone.linkCustomer': { request: LinkCallRequest, response: PhoneStatus },
    'phone.account.get': { request: Empty, response: SipAccountView },
    'phone.account.set': { request: SipAccountInput, response: SipAccountView },
} as const;

/** The media bridge's requests (WebRTC in the renderer, signalling in main), spread into the contract. */
export const MEDIA_REQUESTS = {
    /** The renderer's media engine is up (page loaded or reloaded). */
    'media.attach': { request: MediaAttachRequest, response: z.strictObject({ attached: z.boolean() }) },
    /** The answer to a `media.command`. */
    'media.result': { request: MediaResultRequest, response: z.strictObject({ accepted: z.boolean() }) },
    /** getStats figures for an active call. */
    'media.stats': { request: MediaStatsReport, response: z.strictObject({ accepted: z.boolean() }) },
} as const;
