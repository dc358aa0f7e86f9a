// Keyboard moves in a list of choices (the wrap-up's reasons, the screen pop's chooser and link search).

/** The next index for the arrow keys in a list of `count` (wraps; Home and End jump). */
export function moveIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return index < 0 ? 0 : (index + 1) % count;
    case 'ArrowUp':
      return index <= 0 ? count - 1 : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
