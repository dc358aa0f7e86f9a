import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import type { CustomerAction } from './CustomerActions.tsx';

// What the header's action forms (escalate, schedule a callback) have in common: the card, its
// buttons, Esc, and sending once with the outcome as a toast.

const ACTION_TEXTS = {
  escalate: {
    title: 'customer:escalate.title',
    save: 'customer:escalate.save',
    saved: 'customer:escalate.saved',
    savedPending: 'customer:escalate.savedPending',
  },
  callback: {
    title: 'customer:callback.title',
    save: 'customer:callback.save',
    saved: 'customer:callback.saved',
    savedPending: 'customer:callback.savedPending',
  },
} as const satisfies Record<CustomerAction, Record<'title' | 'save' | 'saved' | 'savedPending', string>>;

/** Esc closes a form (what was typed is kept only while it is open: it is short). */
function closeOnEscape(onClose: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };
}

export type ActionSubmission = ReturnType<typeof useActionSubmit>;

/**
 * What both forms do on submit: send, toast "saved" (or "saved here, will be sent"), close; on
 * failure keep the form and what was typed, with the translated reason. One id per form, so a
 * retry after a lost answer stores the write once.
 */
export function useActionSubmit(action: CustomerAction, onClose: () => void) {
  const { t } = useT();
  const [id] = useState(() => uuidv7());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (save: (id: string) => Promise<{ pending: boolean }>) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await save(id);
      useToastStore.getState().show('success', saved.pending ? t(ACTION_TEXTS[action].savedPending) : t(ACTION_TEXTS[action].saved));
      onClose();
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };
  return { action, busy, error, refuse: setError, send };
}

interface ActionCardProps {
  /** The form's action and the state of its request. */
  readonly submission: ActionSubmission;
  /** Checks what was typed and sends it (through `submission.send`), or refuses it in words. */
  readonly onSubmit: () => Promise<void>;
  readonly onClose: () => void;
  /** The form's fields. */
  readonly children: ReactNode;
}

/** The card of an action's form: its title, the fields, what went wrong, Cancel and Save. */
export function ActionCard({ submission, onSubmit, onClose, children }: ActionCardProps) {
  const { t } = useT();
  const { action } = submission;
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form className="card customer-action" aria-labelledby={`${id}-title`} onSubmit={submit} onKeyDown={closeOnEscape(onClose)} data-testid={`${action}-form`} noValidate>
      <h3 id={`${id}-title`} className="section-title">
        {t(ACTION_TEXTS[action].title)}
      </h3>
      <div className="customer-action__fields">{children}</div>
      {submission.error ? <ErrorLine>{submission.error}</ErrorLine> : null}
      <FormActions className="row--end">
        <ActionButton label={t('customer:actions.cancel')} onClick={onClose} />
        <ActionButton type="submit" variant="primary" label={t(ACTION_TEXTS[action].save)} busy={submission.busy} testId={`${action}-save`} />
      </FormActions>
    </form>
  );
}
