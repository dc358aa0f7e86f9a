import type { LucideIcon } from 'lucide-react';
import type { Ref } from 'react';
import { phoneKeys, type PhoneCommand } from '../../app/shortcuts.ts';
import { useT } from '../../i18n/use-t.ts';
import { withKeys } from './phone-model.ts';

interface CallButtonProps {
  readonly command: PhoneCommand;
  readonly label: string;
  readonly icon: LucideIcon;
  readonly iconSize?: number;
  /** `button` plus its variant (`button--call`, `button--hangup`, `button--on`). */
  readonly className?: string;
  readonly disabled?: boolean;
  readonly onClick: () => void;
  readonly testId: string;
  /** For a button that opens a part of the panel (keypad, transfer): whether it is open, and its id. */
  readonly expanded?: boolean;
  readonly controls?: string | undefined;
  readonly buttonRef?: Ref<HTMLButtonElement>;
}

/** A call control with its keyboard shortcut announced (aria-keyshortcuts) and shown in its tooltip. */
export function CallButton({ command, label, icon: Icon, iconSize = 16, className = 'button', disabled, onClick, testId, expanded, controls, buttonRef }: CallButtonProps) {
  const { t } = useT();
  return (
    <button
      ref={buttonRef}
      type="button"
      className={className}
      disabled={disabled}
      aria-expanded={expanded}
      aria-controls={controls}
      aria-keyshortcuts={phoneKeys(command)}
      title={withKeys(t, label, command)}
      onClick={onClick}
      data-testid={testId}
    >
      <Icon size={iconSize} aria-hidden="true" />
      {label}
    </button>
  );
}
