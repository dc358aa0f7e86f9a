import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { NOTE_MAX_LENGTH } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { useDraft } from '../../app/use-draft.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';

/** A pause in typing this long saves the draft. */
export const DRAFT_DEBOUNCE_MS = 300;

export const noteDraftKey = (customerId: string) => `note:${customerId}`;

/**
 * The note box. Nothing typed here may be lost: the draft is saved while typing (and when the
 * box goes away), restored when the customer opens again, and removed by main in the same
 * transaction that stores the note. A note that cannot be added stays in the box.
 */
export function NoteComposer({ customerId }: { customerId: string }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const dismiss = useToastStore((state) => state.dismiss);
  /** The confirmation of the previous note: a new one replaces it instead of piling up. */
  const lastToast = useRef<number | null>(null);
  const fieldId = useId();
  const hintId = useId();
  const draftKey = noteDraftKey(customerId);
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<unknown>(null);
  /** The agent typed: a draft arriving late must not overwrite that. */
  const typed = useRef(false);
  const draft = useDraft(draftKey, DRAFT_DEBOUNCE_MS, (stored) => {
    if (typed.current) return false;
    setText(stored.text);
    return true;
  });
  /** The id of a failed add: trying the same text again reuses it, so main stores one note. */
  const attempt = useRef<{ id: string; text: string } | null>(null);

  const change = (value: string) => {
    typed.current = true;
    setText(value);
    draft.changed(value);
  };

  const add = () => {
    const value = text;
    if (value.trim() === '' || adding) return;
    // The draft request goes first, so main never sees it after the note that removes it.
    draft.flush();
    const id = attempt.current?.text === value ? attempt.current.id : uuidv7();
    attempt.current = { id, text: value };
    setAdding(true);
    setAddError(null);
    client
      .request('notes.add', { id, customerId, text: value, draftKey })
      .then(
        (result) => {
          attempt.current = null;
          setText('');
          draft.sent();
          // Main answers `pending` until the hub confirms; while online that takes a moment only.
          const offline = useSyncStore.getState().status?.connection !== 'online';
          if (lastToast.current !== null) dismiss(lastToast.current);
          lastToast.current = toast('success', result.pending && offline ? t('customer:note.addedPending') : t('customer:note.added'));
        },
        (error: unknown) => {
          // Keep the text in the box, and make sure the draft has it too.
          setAddError(error);
          draft.flush(value);
        },
      )
      .finally(() => setAdding(false));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      add();
    }
  };

  return (
    <section className="card note-composer" aria-labelledby={`${fieldId}-label`}>
      <label id={`${fieldId}-label`} htmlFor={fieldId} className="section-title">
        {t('customer:note.label')}
      </label>
      <textarea
        id={fieldId}
        className="text-input note-composer__input"
        rows={3}
        maxLength={NOTE_MAX_LENGTH}
        placeholder={t('customer:note.placeholder')}
        aria-describedby={hintId}
        aria-keyshortcuts="Control+Enter"
        value={text}
        readOnly={adding}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        data-testid="note-input"
      />
      {addError ? <ErrorLine error={addError} testId="note-error" /> : null}
      <FormActions className="note-composer__actions">
        <ActionButton
          variant="primary"
          label={t('customer:note.add')}
          busyLabel={t('customer:note.adding')}
          busy={adding}
          disabled={text.trim() === ''}
          onClick={add}
          testId="note-add"
        />
        <p id={hintId} className="hint">
          {t('customer:note.hint')}
        </p>
        <p className={draft.failed ? 'hint hint--warning' : 'hint'} data-testid="draft-status">
          {draft.failed
            ? t('customer:note.draftFailed')
            : draft.savedAt && text !== ''
              ? t('customer:note.draftSaved', { time: formatDateTime(draft.savedAt, locale, { timeStyle: 'short' }) })
              : null}
        </p>
      </FormActions>
    </section>
  );
}
