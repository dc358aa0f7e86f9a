import type { TimelineEntry, TimelinePage } from '../../../common/contract/data.ts';

/** Timeline order: newest first; among entries of the same time, the larger id first. */
export function isOlder(a: TimelineEntry, b: TimelineEntry): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return ta < tb || (ta === tb && a.id < b.id);
}

/** Adds an older page below the entries shown, without repeating any. */
export function appendPage(items: readonly TimelineEntry[], page: TimelinePage): TimelinePage {
  const seen = new Set(items.map((item) => item.id));
  return { items: [...items, ...page.items.filter((item) => !seen.has(item.id))], nextBefore: page.nextBefore };
}

/**
 * A fresh first page after a change, merged with what the agent had already scrolled to: the
 * fresh page replaces its own time span (entries may have changed, a pending note is now
 * confirmed) and the older entries loaded before stay below it.
 */
export function mergeFirstPage(fresh: TimelinePage, shown: readonly TimelineEntry[], shownNextBefore: string | null): TimelinePage {
  if (fresh.nextBefore === null) return fresh; // the fresh page holds the whole history
  const last = fresh.items[fresh.items.length - 1];
  if (!last) return fresh;
  const seen = new Set(fresh.items.map((item) => item.id));
  const tail = shown.filter((item) => !seen.has(item.id) && isOlder(item, last));
  return tail.length > 0 ? { items: [...fresh.items, ...tail], nextBefore: shownNextBefore } : fresh;
}
