import { useId, type ReactNode } from 'react';
import { ErrorLine } from './ErrorLine.tsx';

/** What a field hands its control: the id its label points at and the a11y wiring. */
export interface FieldControl {
  readonly id: string;
  readonly 'aria-describedby': string | undefined;
  readonly 'aria-invalid': boolean;
}

export interface FieldProps {
  readonly label: ReactNode;
  /** The control (input, select, a row with an input and a button…), given the ids to wire up. */
  readonly children: (control: FieldControl) => ReactNode;
  /** A sentence under the control that helps fill it in. */
  readonly hint?: ReactNode;
  /** What is wrong with the value, already translated: shown under the control, marks it invalid. */
  readonly error?: ReactNode;
  readonly errorTestId?: string;
  /** Invalid although the message is shown elsewhere (e.g. under the form's button). */
  readonly invalid?: boolean;
  /** Ids of hints or errors outside the field that also describe the control. */
  readonly describedBy?: string | undefined;
  /** The control's id, when the form needs it (e.g. to focus the first invalid field). */
  readonly id?: string;
  /** Extra classes on the wrapper (e.g. `field--grow`). */
  readonly className?: string;
  /** Extra classes on the label (e.g. `field-label--light` for a field inside a group). */
  readonly labelClassName?: string;
}

/**
 * A label, its control, an optional hint and an optional error, with the ids wired so a screen
 * reader reads the label, the hint and the error with the control.
 */
export function Field({ label, children, hint, error, errorTestId, invalid, describedBy, id, className, labelClassName }: FieldProps) {
  const ownId = useId();
  const controlId = id ?? ownId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== '';
  const described = [hint ? hintId : null, hasError ? errorId : null, describedBy ?? null].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={controlId} className={labelClassName ? `field-label ${labelClassName}` : 'field-label'}>
        {label}
      </label>
      {children({ id: controlId, 'aria-describedby': described === '' ? undefined : described, 'aria-invalid': hasError || invalid === true })}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <ErrorLine id={errorId} alert={false} testId={errorTestId}>
          {error}
        </ErrorLine>
      ) : null}
    </div>
  );
}
