import type { InputHTMLAttributes, Ref } from 'react';
import { Field, type FieldProps } from './Field.tsx';

/** What the input itself takes (type, autoComplete, required, placeholder…); id and class come from the field. */
type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange' | 'children'>;

interface TextFieldProps extends Omit<FieldProps, 'children'>, InputAttributes {
  readonly value: string;
  /** The text as typed, on every change. */
  readonly onValueChange: (text: string) => void;
  readonly testId?: string;
  /** Extra classes on the input after `text-input` (e.g. `text-input--code`). */
  readonly inputClassName?: string;
  readonly inputRef?: Ref<HTMLInputElement>;
}

/**
 * A `Field` with one text input in it: the label, hint and error wired to the input as in
 * `Field`, and every other prop (type, autoComplete, required…) passed to the input.
 */
export function TextField({ value, onValueChange, testId, inputClassName, inputRef, ...props }: TextFieldProps) {
  const { label, hint, error, errorTestId, invalid, describedBy, id, className, labelClassName, ...input } = props;
  return (
    <Field label={label} hint={hint} error={error} errorTestId={errorTestId} invalid={invalid} describedBy={describedBy} id={id} className={className} labelClassName={labelClassName}>
      {(control) => (
        <input
          {...input}
          {...control}
          ref={inputRef}
          className={inputClassName ? `text-input ${inputClassName}` : 'text-input'}
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
