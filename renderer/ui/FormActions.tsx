import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export type ActionVariant = 'primary' | 'plain' | 'danger' | 'call' | 'hangup';

interface ActionButtonProps {
  readonly label: string;
  /** What the button says while its request runs (e.g. "Saving…"). */
  readonly busyLabel?: string;
  readonly icon?: LucideIcon;
  readonly variant?: ActionVariant;
  readonly small?: boolean;
  /** A submit button sends its form; a plain button calls onClick. */
  readonly type?: 'submit' | 'button';
  readonly onClick?: () => void;
  /** Its request is running: disabled and aria-busy. */
  readonly busy?: boolean;
  readonly disabled?: boolean;
  readonly testId?: string;
  readonly title?: string;
  /** The accessible name, when the visible label needs its context (e.g. "Hang up the call with …"). */
  readonly ariaLabel?: string;
  /** For a button that opens and closes something (a form, a menu): whether it is open. */
  readonly expanded?: boolean;
  readonly className?: string;
}

const VARIANT_CLASSES: Record<ActionVariant, string> = {
  primary: ' button--primary',
  plain: '',
  danger: ' button--danger',
  call: ' button--call',
  hangup: ' button--hangup',
};

/** A form's button: icon, label, and the busy state while its request runs. */
export function ActionButton(props: ActionButtonProps) {
  const { label, busyLabel, icon: Icon, variant = 'plain', small = false, type = 'button', onClick, busy = false, disabled = false, testId, title, className } = props;
  const classes = `button${VARIANT_CLASSES[variant]}${small ? ' button--small' : ''}${className ? ` ${className}` : ''}`;
  return (
    <button
      type={type}
      className={classes}
      onClick={onClick}
      disabled={busy || disabled}
      aria-busy={busy}
      aria-label={props.ariaLabel}
      aria-expanded={props.expanded}
      title={title}
      data-testid={testId}
    >
      {Icon ? <Icon size={small ? 14 : 16} aria-hidden="true" /> : null}
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}

/** The row of buttons under a form: the primary action first, then the others. */
export function FormActions({ children, className }: { readonly children: ReactNode; readonly className?: string }) {
  return <div className={className ? `row ${className}` : 'row'}>{children}</div>;
}
