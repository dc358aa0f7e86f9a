import {
  CalendarClock,
  Mail,
  MessageCircle,
  MessageSquare,
  Package,
  Phone,
  ShoppingCart,
  Star,
  StickyNote,
  TriangleAlert,
  Truck,
  type LucideIcon,
} from 'lucide-react';
import type { TimelineEntry } from '../../../common/contract/data.ts';
import { formatDateTime, formatMoney } from '../../i18n/format.ts';
import type { T } from '../../i18n/use-t.ts';
import { ROLE_LABELS } from '../../app/roles.ts';

// A timeline entry's `data` is a loose record (it comes from the hub's rows through the cache):
// every field is read defensively, and a value we do not know is shown as it is rather than lost.

const CHANNELS = {
  phone: 'customer:timeline.channels.phone',
  email: 'customer:timeline.channels.email',
  chat: 'customer:timeline.channels.chat',
  whatsapp: 'customer:timeline.channels.whatsapp',
  note: 'customer:timeline.channels.note',
} as const;

const DIRECTIONS = {
  inbound: 'customer:timeline.directions.inbound',
  outbound: 'customer:timeline.directions.outbound',
  internal: 'customer:timeline.directions.internal',
} as const;

const OUTCOMES = {
  solved: 'customer:timeline.outcomes.solved',
  follow_up: 'customer:timeline.outcomes.follow_up',
  escalated: 'customer:timeline.outcomes.escalated',
} as const;

const ORDER_STATUSES = {
  placed: 'customer:timeline.orderStatus.placed',
  paid: 'customer:timeline.orderStatus.paid',
  shipped: 'customer:timeline.orderStatus.shipped',
  delivered: 'customer:timeline.orderStatus.delivered',
  returned: 'customer:timeline.orderStatus.returned',
  cancelled: 'customer:timeline.orderStatus.cancelled',
} as const;

const CART_STATUSES = {
  abandoned: 'customer:timeline.cartStatus.abandoned',
  recovered: 'customer:timeline.cartStatus.recovered',
} as const;

const ESCALATION_STATUSES = {
  open: 'customer:timeline.escalationStatus.open',
  claimed: 'customer:timeline.escalationStatus.claimed',
  resolved: 'customer:timeline.escalationStatus.resolved',
} as const;

const CALLBACK_STATUSES = {
  open: 'customer:timeline.callbackStatus.open',
  done: 'customer:timeline.callbackStatus.done',
  cancelled: 'customer:timeline.callbackStatus.cancelled',
} as const;

const CHANNEL_ICONS: Readonly<Record<string, LucideIcon>> = {
  phone: Phone,
  email: Mail,
  chat: MessageSquare,
  whatsapp: MessageCircle,
  note: StickyNote,
};

const KIND_ICONS: Readonly<Record<TimelineEntry['kind'], LucideIcon>> = {
  interaction: MessageSquare,
  order: Package,
  orderEvent: Truck,
  cart: ShoppingCart,
  feedback: Star,
  escalation: TriangleAlert,
  callback: CalendarClock,
};

/** A small label under an entry: a contact reason, first contact fix, transfers. */
export interface EntryTag {
  readonly key: string;
  readonly text: string;
  readonly tone: 'reason' | 'good' | 'plain';
}

export interface EntryText {
  readonly icon: LucideIcon;
  /** What happened, in one short line. */
  readonly title: string;
  /** The words that came with it (a note, a comment, a summary), or null. */
  readonly detail: string | null;
  /** Contact reasons, first contact fix and transfers of an interaction; empty for other kinds. */
  readonly tags: readonly EntryTag[];
}

/** A reason code as words, until the hub's label for it is known: `where_is_my_order` → "Where is my order". */
export function humaniseCode(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a contact reason in the UI language: the hub's label when given, else the code as words. */
export type ReasonLabel = (code: string) => string;

const NO_TAGS: readonly EntryTag[] = [];

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

type LabelKey =
  | (typeof CHANNELS)[keyof typeof CHANNELS]
  | (typeof DIRECTIONS)[keyof typeof DIRECTIONS]
  | (typeof OUTCOMES)[keyof typeof OUTCOMES]
  | (typeof ORDER_STATUSES)[keyof typeof ORDER_STATUSES]
  | (typeof CART_STATUSES)[keyof typeof CART_STATUSES]
  | (typeof ESCALATION_STATUSES)[keyof typeof ESCALATION_STATUSES]
  | (typeof CALLBACK_STATUSES)[keyof typeof CALLBACK_STATUSES]
  | (typeof ROLE_LABELS)[keyof typeof ROLE_LABELS];

/** Looks a code up in a table of keys; a code the table lacks is shown as it is. */
function label(t: T, table: Readonly<Record<string, LabelKey>>, code: unknown): string {
  const value = str(code);
  if (value === null) return '';
  const key = Object.hasOwn(table, value) ? table[value] : undefined;
  return key ? t(key) : value;
}

/** An order's status in the UI language (the header's last order, the history's orders). */
export function orderStatusText(t: T, status: unknown): string {
  return label(t, ORDER_STATUSES, status);
}

function interactionTags(t: T, data: Record<string, unknown>, reasonLabel: ReasonLabel): readonly EntryTag[] {
  const tags: EntryTag[] = [];
  if (Array.isArray(data.reasons)) {
    for (const code of data.reasons) if (str(code)) tags.push({ key: `reason:${code}`, text: reasonLabel(code as string), tone: 'reason' });
  }
  // SQLite hands booleans over as 1 and 0; the hub as true and false. Null: not recorded.
  const fix = data.firstContactFix;
  if (fix === true || fix === 1) tags.push({ key: 'fcf', text: t('timeline:firstContactFix.yes'), tone: 'good' });
  else if (fix === false || fix === 0) tags.push({ key: 'fcf', text: t('timeline:firstContactFix.no'), tone: 'plain' });
  const transfers = num(data.transfers);
  if (transfers !== null && transfers > 0) tags.push({ key: 'transfers', text: t('timeline:transfers', { count: transfers }), tone: 'plain' });
  return tags.length > 0 ? tags : NO_TAGS;
}

/** One line of text for a timeline entry, in the UI language. */
export function describeEntry(t: T, entry: TimelineEntry, locale: string, reasonLabel: ReasonLabel = humaniseCode): EntryText {
  const data = entry.data;
  switch (entry.kind) {
    case 'interaction': {
      const channel = str(data.channel) ?? '';
      const icon = CHANNEL_ICONS[channel] ?? KIND_ICONS.interaction;
      const note = str(data.note);
      const tags = interactionTags(t, data, reasonLabel);
      if (channel === 'note') return { icon, title: t('customer:timeline.channels.note'), detail: note, tags };
      let title = t('customer:timeline.interaction', { channel: label(t, CHANNELS, data.channel), direction: label(t, DIRECTIONS, data.direction) });
      if (str(data.outcome)) title = t('customer:timeline.withOutcome', { text: title, outcome: label(t, OUTCOMES, data.outcome) });
      return { icon, title, detail: note, tags };
    }
    case 'order': {
      const cents = num(data.totalCents);
      const currency = str(data.currency);
      // The steps are shown by the row's stepper; the newest tracking number is the words under it.
      const steps = Array.isArray(data.steps) ? (data.steps as unknown[]) : [];
      const tracking = steps
        .map((step) => (typeof step === 'object' && step !== null ? str((step as Record<string, unknown>).trackingRef) : null))
        .filter((ref): ref is string => ref !== null)
        .at(-1);
      return {
        icon: KIND_ICONS.order,
        title: t('customer:timeline.order', {
          number: str(data.number) ?? '',
          total: cents !== null && currency ? formatMoney(cents, currency, locale) : '',
          status: orderStatusText(t, data.status),
        }),
        detail: tracking ? t('customer:timeline.tracking', { ref: tracking }) : null,
        tags: NO_TAGS,
      };
    }
    case 'orderEvent': {
      const status = orderStatusText(t, data.status);
      const number = str(data.number);
      const title = number ? t('customer:timeline.orderEvent', { number, status }) : t('customer:timeline.orderEventNoNumber', { status });
      const tracking = str(data.trackingRef);
      return { icon: KIND_ICONS.orderEvent, title, detail: tracking ? t('customer:timeline.tracking', { ref: tracking }) : null, tags: NO_TAGS };
    }
    case 'cart': {
      const cents = num(data.valueCents);
      const currency = str(data.currency);
      const status = label(t, CART_STATUSES, data.status);
      return {
        icon: KIND_ICONS.cart,
        title: cents !== null && currency ? t('customer:timeline.cart', { status, value: formatMoney(cents, currency, locale) }) : status,
        detail: null,
        tags: NO_TAGS,
      };
    }
    case 'feedback': {
      const score = num(data.score) ?? 0;
      const kind = str(data.kind);
      const title =
        kind === 'nps'
          ? t('customer:timeline.feedback.nps', { score })
          : kind === 'csat'
            ? t('customer:timeline.feedback.csat', { score })
            : t('customer:timeline.feedback.review', { score });
      return { icon: KIND_ICONS.feedback, title, detail: str(data.comment), tags: NO_TAGS };
    }
    case 'escalation':
      return {
        icon: KIND_ICONS.escalation,
        title: t('customer:timeline.escalation', { queue: label(t, ROLE_LABELS, data.queue), status: label(t, ESCALATION_STATUSES, data.status) }),
        // No summary: the hub's escalation wall keeps it from this agent; say so rather than show nothing.
        detail: data.summary === null ? t('customer:timeline.escalationHidden') : str(data.summary),
        tags: NO_TAGS,
      };
    case 'callback': {
      const due = str(data.dueAt);
      return {
        icon: KIND_ICONS.callback,
        title: t('customer:timeline.callback', {
          phone: str(data.phone) ?? '',
          due: due ? formatDateTime(due, locale) : '',
          status: label(t, CALLBACK_STATUSES, data.status),
        }),
        detail: str(data.note),
        tags: NO_TAGS,
      };
    }
  }
}
