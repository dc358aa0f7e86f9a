import { PSEUDO_LANGUAGE } from '../../common/locales.ts';

// Numbers, money, durations, dates and names of countries and languages, always through Intl in
// the UI language (not the OS locale): an agent in Kraków with an English Windows reads Polish.
// Pure functions of (value, locale) so they can be tested without React.

// Building an Intl formatter costs about a tenth of a millisecond; a timeline row formats several
// values, and thousands of rows scroll by. Formatters are kept per (locale, options).
const formatters = new Map<string, unknown>();
function cached<T>(kind: string, locale: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}
const numberFormat = (locale: string, options?: Intl.NumberFormatOptions) => cached('n', locale, options, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) => cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

/** The locale to hand to Intl for a UI language; the pseudo-locale formats like English. */
export function intlLocale(language: string | undefined): string {
  if (!language || language === PSEUDO_LANGUAGE || language === 'cimode') return 'en';
  return language;
}

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(value);
}

/** 0..1 → "42 %" / "42%" as the language writes it, whole percents (never 100 % before the end). */
export function formatPercent(fraction: number, locale: string): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const shown = clamped < 1 ? Math.min(Math.floor(clamped * 100), 99) / 100 : 1;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(shown);
}

/** Amounts are stored in cents; the currency decides the decimals shown. */
export function formatMoney(cents: number, currency: string, locale: string): string {
  try {
    return numberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    // An unknown currency code from a shop: still show the amount.
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} ${currency}`;
  }
}

/**
 * A duration for an estimate ("about 3 min left"): seconds under a minute, whole minutes (rounded
 * up) under an hour, then hours and minutes. Built from Intl unit formats, which every runtime
 * has (Intl.DurationFormat is not in Node 20).
 */
export function formatDuration(totalSeconds: number, locale: string): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (rest === 0) return unit(hours, 'hour');
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format([unit(hours, 'hour'), unit(rest, 'minute')]);
}

export function formatDateTime(iso: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return dateFormat(locale, options).format(date);
  } catch (error) {
    // A time zone the hub's database knows but this browser's ICU does not: this console's own.
    if (!(error instanceof RangeError) || options.timeZone === undefined) throw error;
    const { timeZone: _unknown, ...local } = options;
    return dateFormat(locale, local).format(date);
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When something happened, as agents say it on the phone: "5 minutes ago", "yesterday" within a
 * week, and the date and time beyond that. `now` is a parameter so tests pin it.
 */
export function formatWhen(iso: string, now: number, locale: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  const distance = Math.abs(diff);
  if (distance >= 7 * DAY) return formatDateTime(iso, locale);
  const relative = cached('r', locale, undefined, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (distance < MINUTE) return relative.format(0, 'second');
  if (distance < HOUR) return relative.format(Math.trunc(diff / MINUTE), 'minute');
  if (distance < DAY) return relative.format(Math.trunc(diff / HOUR), 'hour');
  return relative.format(Math.trunc(diff / DAY), 'day');
}

/** "NL" → "Netherlands" / "Nederland"; an unknown code stays as it is. */
export function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "nl" → "Dutch" / "Nederlands"; an unknown code stays as it is. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
