import { useId, type FormEvent } from 'react';
import { Field } from './Field.tsx';
import { ActionButton } from './FormActions.tsx';

interface NumberSettingFormProps {
  readonly label: string;
  readonly value: string;
  readonly bounds: { readonly min: number; readonly max: number };
  readonly onEdit: (text: string) => void;
  readonly onSave: (event: FormEvent<HTMLFormElement>) => void;
  readonly saveLabel: string;
  /** The typed text is not a whole number within the bounds. */
  readonly invalid: boolean;
  readonly saving: boolean;
  /** The typed value differs from the saved one (Save is off otherwise). */
  readonly dirty: boolean;
  /** Under the form: the hint, or what is wrong while `invalid` (then announced). */
  readonly message: string;
  readonly inputTestId: string;
  readonly saveTestId: string;
  readonly messageTestId?: string;
}

/** One whole-number setting (days, seconds): the field, Save beside it, and the hint or error under both. */
export function NumberSettingForm(props: NumberSettingFormProps) {
  const { label, value, bounds, onEdit, onSave, saveLabel, invalid, saving, dirty, message } = props;
  const id = useId();
  return (
    <>
      <form className="row row--end" onSubmit={onSave} noValidate>
        <Field label={label} invalid={invalid} describedBy={`${id}-message`}>
          {(control) => (
            <input
              {...control}
              className="text-input text-input--number"
              type="number"
              inputMode="numeric"
              min={bounds.min}
              max={bounds.max}
              step={1}
              required
              value={value}
              onChange={(event) => onEdit(event.target.value)}
              data-testid={props.inputTestId}
            />
          )}
        </Field>
        <ActionButton type="submit" label={saveLabel} busy={saving} disabled={!dirty} testId={props.saveTestId} />
      </form>
      <p id={`${id}-message`} className={invalid ? 'form-error' : 'hint'} role={invalid ? 'alert' : undefined} data-testid={props.messageTestId}>
        {message}
      </p>
    </>
  );
}
