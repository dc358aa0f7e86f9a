// Pure decisions of the Callbacks screen (unit-tested).

const HOUR_MS = 3_600_000;

const pad = (value: number) => String(value).padStart(2, '0');

/** A local time as a `datetime-local` input's value (YYYY-MM-DDTHH:MM). */
export function toLocalInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** "No answer" tries again at the next full hour by default (14:20 → 15:00). */
export function defaultRetryInput(now: number): string {
  const next = new Date(now + HOUR_MS);
  next.setMinutes(0, 0, 0);
  return toLocalInput(next);
}

/** A `datetime-local` value (the agent's local time) as an ISO time, or null when it is not one. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export type RetryProblem = 'missing' | 'past' | null;

/** What is wrong with the retry time the agent picked (a minute's grace for the past). */
export function retryProblem(value: string, now: number): RetryProblem {
  const iso = localInputToIso(value);
  if (iso === null) return 'missing';
  return Date.parse(iso) < now - 60_000 ? 'past' : null;
}
