import { useId, type FormEvent } from 'react';
import { ActionButton } from './FormActions.tsx';
import { TextField } from './TextField.tsx';

/** The state of one whole-number setting being edited (e.g. app/use-whole-number-setting.ts). */
export interface NumberSetting {
  readonly value: string;
  readonly edit: (text: string) => void;
  readonly save: (event: FormEvent<HTMLFormElement>) => void;
  /** The typed text is not a whole number within the bounds. */
  readonly invalid: boolean;
  readonly saving: boolean;
  /** The typed value differs from the saved one (Save is off otherwise). */
  readonly dirty: boolean;
}

interface NumberSettingFormProps {
  readonly label: string;
  readonly setting: NumberSetting;
  readonly bounds: { readonly min: number; readonly max: number };
  readonly saveLabel: string;
  /** Under the form: the hint, or what is wrong while `invalid` (then announced). */
  readonly message: string;
  readonly inputTestId: string;
  readonly saveTestId: string;
  readonly messageTestId?: string;
}

/** One whole-number setting (days, seconds): the field, Save beside it, and the hint or error under both. */
export function NumberSettingForm(props: NumberSettingFormProps) {
  const { label, bounds, saveLabel, message } = props;
  const { value, edit, save, invalid, saving, dirty } = props.setting;
  const id = useId();
  return (
    <>
      <form className="row row--end" onSubmit={save} noValidate>
        <TextField
          label={label}
          invalid={invalid}
          describedBy={`${id}-message`}
          inputClassName="text-input--number"
          type="number"
          inputMode="numeric"
          min={bounds.min}
          max={bounds.max}
          step={1}
          required
          value={value}
          onValueChange={edit}
          testId={props.inputTestId}
        />
        <ActionButton type="submit" label={saveLabel} busy={saving} disabled={!dirty} testId={props.saveTestId} />
      </form>
      <p id={`${id}-message`} className={invalid ? 'form-error' : 'hint'} role={invalid ? 'alert' : undefined} data-testid={props.messageTestId}>
        {message}
      </p>
    </>
  );
}
