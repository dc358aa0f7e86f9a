import { MAX_ACCESS_DAYS } from '../../../common/hub/access.ts';

/** The languages the form offers: the shops' seven (an overflow agent is hired for one of them). */
export const OVERFLOW_LANGUAGES = ['nl', 'de', 'en', 'fr', 'es', 'it', 'pl'] as const;

export interface OverflowDraft {
  readonly displayName: string;
  readonly languages: readonly string[];
  /** `YYYY-MM-DD` from the date input: access lasts to the end of that day, the lead's local time. */
  readonly endDate: string;
}

export type OverflowProblem = 'nameMissing' | 'nameTooLong' | 'languagesMissing' | 'endMissing' | 'endPast' | 'endTooFar';

/** The end of the chosen day, local time, as an ISO moment; null when the date is not one. */
export function accessEndOf(endDate: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  if (!match) return null;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0, 0);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

/** What is wrong with the form, field by field (empty when it may be sent). */
export function overflowProblems(draft: OverflowDraft, now: number): Partial<Record<'displayName' | 'languages' | 'endDate', OverflowProblem>> {
  const problems: Partial<Record<'displayName' | 'languages' | 'endDate', OverflowProblem>> = {};
  const name = draft.displayName.trim();
  if (name === '') problems.displayName = 'nameMissing';
  else if (name.length > 100) problems.displayName = 'nameTooLong';
  if (draft.languages.length === 0) problems.languages = 'languagesMissing';
  const end = accessEndOf(draft.endDate);
  if (!end) problems.endDate = 'endMissing';
  else if (Date.parse(end) <= now) problems.endDate = 'endPast';
  else if (Date.parse(end) - now > MAX_ACCESS_DAYS * 86_400_000) problems.endDate = 'endTooFar';
  return problems;
}

/** `YYYY-MM-DD` of a moment in local time (the date input's value and bounds). */
export function localDate(at: number): string {
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
