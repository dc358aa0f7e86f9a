// When things happen in the demo data: 18 months of history with the seasons a garden and
// supplements shop has (spring garden season, Black Friday, December), busier Mondays, a
// contact centre that is open 8:00–20:00 on weekdays and shorter on Saturday, and web orders
// around the clock with an evening peak.
import { type Random, Weighted } from './random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const HISTORY_MONTHS = 18;

/** The start of the history: `months` before `now`. */
export function historyStart(now: Date, months = HISTORY_MONTHS): Date {
  const start = new Date(now.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}

/**
 * The Black Friday peak the data shows: the last three weeks of November (10–30) of the latest
 * November that lies entirely before `now`. Tests compare this window with the rest.
 */
export function peakWindow(now: Date): { start: Date; end: Date } {
  let year = now.getUTCFullYear();
  if (now.getTime() < Date.UTC(year, 11, 1)) year -= 1;
  return { start: new Date(Date.UTC(year, 10, 10)), end: new Date(Date.UTC(year, 11, 1)) };
}

/** Black Friday: the day after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const first = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 = Sunday
  const firstThursday = 1 + ((4 - first + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

/** Central European (summer) time offset: every office is on CET/CEST. */
export function cetOffset(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return utcMs >= lastSunday(2) && utcMs < lastSunday(9) ? 2 * HOUR : HOUR;
}

/** Local midnight (CET/CEST) of the day `utcMs` falls in, as UTC ms. */
function localDayStart(utcMs: number): number {
  const offset = cetOffset(utcMs);
  const local = utcMs + offset;
  return local - (((local % DAY) + DAY) % DAY) - offset;
}

/** The Black Friday weeks: the shop's and the contact centre's busiest time. */
function isPeak(localMs: number): boolean {
  const date = new Date(localMs);
  return date.getUTCMonth() === 10 && date.getUTCDate() >= 10;
}

/** How busy a day is, relative to an ordinary one. */
function seasonWeight(localMs: number): number {
  const date = new Date(localMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if (month === 10 && day >= 10) {
    const bf = blackFriday(year);
    if (localMs >= bf - 2 * DAY && localMs < bf + 4 * DAY) return 7; // Black Friday to Cyber Monday
    return day < 17 ? 3 : 4;
  }
  if (month === 11 && day <= 20) return 1.5;
  if (month === 11) return 0.8;
  if (month === 0 && day <= 15) return 1.25;
  if (month === 3 || month === 4) return 1.35; // garden season
  if (month === 6 || month === 7) return 0.85;
  return 1;
}

export type Rhythm = 'order' | 'contact';

/** Weekday factors, Sunday first. The contact centre is closed on Sundays. */
const WEEKDAY: Readonly<Record<Rhythm, readonly number[]>> = {
  order: [1.15, 1.1, 1, 1, 1, 0.95, 0.9],
  contact: [0, 1.35, 1.15, 1.05, 1, 0.95, 0.45],
};

/** Local hour profiles (0–23). */
const HOURS: Readonly<Record<Rhythm, readonly number[]>> = {
  order: [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3, 3.2, 3.3, 3.5, 3.3, 3.2, 3.2, 3.3, 3.5, 4, 4.5, 5, 5, 4, 2.5],
  contact: [0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 6, 5.5, 4, 4.5, 5, 4.8, 4.5, 3.5, 2.5, 1.8, 0, 0, 0, 0],
};
/** Saturday: 10:00–16:00. */
const SATURDAY_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 5, 4, 3, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0];

/**
 * Samples times with the shop's rhythm. Day weights, local midnights and weekdays are computed
 * once per day of the history (the benchmark seed samples millions of times); a sample picks a
 * day by rejection, then an hour from the profile.
 */
export class Calendar {
  readonly start: number;
  readonly now: number;
  private readonly firstDay: number;
  private readonly days: number;
  private readonly dayStarts: Float64Array;
  private readonly weekdays: Uint8Array;
  private readonly weights: Readonly<Record<Rhythm, Float64Array>>;
  private readonly max: Readonly<Record<Rhythm, number>>;
  private readonly hours: Readonly<Record<Rhythm | 'saturday', Weighted<number>>>;

  constructor(now: Date, months = HISTORY_MONTHS) {
    this.now = now.getTime();
    this.start = historyStart(now, months).getTime();
    this.firstDay = localDayStart(this.start);
    // A few days past `now`: callbacks are due in the coming days.
    this.days = Math.ceil((this.now - this.firstDay) / DAY) + 8;
    this.dayStarts = new Float64Array(this.days);
    this.weekdays = new Uint8Array(this.days);
    const order = new Float64Array(this.days);
    const contact = new Float64Array(this.days);
    for (let i = 0; i < this.days; i++) {
      const noon = this.firstDay + i * DAY + 12 * HOUR;
      const local = noon + cetOffset(noon);
      const weekday = new Date(local).getUTCDay();
      this.dayStarts[i] = localDayStart(noon);
      this.weekdays[i] = weekday;
      // The business grows: a day at the end of the history is ~35% busier than at the start.
      const growth = 0.85 + 0.3 * Math.min(1, Math.max(0, (noon - this.start) / Math.max(1, this.now - this.start)));
      const season = seasonWeight(local) * growth;
      order[i] = season * (WEEKDAY.order[weekday] ?? 1);
      // Peak questions come on top of the extra orders: discount codes, payments, delivery dates.
      contact[i] = season * (WEEKDAY.contact[weekday] ?? 1) * (isPeak(local) ? 1.5 : 1);
    }
    this.weights = { order, contact };
    this.max = { order: Math.max(...order), contact: Math.max(...contact) };
    const profile = (hours: readonly number[]) => new Weighted(hours.map((weight, hour) => [hour, weight] as const));
    this.hours = { order: profile(HOURS.order), contact: profile(HOURS.contact), saturday: profile(SATURDAY_HOURS) };
  }

  /** Index of the day `utcMs` falls in (close to local midnight; DST shifts do not matter here). */
  private dayIndex(utcMs: number): number {
    return Math.floor((utcMs - this.firstDay) / DAY);
  }

  /**
   * A time in [from, to) following the rhythm; falls back to a plain uniform time when the range
   * has no open hours (a contact on a Sunday-only range).
   */
  sample(rng: Random, rhythm: Rhythm, from: number, to: number): number {
    if (to <= from) return from;
    const weights = this.weights[rhythm];
    const max = this.max[rhythm];
    for (let attempt = 0; attempt < 40; attempt++) {
      const t = rng.between(from, to);
      const day = this.dayIndex(t);
      const weight = weights[day] ?? 0;
      if (rng.next() * max >= weight) continue;
      const profile = rhythm === 'contact' && this.weekdays[day] === 6 ? this.hours.saturday : this.hours[rhythm];
      const placed = (this.dayStarts[day] as number) + profile.pick(rng) * HOUR + rng.int(0, HOUR - 1);
      if (placed >= from && placed < to) return placed;
    }
    return rng.between(from, to);
  }

  /** The next moment the contact centre is open at or after `utcMs` (for contacts that follow an event). */
  nextOpen(rng: Random, utcMs: number): number {
    let day = this.dayIndex(utcMs);
    if (day < 0 || day >= this.days - 4) return utcMs;
    for (let i = 0; i < 4; i++, day++) {
      const dayStart = this.dayStarts[day] as number;
      const weekday = this.weekdays[day] as number;
      if (weekday === 0) continue;
      const [open, close] = weekday === 6 ? [10, 16] : [8, 20];
      const hour = (Math.max(utcMs, dayStart) - dayStart) / HOUR;
      if (hour >= open && hour < close) return Math.max(utcMs, dayStart);
      if (hour < open) return dayStart + open * HOUR + rng.int(0, 3 * HOUR);
    }
    return utcMs;
  }

  /** Relative busyness of the day `utcMs` falls in (1 = an ordinary weekday). */
  weight(rhythm: Rhythm, utcMs: number): number {
    return this.weights[rhythm][this.dayIndex(utcMs)] ?? 0;
  }
}
