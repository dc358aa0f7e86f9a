/**
 * A page reload mid-call: main renegotiates the call the moment the new page's engine attaches,
 * and the first thing that needs is the microphone (50–100 ms to open in a page that is still
 * loading). So the engine notes in the tab's sessionStorage which calls have media (their ids
 * only) and which microphone they use, and the next page of the tab opens that microphone as
 * its engine starts, while its link to main is still connecting.
 */
const KEY = 'loket.media.liveCalls';

/** How long a microphone opened for a call main says nothing about stays open (the call ended meanwhile). */
export const WARM_UP_MS = 5_000;

/** The longest the page's first render waits for a call's audio to come back after a reload (`engine.ts`). */
export const RESUME_CAP_MS = 600;

export interface ReloadHint {
  readonly calls: readonly string[];
  readonly microphoneId: string;
}

export type HintStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readHint(storage: HintStorage): ReloadHint | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<ReloadHint> | null;
    if (!value || !Array.isArray(value.calls) || typeof value.microphoneId !== 'string') return null;
    const calls = value.calls.filter((id): id is string => typeof id === 'string').slice(0, 10);
    return calls.length > 0 ? { calls, microphoneId: value.microphoneId } : null;
  } catch {
    return null; // a value from another version, or storage refused: simply no head start
  }
}

/** Writes the hint (removes it when no call has media); returns what is stored now, to skip repeats. */
export function writeHint(storage: HintStorage, hint: ReloadHint, previous: string | null): string {
  const text = hint.calls.length === 0 ? '' : JSON.stringify(hint);
  if (text === previous) return previous;
  try {
    if (text === '') storage.removeItem(KEY);
    else storage.setItem(KEY, text);
  } catch {
    // storage full or refused: the next page opens the microphone when asked, as without a hint
  }
  return text;
}

/** The tab's sessionStorage, or nothing where the page may not use it. */
export function sessionHints(): HintStorage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
