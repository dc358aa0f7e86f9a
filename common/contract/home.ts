import { z } from 'zod';
import { CallDirection, CallEndReason } from './telephony.ts';

// The Home screen's one read: the agent's day, from the console's cache (callbacks, escalations,
// contacts with their wrap-ups) and from the softphone (this session's calls, missed ones too).

/** Days after a fixed contact in which a new contact by the same customer makes it no fix. */
export const FCR_REPEAT_DAYS = 7;

/** The agent's local day, as the page knows it (main may run in another time zone in tests). */
export const HomeTodayRequest = z
  .strictObject({
    /** Local midnight that starts the day (ms since epoch). */
    dayStart: z.number().int().nonnegative(),
    /** The next local midnight (23, 24 or 25 hours later). */
    dayEnd: z.number().int().nonnegative(),
  })
  .refine((day) => day.dayEnd > day.dayStart && day.dayEnd - day.dayStart <= 26 * 3_600_000, { message: 'one day' });
export type HomeTodayRequest = z.infer<typeof HomeTodayRequest>;

const Iso = z.string();

/** An open callback of this agent, due today or overdue. */
export const HomeCallback = z.strictObject({
  id: z.string(),
  customerId: z.string(),
  /** Null when the cache does not hold the customer (overflow agents). */
  customerName: z.string().nullable(),
  dueAt: Iso,
  phone: z.string(),
  note: z.string().nullable(),
});
export type HomeCallback = z.infer<typeof HomeCallback>;

/** An open escalation this agent raised or holds. */
export const HomeEscalation = z.strictObject({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  queue: z.string(),
  status: z.string(),
  summary: z.string(),
  createdAt: Iso,
});
export type HomeEscalation = z.infer<typeof HomeEscalation>;

/** A phone call of today, newest first. */
export const HomeCall = z.strictObject({
  /** The call's interaction id. */
  id: z.string(),
  direction: CallDirection,
  /** The other party (E.164 or an extension); for calls of an earlier session, the customer's first number. */
  number: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  startedAt: Iso,
  endedAt: Iso.nullable(),
  /** An inbound call nobody answered (known for this session's calls only). */
  missed: z.boolean(),
  endReason: CallEndReason.nullable(),
});
export type HomeCall = z.infer<typeof HomeCall>;

export const HomeContacts = z.strictObject({
  /** This agent's contacts today (calls answered or made, notes, mails…), missed calls not counted. */
  total: z.number().int().nonnegative(),
  /** Of those, the ones wrapped up (a reason or an outcome recorded). */
  wrappedUp: z.number().int().nonnegative(),
  /**
   * First contact fix: wrapped-up contacts marked solved (first contact fix) whose customer has
   * not contacted again since, within FCR_REPEAT_DAYS days.
   */
  fixed: z.number().int().nonnegative(),
  /** Contacts per hour of the day: 24 numbers (index = hours since dayStart). */
  perHour: z.array(z.number().int().nonnegative()).max(26),
});
export type HomeContacts = z.infer<typeof HomeContacts>;

export const HomeToday = z.strictObject({
  callbacks: z.array(HomeCallback),
  escalations: z.array(HomeEscalation),
  calls: z.array(HomeCall),
  contacts: HomeContacts,
});
export type HomeToday = z.infer<typeof HomeToday>;
