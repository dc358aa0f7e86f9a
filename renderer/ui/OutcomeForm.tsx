import { Save, X } from 'lucide-react';
import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ChoiceGroup, type Choice } from './ChoiceGroup.tsx';
import { ErrorLine } from './ErrorLine.tsx';
import { ActionButton, FormActions } from './FormActions.tsx';
import { TextField } from './TextField.tsx';

/** The texts of an outcome form, already translated. */
export interface OutcomeFormTexts {
  readonly legend: string;
  readonly note: string;
  readonly save: string;
  readonly saving: string;
  readonly cancel: string;
}

interface OutcomeFormProps<V extends string> {
  readonly texts: OutcomeFormTexts;
  readonly choices: readonly Choice<V>[];
  readonly outcome: V | null;
  readonly onOutcome: (outcome: V) => void;
  readonly note: string;
  readonly onNote: (note: string) => void;
  /** Fields that belong to the chosen outcome (a retry time after "no answer"). */
  readonly children?: ReactNode;
  readonly busy: boolean;
  /** What went wrong, already translated (a refusal, the hub unreachable). */
  readonly error: string | null;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly testId?: string;
  /** Accessible name of the form ("How the call to Anna went"). */
  readonly label: string;
}

/**
 * How an outbound call went (a callback, a cart follow-up): the outcomes as one radio group, the
 * fields the chosen outcome needs, a note, Save and Cancel; Esc cancels. The first outcome takes
 * the focus when the form opens, so the agent goes on with the keyboard after the call.
 */
export function OutcomeForm<V extends string>(props: OutcomeFormProps<V>) {
  const { texts, choices, outcome, onOutcome, note, onNote, children, busy, error, onSubmit, onCancel, testId, label } = props;
  const name = useId();
  const firstId = `${name}-first`;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const escape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onCancel();
  };
  return (
    <form ref={form} className="outcome-form" aria-label={label} onSubmit={submit} onKeyDown={escape} data-testid={testId} noValidate>
      <ChoiceGroup legend={texts.legend} name={name} choices={choices} value={outcome} onChange={onOutcome} firstId={firstId} />
      {children}
      <TextField label={texts.note} value={note} onValueChange={onNote} maxLength={2_000} testId={testId ? `${testId}-note` : undefined} />
      {error ? <ErrorLine>{error}</ErrorLine> : null}
      <FormActions>
        <ActionButton type="submit" variant="primary" icon={Save} busy={busy} label={texts.save} busyLabel={texts.saving} testId={testId ? `${testId}-save` : undefined} />
        <ActionButton icon={X} label={texts.cancel} onClick={onCancel} disabled={busy} />
      </FormActions>
    </form>
  );
}
