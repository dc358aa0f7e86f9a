import { z } from 'zod';
import { PSEUDO_LANGUAGE, UI_LANGUAGES } from '../locales.ts';
import {
  Customer360,
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
} from './console-data.ts';
import { defineContract } from './define.ts';

// ---- shared value schemas ----------------------------------------------------------------

export const UiLanguageSchema = z.enum(UI_LANGUAGES);
/** `system` follows the OS / browser language; `pseudo` exists only in development builds. */
export const LanguageSetting = z.union([UiLanguageSchema, z.literal('system'), z.literal(PSEUDO_LANGUAGE)]);
export type LanguageSetting = z.infer<typeof LanguageSetting>;

export const ThemeSetting = z.enum(['light', 'dark', 'system']);
export type ThemeSetting = z.infer<typeof ThemeSetting>;

export const RETENTION_DAYS = { min: 1, max: 3_650, default: 30 } as const;

const RetentionDays = z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max);

export const Settings = z.strictObject({
  language: LanguageSetting,
  theme: ThemeSetting,
  /** History older than this many days is purged from the local cache (the hub keeps it). */
  cacheRetentionDays: RetentionDays.default(RETENTION_DAYS.default),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { language: 'system', theme: 'system', cacheRetentionDays: RETENTION_DAYS.default };

// Built without the defaults: a patch that leaves a field out must not reset it.
export const SettingsPatch = z
  .strictObject({ language: LanguageSetting, theme: ThemeSetting, cacheRetentionDays: RetentionDays })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'empty patch' });
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** The screens of the console; also the targets of menu and keyboard navigation. */
export const VIEW_IDS = ['customer', 'search', 'escalations', 'team', 'settings'] as const;
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
});
export type AppInfo = z.infer<typeof AppInfo>;

export const UiCommand = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('navigate'), view: ViewId }),
  z.strictObject({ command: z.literal('showShortcuts') }),
]);
export type UiCommand = z.infer<typeof UiCommand>;

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
    'settings.get': { request: Empty, response: Settings },
    'settings.set': { request: SettingsPatch, response: Settings },
    'hub.status': { request: Empty, response: HubStatus },
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
    'notes.add': { request: NoteAddRequest, response: NoteAddResponse },
    'drafts.save': { request: DraftSaveRequest, response: z.strictObject({ savedAt: z.string().nullable() }) },
    'drafts.get': { request: z.strictObject({ key: DraftKey }), response: Draft.nullable() },
    'sync.status': { request: Empty, response: SyncStatus },
    /** Ask for a delta sync now (the console also syncs on every live event and on a timer). */
    'sync.now': { request: Empty, response: SyncStatus },
    'outbox.setAside': { request: Empty, response: z.array(SetAsideItem) },
    /** Drop a write the hub refused, after the agent has read why. */
    'outbox.discard': { request: z.strictObject({ id: z.string().min(1).max(100) }), response: z.array(SetAsideItem) },
    /** Purge history older than the retention setting now (also runs daily). */
    'cache.purge': { request: Empty, response: z.strictObject({ deleted: z.number().int() }) },
  },
  events: {
    /** Settings changed (by this window, another window, or the menu). */
    'settings.changed': Settings,
    /** A command from outside the page, e.g. the native menu: navigate, show the shortcut help. */
    'ui.command': UiCommand,
    /** The hub session changed: signing in, signed in, unreachable. */
    'hub.changed': HubStatus,
    /** Sync state, progress (rows, rows/s, ETA), pending and set-aside writes, cache state. */
    'sync.changed': SyncStatus,
    /** The writes the hub refused changed. */
    'outbox.setAsideChanged': z.array(SetAsideItem),
    /** Customer data in the cache changed (sync, a write, a purge or rebuild). */
    'customers.changed': CustomersChanged,
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
