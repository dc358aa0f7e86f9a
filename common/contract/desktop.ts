import { z } from 'zod';
import { LINK_REFUSALS } from '../links/parse-link.ts';
import { isAccelerator } from '../desktop/accelerators.ts';
import { CustomerId } from './data.ts';

// The desktop side of the console: links opened from outside (`links.open`), the OS notifications
// main decides on (shown by the Electron shell itself, or by the web shell's page as Web
// Notifications) and the global shortcuts' settings and their registration.

export const LinkOpenRequest = z.strictObject({ url: z.string().max(4_000) });
export const LinkRefusal = z.enum(LINK_REFUSALS);
export type LinkRefusal = z.infer<typeof LinkRefusal>;
export const LinkOpenResponse = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), kind: z.enum(['enroll', 'dial']) }),
  z.strictObject({ ok: z.literal(false), reason: LinkRefusal }),
]);
export type LinkOpenResponse = z.infer<typeof LinkOpenResponse>;

/** Where a click on a notification takes the agent. */
export const NotificationTarget = z.discriminatedUnion('view', [
  z.strictObject({ view: z.literal('customer'), customerId: CustomerId }),
  z.strictObject({ view: z.literal('escalations'), escalationId: z.string().min(1).max(100) }),
  z.strictObject({ view: z.literal('callbacks') }),
  z.strictObject({ view: z.literal('phone'), callId: z.string().min(1).max(200) }),
]);
export type NotificationTarget = z.infer<typeof NotificationTarget>;

export const NotificationAction = z.enum(['answer', 'decline']);
export type NotificationAction = z.infer<typeof NotificationAction>;

/** One notification for the page to show as a Web Notification (web shell; texts translated by main). */
export const NotificationShow = z.strictObject({
  id: z.string().min(1).max(200),
  title: z.string().max(200),
  body: z.string().max(1_000),
  urgent: z.boolean(),
  actions: z.array(z.strictObject({ action: NotificationAction, title: z.string().max(100) })).max(2),
});
export type NotificationShow = z.infer<typeof NotificationShow>;
export const NotificationClose = z.strictObject({ id: z.string().min(1).max(200) });
export const NotificationAct = z.strictObject({ id: z.string().min(1).max(200), action: z.enum(['click', 'answer', 'decline']) });
export type NotificationAct = z.infer<typeof NotificationAct>;

const Accelerator = z.string().max(100).refine(isAccelerator, { message: 'not a key combination' });

/** Answer, hang up and mute from any application; off until the agent turns them on. */
export const GlobalShortcuts = z.strictObject({
  enabled: z.boolean(),
  answer: Accelerator,
  hangUp: Accelerator,
  mute: Accelerator,
});
export type GlobalShortcuts = z.infer<typeof GlobalShortcuts>;
export const DEFAULT_GLOBAL_SHORTCUTS = {
  enabled: false,
  answer: 'CommandOrControl+Alt+A',
  hangUp: 'CommandOrControl+Alt+H',
  mute: 'CommandOrControl+Alt+M',
} as const satisfies GlobalShortcuts;
export const GLOBAL_SHORTCUT_ACTIONS = ['answer', 'hangUp', 'mute'] as const;
export type GlobalShortcutAction = (typeof GLOBAL_SHORTCUT_ACTIONS)[number];

/** Each shortcut's registration with the OS: `taken` when another application holds the keys. */
export const ShortcutRegistration = z.enum(['off', 'registered', 'taken', 'unsupported']);
export const DesktopStatus = z.strictObject({
  shortcuts: z.strictObject({ answer: ShortcutRegistration, hangUp: ShortcutRegistration, mute: ShortcutRegistration }),
});
export type DesktopStatus = z.infer<typeof DesktopStatus>;

const Empty = z.strictObject({});

/** The desktop's requests (links from outside, notifications, global shortcuts), spread into the contract. */
export const DESKTOP_REQUESTS = {
    /** A link handed to Loket from outside (`loket://enroll…`, `tel:`, `callto:`, `sip:`): enrolment, or the number into the dial pad. */
    'links.open': { request: LinkOpenRequest, response: LinkOpenResponse },
    /** The agent clicked a notification the page showed for main (web shell), or one of its buttons. */
    'notifications.act': { request: NotificationAct, response: z.strictObject({ ok: z.boolean() }) },
    /** Whether each global shortcut is registered with the OS (or taken by another application). */
    'desktop.status': { request: Empty, response: DesktopStatus },
} as const;
