import { useId, type HTMLAttributes, type ReactNode } from 'react';

interface PanelProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
  /** The title can take focus (a link or shortcut jumps to this panel). */
  readonly focusableTitle?: boolean;
  /** The title's id, when a control in the panel is labelled by it. */
  readonly titleId?: string;
  /** Extra `data-*` attributes for tests (e.g. the panel's state). */
  readonly [data: `data-${string}`]: string | number | boolean | undefined;
}

/** A titled section of a screen (a card), labelled by its title. */
export function Panel({ title, children, testId, focusableTitle = false, titleId, className, ...rest }: PanelProps) {
  const ownId = `${useId()}-title`;
  const headingId = titleId ?? ownId;
  return (
    <section {...rest} className={className ? `card ${className}` : 'card'} aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="section-title" tabIndex={focusableTitle ? -1 : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}
