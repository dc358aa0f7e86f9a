import { Phone, PhoneIncoming, PhoneOff } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useT } from '../../i18n/use-t.ts';
import { CallButton } from './CallButton.tsx';
import { numberText } from './phone-model.ts';
import { usePhoneCommands } from './use-phone.ts';

const ANSWER_OR_DECLINE = [
  { command: 'answer', label: 'phone:incoming.answer', icon: Phone, className: 'button button--call' },
  { command: 'decline', label: 'phone:incoming.decline', icon: PhoneOff, className: 'button button--hangup' },
] as const;

interface IncomingCallProps {
  readonly call: CallView;
  /** Further calls ringing behind this one. */
  readonly waiting: number;
  readonly mediaAttached: boolean;
  readonly dialCountry: string;
}

/** The ringing call: who, Answer (focused, Enter or Alt+Shift+A) and Decline (Alt+Shift+R). */
export function IncomingCall({ call, waiting, mediaAttached, dialCountry }: IncomingCallProps) {
  const { t } = useT();
  const commands = usePhoneCommands();
  const id = useId();
  const answer = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const number = numberText(t, call.remoteNumber, dialCountry);

  // Focus to Answer when it rings; back where the agent was once the banner goes.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    answer.current?.focus();
    return () => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <section
      className="incoming-call"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who`}
      data-testid="incoming-call"
      data-call-id={call.id}
    >
      <PhoneIncoming className="incoming-call__icon" size={28} aria-hidden="true" />
      <div className="incoming-call__text">
        <p id={`${id}-title`} className="incoming-call__title">
          {t('phone:incoming.title')}
        </p>
        <p id={`${id}-who`} className="incoming-call__who">
          {call.remoteName ? (
            <>
              <strong className="incoming-call__name" data-testid="incoming-name">
                {call.remoteName}
              </strong>
              <span className="incoming-call__number" data-testid="incoming-number">
                {number}
              </span>
            </>
          ) : (
            <strong className="incoming-call__name" data-testid="incoming-number">
              {number}
            </strong>
          )}
        </p>
        {waiting > 0 ? <p className="hint">{t('phone:incoming.waiting', { count: waiting })}</p> : null}
        {mediaAttached ? null : <p className="hint hint--warning">{t('phone:incoming.noAudio')}</p>}
      </div>
      <div className="incoming-call__actions">
        {ANSWER_OR_DECLINE.map(({ command, label, icon, className }) => (
          <CallButton
            key={command}
            buttonRef={command === 'answer' ? answer : undefined}
            command={command}
            label={t(label)}
            icon={icon}
            iconSize={18}
            className={className}
            disabled={busy}
            onClick={() => {
              // One of the two, once: the other goes off at the same moment.
              setBusy(true);
              commands[command](call.id);
            }}
            testId={`call-${command}`}
          />
        ))}
      </div>
    </section>
  );
}
