import { useEffect, useRef, useState } from 'react';
import type { LucideIcon } from 'lucide-react';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { overflowErrorMessage } from './overflow-errors.ts';
import { ActionButton } from '../../ui/FormActions.tsx';

interface OverflowConfirmProps {
  /** The button's words ("End access now"), its accessible name with the agent's or device's name, and the question. */
  readonly label: string;
  readonly ariaLabel: string;
  readonly question: string;
  readonly confirmLabel: string;
  readonly icon: LucideIcon;
  readonly run: () => Promise<unknown>;
  readonly testId: string;
}

/**
 * A button whose action cannot be taken back (end access, revoke a device): the first press asks
 * in place, with the confirm focused; Esc or Cancel goes back.
 */
export function OverflowConfirm({ label, ariaLabel, question, confirmLabel, icon, run, testId }: OverflowConfirmProps) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (asking) box.current?.querySelector<HTMLButtonElement>('button[data-confirm]')?.focus();
  }, [asking]);

  if (!asking) {
    return <ActionButton small variant="plain" icon={icon} label={label} ariaLabel={ariaLabel} onClick={() => setAsking(true)} testId={testId} />;
  }
  const confirm = () => {
    setBusy(true);
    setFailure(null);
    run().then(
      () => {
        setBusy(false);
        setAsking(false);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
      },
    );
  };
  return (
    <div
      ref={box}
      className="overflow-confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAsking(false);
      }}
    >
      <span>{question}</span>
      <button type="button" className="button button--danger button--small" data-confirm onClick={confirm} disabled={busy} aria-busy={busy} data-testid={`${testId}-confirm`}>
        {confirmLabel}
      </button>
      <ActionButton small label={t('overflow:cancel')} onClick={() => setAsking(false)} testId={`${testId}-cancel`} />
      {failure ? <ErrorLine inline>{overflowErrorMessage(t, failure)}</ErrorLine> : null}
    </div>
  );
}
