import type { Outcome, ReasonOption, WrapUpContext } from '../../../common/contract/data.ts';
import { REPEAT_CONTACT_DAYS } from '../../../common/contract/data.ts';
// The arrow keys in a list are shared with the screen pop's lists (app/list-keys.ts).
export { moveIndex } from '../../app/list-keys.ts';

// The wrap-up's decisions as pure functions: reason labels, order and filter, the repeat-contact
// warning and the first-contact-fix suggestion (tested without React).

const DAY_MS = 86_400_000;

/** A reason in the UI language: its label, else the English one, else its code. */
export function reasonLabel(reason: Pick<ReasonOption, 'code' | 'labels'>, language: string): string {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
  const label = reason.labels[language] ?? reason.labels[base] ?? reason.labels.en;
  return label !== undefined && label.trim() !== '' ? label : reason.code;
}

/** The agent's most used reasons first; equal use keeps the hub's order. */
export function sortReasons(reasons: readonly ReasonOption[]): ReasonOption[] {
  return reasons
    .map((reason, index) => ({ reason, index }))
    .sort((a, b) => b.reason.uses - a.reason.uses || a.index - b.index)
    .map(({ reason }) => reason);
}

/** Lower case without accents, so "reclamacion" finds "Reclamación". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
}

/**
 * The reasons the filter box lets through: every word typed found in the label (or the code).
 * Reasons already chosen stay in the list, so a filter never hides what will be saved.
 */
export function filterReasons(reasons: readonly ReasonOption[], query: string, language: string, chosen: readonly string[] = []): ReasonOption[] {
  const words = fold(query).split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return [...reasons];
  return reasons.filter((reason) => {
    if (chosen.includes(reason.code)) return true;
    const text = `${fold(reasonLabel(reason, language))} ${fold(reason.code.replace(/_/g, ' '))}`;
    return words.every((word) => text.includes(word));
  });
}

export interface RepeatedReason {
  readonly code: string;
  /** The latest other contact with this reason (ISO time). */
  readonly at: string;
}

/**
 * Chosen reasons this customer already contacted about in the last 7 days (the repeat-contact
 * warning), the most recent first. `recent` is `wrapUp.context`'s list, which leaves this contact out.
 */
export function repeatedReasons(chosen: readonly string[], recent: WrapUpContext['recentContacts'], now: number): RepeatedReason[] {
  const since = now - REPEAT_CONTACT_DAYS * DAY_MS;
  const latest = new Map<string, string>();
  for (const contact of recent) {
    const at = Date.parse(contact.at);
    if (Number.isNaN(at) || at < since) continue;
    for (const code of contact.reasons) {
      if (!chosen.includes(code)) continue;
      const known = latest.get(code);
      if (known === undefined || Date.parse(known) < at) latest.set(code, contact.at);
    }
  }
  return chosen.flatMap((code) => {
    const at = latest.get(code);
    return at === undefined ? [] : [{ code, at }];
  }).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * First Contact Fix, as suggested: solved, never handed on, and no chosen reason came up in the
 * customer's contacts of the last 7 days. The agent's own tick always wins over this.
 */
export function suggestFirstContactFix(input: { outcome: Outcome | null; transfers: number; repeats: readonly RepeatedReason[] }): boolean {
  return input.outcome === 'solved' && input.transfers === 0 && input.repeats.length === 0;
}
