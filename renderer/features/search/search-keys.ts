/** What a key in the search box does with the hit list. */
export type SearchKeyAction =
  | { readonly type: 'move'; readonly index: number }
  | { readonly type: 'open'; readonly index: number }
  | { readonly type: 'clear' }
  | { readonly type: 'none' };

/**
 * The search box's keyboard: ArrowDown/ArrowUp move through the hits (wrapping, so the first hit
 * is one key away from the last), Home/End are left to the text field, Enter opens the active hit,
 * Escape clears the query (and does nothing in an empty box, so Escape can reach a dialog).
 * `active` is -1 when no hit is chosen.
 */
export function searchKeyAction(key: string, active: number, count: number, query: string): SearchKeyAction {
  switch (key) {
    case 'ArrowDown':
      if (count === 0) return { type: 'none' };
      return { type: 'move', index: active < 0 || active >= count - 1 ? 0 : active + 1 };
    case 'ArrowUp':
      if (count === 0) return { type: 'none' };
      return { type: 'move', index: active <= 0 || active >= count ? count - 1 : active - 1 };
    case 'Enter':
      if (count === 0) return { type: 'none' };
      return { type: 'open', index: active >= 0 && active < count ? active : 0 };
    case 'Escape':
      return query === '' ? { type: 'none' } : { type: 'clear' };
    default:
      return { type: 'none' };
  }
}
