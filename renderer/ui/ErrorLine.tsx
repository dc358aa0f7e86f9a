import type { ReactNode } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useT } from '../i18n/use-t.ts';

type ErrorLineProps = {
  readonly id?: string;
  readonly testId?: string;
  /** Announced at once (role=alert); off for an error a field's control already points at. */
  readonly alert?: boolean;
  /** Inline (a span beside a button) instead of a paragraph of its own. */
  readonly inline?: boolean;
} & (
  | {
      /** A failure as it came back (a LoketError's {code, params}, or anything else). */
      readonly error: unknown;
      readonly children?: never;
    }
  | {
      /** A message that is already translated. */
      readonly children: ReactNode;
      readonly error?: never;
    }
);

/** One line saying what went wrong, in the agent's language. */
export function ErrorLine(props: ErrorLineProps) {
  const { t } = useT();
  const { id, testId, alert = true, inline = false } = props;
  const text = props.children !== undefined ? props.children : errorMessage(t, props.error);
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag id={id} className="form-error" role={alert ? 'alert' : undefined} data-testid={testId}>
      {text}
    </Tag>
  );
}
