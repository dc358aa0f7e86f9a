import { z } from 'zod';
import { PSEUDO_LANGUAGE, UI_LANGUAGES } from '../locales.ts';
import {
  CallbackCreateRequest,
  Customer360,
  CustomerAddPhoneRequest,
  CustomerCreateRequest,
  CustomerWriteResponse,
  EscalationCreateRequest,
  OrdersRequest,
  OrdersResponse,
  ReasonsResponse,
  RecentCustomersResponse,
  WrapUpContext,
  WrapUpContextRequest,
  WrapUpRequest,
  WrapUpResponse,
  CustomerId,
  CustomerSearchRequest,
  CustomerSearchResponse,
  CustomersChanged,
  Draft,
  DraftKey,
  DraftSaveRequest,
  NoteAddRequest,
  NoteAddResponse,
  SetAsideItem,
  SignInRequest,
  SyncStatus,
  TimelinePage,
  TimelineRequest,
} from './data.ts';
import { Board, BoardRequest, PeakMode, PeakModeSetRequest } from './board.ts';
import { CallbackList, CallbackOutcomeRequest, CallbacksListRequest, CartFollowUpList, CartOutcomeRequest, OutcomeSaved } from './callbacks.ts';
import { CallerIdentified, CallersResponse } from './caller-id.ts';
import { TransferToExpertRequest, TransferToExpertResponse } from './handoffs.ts';
import { COBROWSE_REQUESTS, CobrowseFrame, CobrowseStatus } from './cobrowse.ts';
import { ACCESS_REQUESTS, AccessStatus } from './access.ts';
import { DEFAULT_GLOBAL_SHORTCUTS, DESKTOP_REQUESTS, DesktopStatus, GlobalShortcuts, LinkRefusal, NotificationClose, NotificationShow, NotificationTarget } from './desktop.ts';
import { ENROLLMENT_REQUESTS } from './enrollments.ts';
import { defineContract } from './define.ts';
import { HomeToday, HomeTodayRequest } from './home.ts';
import {
  DirectoryResponse,
  EscalationDetail,
  EscalationHandBackRequest,
  EscalationIdRequest,
  EscalationInbox,
  EscalationItem,
  EscalationReplyRequest,
  EscalationResolveRequest,
  EscalationSla,
} from './escalations.ts';
import { IceServer, MEDIA_REQUESTS, MediaCommandEvent, PHONE_REQUESTS, PhoneStatus } from './telephony.ts';

// ---- shared value schemas ----------------------------------------------------------------

export const UiLanguageSchema = z.enum(UI_LANGUAGES);
/** `system` follows the OS / browser language; `pseudo` exists only in development builds. */
export const LanguageSetting = z.union([UiLanguageSchema, z.literal('system'), z.literal(PSEUDO_LANGUAGE)]);
export type LanguageSetting = z.infer<typeof LanguageSetting>;

export const ThemeSetting = z.enum(['light', 'dark', 'system']);
export type ThemeSetting = z.infer<typeof ThemeSetting>;

export const RETENTION_DAYS = { min: 1, max: 3_650, default: 30 } as const;

const RetentionDays = z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max);

export const WRAP_UP_SECONDS = { min: 0, max: 600, default: 30 } as const;
const WrapUpSeconds = z.number().int().min(WRAP_UP_SECONDS.min).max(WRAP_UP_SECONDS.max);
/** A media device id from enumerateDevices; empty means the system default. */
const DeviceId = z.string().max(300);
/** ISO 3166 country whose notation numbers typed without a country code are read in. */
const DialCountry = z.string().regex(/^[A-Z]{2}$/);
const IceServers = z.array(IceServer).max(10);

// Every field has its own default, so a settings file written by an older version still reads.
const SETTINGS_FIELDS = {
  language: LanguageSetting,
  theme: ThemeSetting,
  /** History older than this many days is purged from the local cache (the hub keeps it). */
  cacheRetentionDays: RetentionDays,
  microphoneId: DeviceId,
  speakerId: DeviceId,
  /** Where the ringtone plays: often the laptop speaker while the headset is on the desk. */
  ringerId: DeviceId,
  /** STUN/TURN servers for calls; empty by default (no public STUN host is asked about us). */
  iceServers: IceServers,
  /** Presence stays "wrap-up" this long after a call, then returns to available. */
  wrapUpSeconds: WrapUpSeconds,
  dialCountry: DialCountry,
  /** Answer, hang up and mute from any application (desktop app); off by default. */
  globalShortcuts: GlobalShortcuts,
} as const;

export const DEFAULT_SETTINGS = {
  language: 'system',
  theme: 'system',
  cacheRetentionDays: RETENTION_DAYS.default,
  microphoneId: '',
  speakerId: '',
  ringerId: '',
  iceServers: [],
  wrapUpSeconds: WRAP_UP_SECONDS.default,
  dialCountry: 'NL',
  globalShortcuts: DEFAULT_GLOBAL_SHORTCUTS,
} as const satisfies { [K in keyof typeof SETTINGS_FIELDS]: z.input<(typeof SETTINGS_FIELDS)[K]> };

export const Settings = z.strictObject({
  language: SETTINGS_FIELDS.language.default(DEFAULT_SETTINGS.language),
  theme: SETTINGS_FIELDS.theme.default(DEFAULT_SETTINGS.theme),
  cacheRetentionDays: SETTINGS_FIELDS.cacheRetentionDays.default(DEFAULT_SETTINGS.cacheRetentionDays),
  microphoneId: SETTINGS_FIELDS.microphoneId.default(DEFAULT_SETTINGS.microphoneId),
  speakerId: SETTINGS_FIELDS.speakerId.default(DEFAULT_SETTINGS.speakerId),
  ringerId: SETTINGS_FIELDS.ringerId.default(DEFAULT_SETTINGS.ringerId),
  iceServers: SETTINGS_FIELDS.iceServers.default([]),
  wrapUpSeconds: SETTINGS_FIELDS.wrapUpSeconds.default(DEFAULT_SETTINGS.wrapUpSeconds),
  dialCountry: SETTINGS_FIELDS.dialCountry.default(DEFAULT_SETTINGS.dialCountry),
  globalShortcuts: SETTINGS_FIELDS.globalShortcuts.default(DEFAULT_SETTINGS.globalShortcuts),
});
export type Settings = z.infer<typeof Settings>;

// Built without the defaults: a patch that leaves a field out must not reset it.
export const SettingsPatch = z
  .strictObject(SETTINGS_FIELDS)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'empty patch' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** The screens of the console; also the targets of menu and keyboard navigation. */
export const VIEW_IDS = ['home', 'customer', 'search', 'escalations', 'team', 'settings', 'callbacks', 'carts'] as const;
export const ViewId = z.enum(VIEW_IDS);
export type ViewId = z.infer<typeof ViewId>;

export const ShellKind = z.enum(['electron', 'web']);
export type ShellKind = z.infer<typeof ShellKind>;

export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  shell: ShellKind,
  platform: z.string(),
  arch: z.string(),
  versions: z.strictObject({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  /** The OS locale main sees (BCP 47); the renderer uses it when language is `system`. */
  osLocale: z.string(),
  /** Development builds offer the pseudo-locale and other diagnostics. */
  development: z.boolean(),
  /** The console's own log file (redacted; Settings → About shows it), null when not writing one. */
  logFile: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const UiCommand = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('navigate'), view: ViewId }),
  z.strictObject({ command: z.literal('showShortcuts') }),
  /** A phone link from outside: the dial pad opens with the number in it (never dialled by itself). */
  z.strictObject({ command: z.literal('dial'), number: z.string().regex(/^\+?[0-9]{3,20}$/) }),
  /** A link from outside that Loket will not follow: the page says why. */
  z.strictObject({ command: z.literal('linkRefused'), reason: LinkRefusal }),
  /** A click on a notification: the customer, escalation, callbacks or call it is about. */
  z.strictObject({ command: z.literal('open'), target: NotificationTarget }),
]);
export type UiCommand = z.infer<typeof UiCommand>;

/** What the page has open, remembered by main (memory only) so a reloaded page opens it again. */
export const UiState = z.strictObject({ customerId: CustomerId.nullable(), view: ViewId });
export type UiState = z.infer<typeof UiState>;

/** The console's link to the team's hub, as the renderer may see it (no tokens). */
export const HubStatus = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('off') }),
  z.strictObject({ state: z.literal('connecting'), url: z.string() }),
  z.strictObject({
    state: z.literal('signedIn'),
    url: z.string(),
    agent: z.strictObject({ displayName: z.string(), role: z.enum(['first_line', 'second_line', 'expert', 'team_lead', 'overflow', 'admin']), email: z.string() }),
  }),
  z.strictObject({ state: z.literal('error'), url: z.string(), code: z.string() }),
]);
export type HubStatus = z.infer<typeof HubStatus>;

const Empty = z.strictObject({});

// ---- the contract -------------------------------------------------------------------------

export const contract = defineContract({
  requests: {
    'app.info': { request: Empty, response: AppInfo },
    /** The page tells main what it has open (the customer and the screen), after every change. */
    'ui.remember': { request: UiState, response: Empty },
    /** A page that (re)loads asks what it had open; null on a fresh start or after sign-out. */
    'ui.restore': { request: Empty, response: z.strictObject({ state: UiState.nullable() }) },
    'settings.get': { request: Empty, response: Settings },
    'settings.set': { request: SettingsPatch, response: Settings },
    'hub.status': { request: Empty, response: HubStatus },
    // ---- the access life cycle: enrollment, ready, end of access (main/access/) ----
    ...ACCESS_REQUESTS,
    'diagnostics.ping': {
      request: z.strictObject({ nonce: z.string().min(1).max(64) }),
      response: z.strictObject({ nonce: z.string(), receivedAt: z.number().int() }),
    },
    /** Sign in to a hub with a password or a one-time enrollment code (overflow agents). */
    'hub.signIn': { request: SignInRequest, response: HubStatus },
    /** Sign out; `wipe` also deletes every local copy of customer data (cache, key, drafts). */
    'hub.signOut': { request: z.strictObject({ wipe: z.boolean() }), response: HubStatus },
    'customers.search': { request: CustomerSearchRequest, response: CustomerSearchResponse },
    'customers.get': { request: z.strictObject({ id: CustomerId }), response: Customer360 },
    'customers.timeline': { request: TimelineRequest, response: TimelinePage },
    /** A customer's orders, newest first, each with its status progression. */
    'customers.orders': { request: OrdersRequest, response: OrdersResponse },
    /** The customers this agent opened last (newest first), for the search screen. */
    'customers.recent': { request: Empty, response: RecentCustomersResponse },
    /** Remember that the agent opened this customer (for the recent list). */
    'customers.opened': { request: z.strictObject({ id: CustomerId }), response: z.strictObject({ ok: z.boolean() }) },
    /** A new customer (an unknown caller), through the outbox. */
    'customers.create': { request: CustomerCreateRequest, response: CustomerWriteResponse },
    /** A number added to a known customer, through the outbox. */
    'customers.addPhone': { request: CustomerAddPhoneRequest, response: CustomerWriteResponse },
    'notes.add': { request: NoteAddRequest, response: NoteAddResponse },
    /** The hub's contact reasons, with their labels, this agent's most used first. */
    'reasons.list': { request: Empty, response: ReasonsResponse },
    /** The customer's contacts of the last 7 days (repeat-contact warning, first-contact-fix suggestion). */
    'wrapUp.context': { request: WrapUpContextRequest, response: WrapUpContext },
    /** Saves a wrap-up (reasons, outcome, first contact fix, note, order) through the outbox. */
    'wrapUp.save': { request: WrapUpRequest, response: WrapUpResponse },
    'escalations.create': { request: EscalationCreateRequest, response: CustomerWriteResponse },
    'callbacks.create': { request: CallbackCreateRequest, response: CustomerWriteResponse },
    // ---- outbound calls: callbacks and cart follow-ups (read from the hub: they need the hub) ----
    /** Callbacks, mine or the team's, due today, overdue or done (the last 7 days), by due time. */
    'callbacks.list': { request: CallbacksListRequest, response: CallbackList },
    /** How a callback went: reached, wrong number (both close it) or no answer (due again at `rescheduleAt`). */
    'callbacks.outcome': { request: CallbackOutcomeRequest, response: OutcomeSaved },
    /** Abandoned carts to call (older than 48 h, not recovered, contact consent), highest value first. */
    'carts.list': { request: Empty, response: CartFollowUpList },
    /** How a cart follow-up call went: recovered, not interested (both end it) or no answer. */
    'carts.outcome': { request: CartOutcomeRequest, response: OutcomeSaved },
    // ---- the escalation lane (read from the hub: it needs the hub) ----
    /** My escalations, my queue's and the ones I raised (open, and resolved in the last 24 h), oldest first, with the counts. */
    'escalations.inbox': { request: Empty, response: EscalationInbox },
    /** One escalation with its thread of replies. */
    'escalations.get': { request: EscalationIdRequest, response: EscalationDetail },
    'escalations.claim': { request: EscalationIdRequest, response: EscalationItem },
    /** A note to the escalation's thread (it lands in the customer's history too). */
    'escalations.reply': { request: EscalationReplyRequest, response: EscalationDetail },
    /** Back to the queue, unassigned. */
    'escalations.handBack': { request: EscalationHandBackRequest, response: EscalationDetail },
    'escalations.resolve': { request: EscalationResolveRequest, response: EscalationDetail },
    /** Minutes to the SLA per priority (the hub's setting). */
    'escalations.sla': { request: Empty, response: EscalationSla },
    /** Colleagues with presence, languages, skills and office (not me), free ones first. */
    'directory.list': { request: Empty, response: DirectoryResponse },
    'drafts.save': { request: DraftSaveRequest, response: z.strictObject({ savedAt: z.string().nullable() }) },
    'drafts.get': { request: z.strictObject({ key: DraftKey }), response: Draft.nullable() },
    /** The Home screen: my callbacks due today, open escalations, today's calls (missed too), contacts and first contact fix. */
    'home.today': { request: HomeTodayRequest, response: HomeToday },
    // ---- the team lead's board and peak mode (hub reads: they need the hub) ----
    /** The team board: agents by state, live calls, queues, callbacks, reasons and contacts per hour, rates (team leads, admins). */
    'board.get': { request: BoardRequest, response: Board },
    /** Peak mode as it is now (every console asks at start, then follows `hub.live` `peak_mode.changed`). */
    'peakMode.get': { request: Empty, response: PeakMode },
    /** Switch peak mode on (with a preset and a note) or off (team leads, admins). */
    'peakMode.set': { request: PeakModeSetRequest, response: PeakMode },
    // ---- the lead's overflow agents: enrollments, end of access, devices (hub reads: they need the hub) ----
    ...ENROLLMENT_REQUESTS,
    'sync.status': { request: Empty, response: SyncStatus },
    /** Ask for a delta sync now (the console also syncs on every live event and on a timer). */
    'sync.now': { request: Empty, response: SyncStatus },
    'outbox.setAside': { request: Empty, response: z.array(SetAsideItem) },
    /** Drop a write the hub refused, after the agent has read why. */
    'outbox.discard': { request: z.strictObject({ id: z.string().min(1).max(100) }), response: z.array(SetAsideItem) },
    /** Purge history older than the retention setting now (also runs daily). */
    'cache.purge': { request: Empty, response: z.strictObject({ deleted: z.number().int() }) },

    // ---- the softphone (signalling in main) ----
    ...PHONE_REQUESTS,
    /** Who is calling on each call main still tracks (the screen pop after a page reload). */
    'calls.callers': { request: Empty, response: CallersResponse },
    /** "Transfer to expert": the escalation at the hub now, a hand-off for its assignee, then the call to them (blind, or a consult call). */
    'handoffs.transferToExpert': { request: TransferToExpertRequest, response: TransferToExpertResponse },

    // ---- co-browse (main holds the session and the agent's socket; see main/cobrowse/README.md) ----
    ...COBROWSE_REQUESTS,

    // ---- the media bridge (WebRTC in the renderer) ----
    ...MEDIA_REQUESTS,

    // ---- the desktop: links from outside, notifications, global shortcuts (main/links, main/notifications, main/desktop) ----
    ...DESKTOP_REQUESTS,
  },
  events: {
    /** Settings changed (by this window, another window, or the menu). */
    'settings.changed': Settings,
    /** A command from outside the page, e.g. the native menu: navigate, show the shortcut help. */
    'ui.command': UiCommand,
    /** The hub session changed: signing in, signed in, unreachable. */
    'hub.changed': HubStatus,
    /** The access life cycle moved: enrolling steps, ready, active, ending, ended. */
    'access.changed': AccessStatus,
    /** Show a notification main decided on (web shell: the page shows it as a Web Notification). */
    'notifications.show': NotificationShow,
    /** Withdraw a notification: the call stopped ringing, a newer one replaced it. */
    'notifications.close': NotificationClose,
    /** The global shortcuts' registration changed (a setting, another application took the keys). */
    'desktop.changed': DesktopStatus,
    /** Sync state, progress (rows, rows/s, ETA), pending and set-aside writes, cache state. */
    'sync.changed': SyncStatus,
    /** The writes the hub refused changed. */
    'outbox.setAsideChanged': z.array(SetAsideItem),
    /** Customer data in the cache changed (sync, a write, a purge or rebuild). */
    'customers.changed': CustomersChanged,
    /** Who is calling on one inbound call: matches, linked customer and its 360 in one message. */
    'calls.caller': CallerIdentified,
    /** Registration, calls and presence changed. */
    'phone.changed': PhoneStatus,
    /** Main asks one media engine (only the one named in it receives it) to act on a call. */
    'media.command': MediaCommandEvent,
    /** The co-browse session's state, control, code and page changed (also once with state `ended` and its reason). */
    'cobrowse.status': CobrowseStatus,
    /** One recorded frame of the customer's page (`ev` or `part` text, verbatim and in order). */
    'cobrowse.frame': CobrowseFrame,
    /** A live event from the hub the page's live screens react to (inbox, callbacks, board, peak mode): its kind and payload of ids and states. */
    'hub.live': z.strictObject({ kind: z.string().max(100), payload: z.record(z.string(), z.unknown()) }),
  },
});

export type Contract = typeof contract;
export type RequestChannel = keyof Contract['requests'] & string;
/** What a caller may send (before defaults are applied). */
export type RequestOf<C extends RequestChannel> = z.input<Contract['requests'][C]['request']>;
/** What a handler receives (after validation). */
export type ParsedRequestOf<C extends RequestChannel> = z.output<Contract['requests'][C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<Contract['requests'][C]['response']>;
export type EventName = keyof Contract['events'] & string;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const REQUEST_CHANNELS = Object.keys(contract.requests) as RequestChannel[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(contract.requests, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}

/** The Electron IPC channel that carries a contract channel (one ipcMain.handle per channel). */
export function ipcChannel(channel: RequestChannel): string {
  return `loket:${channel}`;
}
export const IPC_EVENT_CHANNEL = 'loket:event';
