import type { ReactNode } from 'react';

interface OptionCardProps {
  /** The option's element id (the list's aria-activedescendant points at it). */
  readonly id: string;
  readonly selected: boolean;
  /** Clicked: the agent picks this one. */
  readonly onChoose: () => void;
  /** The mouse moved onto it: it becomes the selected one. */
  readonly onActivate: () => void;
  /** The option's own layout (e.g. `search-hit`), after `option-card`. */
  readonly className: string;
  readonly testId: string;
  /** Extra `data-*` attributes for tests (e.g. the customer's id). */
  readonly [data: `data-${string}`]: string | undefined;
  readonly children: ReactNode;
}

/**
 * One option of a list the agent picks from (role="listbox"): a card that lights up under the
 * mouse and is ringed while selected. The options are not focusable: focus stays in the box that
 * drives the list (aria-activedescendant), the mouse clicks.
 */
export function OptionCard({ id, selected, onChoose, onActivate, className, testId, children, ...data }: OptionCardProps) {
  return (
    <li
      {...data}
      id={id}
      role="option"
      aria-selected={selected}
      className={`option-card ${className}`}
      onClick={onChoose}
      onMouseMove={selected ? undefined : onActivate}
      data-testid={testId}
    >
      {children}
    </li>
  );
}
