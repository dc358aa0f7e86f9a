import { useCallback, useEffect, useRef, useState } from 'react';
import type { Draft } from '../../common/contract/data.ts';
import { useClient } from './client-context.ts';

export interface DraftState {
  /** When main last stored the draft (null: nothing stored, or just sent away with its text). */
  readonly savedAt: string | null;
  /** The last save failed: the text is still in the box, but not on disk. */
  readonly failed: boolean;
  /** The agent typed: stored after a pause of `debounceMs`. */
  changed(text: string): void;
  /** Stores now (the pending text, or `text`), e.g. right before the write that removes the draft. */
  flush(text?: string): void;
  /** Forgets what was typed and removes the stored draft. */
  discard(): void;
  /** The text was sent (its draft went with it). */
  sent(): void;
}

/**
 * A text box's draft kept by main (in the encrypted cache), so what the agent typed survives a
 * crash or a reload: stored after a pause in typing and whenever the box goes away, restored when
 * it comes back. `restore` decides whether a stored draft may fill the box (the agent may have
 * typed meanwhile); it returns true when it did.
 */
export function useDraft(key: string, debounceMs: number, restore: (draft: Draft) => boolean): DraftState {
  const client = useClient();
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  /** Text typed and not yet handed to `drafts.save`. */
  const unsaved = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The latest `restore` (a new closure each render), read when the stored draft arrives.
  const restoreRef = useRef(restore);
  useEffect(() => {
    restoreRef.current = restore;
  });

  const flush = useCallback(
    (text?: string) => {
      if (text !== undefined) unsaved.current = text;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const pending = unsaved.current;
      if (pending === null) return;
      unsaved.current = null;
      client.request('drafts.save', { key, text: pending }).then(
        (result) => {
          setFailed(false);
          setSavedAt(result.savedAt);
        },
        () => setFailed(true),
      );
    },
    [client, key],
  );

  useEffect(() => {
    let current = true;
    client.request('drafts.get', { key }).then(
      (draft) => {
        if (current && draft && restoreRef.current(draft)) setSavedAt(draft.savedAt);
      },
      () => undefined, // no draft to restore; the box simply starts empty
    );
    return () => {
      current = false;
      flush(); // leaving within the debounce still keeps what was typed
    };
  }, [client, key, flush]);

  const changed = useCallback(
    (text: string) => {
      unsaved.current = text;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => flush(), debounceMs);
    },
    [debounceMs, flush],
  );

  const discard = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    unsaved.current = null;
    client.request('drafts.save', { key, text: '' }).catch(() => undefined);
  }, [client, key]);

  const sent = useCallback(() => setSavedAt(null), []);

  return { savedAt, failed, changed, flush, discard, sent };
}
