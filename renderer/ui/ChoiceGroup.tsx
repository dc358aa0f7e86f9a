import { useId, type ReactNode } from 'react';

/** One option of a choice group: its value, its label (already translated), its test id. */
export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly testId?: string;
}

interface ChoiceGroupProps<V extends string> {
  /** What is being chosen; it also names the radio group for screen readers. */
  readonly legend: ReactNode;
  /** The radios' shared name (unique on the page, e.g. from `useId`). */
  readonly name: string;
  readonly choices: readonly Choice<V>[];
  /** The chosen value, or null while nothing is chosen. */
  readonly value: V | null;
  readonly onChange: (value: V) => void;
  /** The first option's id, for a form that focuses it when nothing is chosen. */
  readonly firstId?: string;
  /** Ids of hints or errors that describe the group. */
  readonly describedBy?: string | undefined;
  /** A card of its own on a screen (Settings) instead of a field in a form. */
  readonly card?: boolean;
  /** What stands under the options (hints, an error). */
  readonly children?: ReactNode;
}

/** A few mutually exclusive options as one segmented row of radios, in a fieldset with its legend. */
export function ChoiceGroup<V extends string>({ legend, name, choices, value, onChange, firstId, describedBy, card = false, children }: ChoiceGroupProps<V>) {
  const legendId = useId();
  return (
    <fieldset className={card ? 'card' : 'field field--plain'} aria-describedby={describedBy}>
      <legend id={legendId} className={card ? 'section-title' : 'field-label'}>
        {legend}
      </legend>
      <div className="segmented" role="radiogroup" aria-labelledby={legendId}>
        {choices.map((choice, index) => (
          <label key={choice.value} className="segmented__option">
            <input
              id={index === 0 ? firstId : undefined}
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              data-testid={choice.testId}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
