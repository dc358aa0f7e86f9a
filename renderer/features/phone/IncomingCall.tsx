import { Phone, PhoneIncoming, PhoneOff } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { afterPaint } from '../../media/after-paint.ts';
import { useCallersStore } from '../../app/stores/callers-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { CallButton } from './CallButton.tsx';
import { CallerFacts } from './CallerFacts.tsx';
import { HandoffNote } from './HandoffNote.tsx';
import { callerSummary } from './caller-summary.ts';
import { numberText } from './phone-model.ts';
import { usePhoneCommands } from './use-phone.ts';

/** The banner's test ids start with this (the call panel's with `call`). */
const TEST_PREFIX = 'incoming';

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

/**
 * The ringing call: who calls (the customer's name, segment and language, or "3 customers have
 * this number", "looking up…", "unknown caller"), the shop line or queue dialled, Answer (focused,
 * Enter or Alt+Shift+A) and Decline (Alt+Shift+R).
 */
export function IncomingCall({ call, waiting, mediaAttached, dialCountry }: IncomingCallProps) {
  const { t } = useT();
  const commands = usePhoneCommands();
  const id = useId();
  const answer = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const number = numberText(t, call.remoteNumber, dialCountry);
  const caller = useCallersStore((state) => state.callers[call.id]);
  const summary = callerSummary(call, caller);
  // A colleague's transfer with its escalation ("Transfer to expert"): who sent it and why.
  const handoff = caller?.handoff ?? null;
  // Our customer's name over the name the caller's phone sends (which anyone can set).
  const name = summary?.kind === 'customer' ? summary.name : call.remoteName;

  // Focus to Answer when it rings; back where the agent was once the banner goes. Focus moves
  // once the banner's first frame is painted: moving it forces the page's style and layout
  // (~10 ms on a busy machine) in the middle of showing who calls.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const cancel = afterPaint(() => answer.current?.focus());
    return () => {
      cancel();
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
      aria-describedby={[`${id}-who`, summary ? `${id}-caller` : null, handoff ? `${id}-handoff` : null, call.dialled ? `${id}-dialled` : null].filter(Boolean).join(' ')}
      data-testid="incoming-call"
      data-call-id={call.id}
    >
      <PhoneIncoming className="incoming-call__icon" size={28} aria-hidden="true" />
      <div className="incoming-call__text">
        <p id={`${id}-title`} className="incoming-call__title">
          {t('phone:incoming.title')}
        </p>
        <p id={`${id}-who`} className="incoming-call__who">
          {name ? (
            <>
              <strong className="incoming-call__name" data-testid="incoming-name" data-customer-id={summary?.kind === 'customer' ? summary.id : undefined}>
                {name}
              </strong>
              <span className="incoming-call__number" data-testid="incoming-number" data-number={call.remoteNumber}>
                {number}
              </span>
            </>
          ) : (
            <strong className="incoming-call__name" data-testid="incoming-number" data-number={call.remoteNumber}>
              {number}
            </strong>
          )}
        </p>
        <CallerFacts call={call} summary={summary} dialCountry={dialCountry} idPrefix={id} testPrefix={TEST_PREFIX} />
        {handoff ? <HandoffNote handoff={handoff} id={`${id}-handoff`} testPrefix={TEST_PREFIX} /> : null}
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
