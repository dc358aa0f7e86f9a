// The Home screen's pure decisions (unit-tested without React).

/** The local day around `now`: midnight to the next midnight (23–25 hours on a clock change). */
export function dayBounds(now: number): { dayStart: number; dayEnd: number } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { dayStart: start.getTime(), dayEnd: end.getTime() };
}

/** First contact fix as a fraction of the wrapped-up contacts; null before the first wrap-up. */
export function fcrRate(contacts: { readonly wrappedUp: number; readonly fixed: number }): number | null {
  return contacts.wrappedUp === 0 ? null : contacts.fixed / contacts.wrappedUp;
}

/**
 * The hours the chart shows: the working day (8–18) widened to every hour with a contact, and
 * to the current hour, so an early or late shift sees its own day.
 */
export function chartHours(perHour: readonly number[], currentHour: number): { first: number; last: number } {
  let first = Math.min(8, currentHour);
  let last = Math.max(17, currentHour);
  perHour.forEach((count, hour) => {
    if (count === 0) return;
    first = Math.min(first, hour);
    last = Math.max(last, hour);
  });
  return { first: Math.max(0, first), last: Math.min(perHour.length - 1, last) };
}

/** A callback is overdue when its time has passed. */
export function isOverdue(dueAt: string, now: number): boolean {
  return Date.parse(dueAt) < now;
}
