import { Phone } from 'lucide-react';
import { useId } from 'react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useCallersStore } from '../../app/stores/callers-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useNow } from '../../app/use-now.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import { CallControls, ConsultControls } from './CallControls.tsx';
import { CallerFacts } from './CallerFacts.tsx';
import { HandoffNote } from './HandoffNote.tsx';
import { callerSummary } from './caller-summary.ts';
import { CallKeypad } from './CallKeypad.tsx';
import { OtherCall } from './OtherCall.tsx';
import { callDurationMs, callStateText, consultOf, endReasonText, formatCallDuration, numberText, partyText } from './phone-model.ts';
import { QualityBadge } from './QualityBadge.tsx';
import { TransferForm, TransferStatus } from './TransferForm.tsx';

/** The panel's caller facts have test ids `call-caller`, `call-segment`, `call-dialled`… */
const TEST_PREFIX = 'call';

interface CallPanelProps {
  readonly call: CallView;
  readonly calls: readonly CallView[];
  readonly others: readonly CallView[];
  readonly dialCountry: string;
}

/** The call in progress (or just ended): who, how long, how it sounds, and what to do with it. */
export function CallPanel({ call, calls, others, dialCountry }: CallPanelProps) {
  const { t } = useT();
  const locale = useLocale();
  const id = useId();
  const live = call.state !== 'ended';
  const active = call.state === 'active';
  const now = useNow(live ? 1_000 : null);
  const keypadOpen = usePhoneStore((state) => state.keypadFor === call.id);
  const transferOpen = usePhoneStore((state) => state.transferFor === call.id);
  const heldSince = usePhoneStore((state) => state.heldSince[call.id] ?? null);
  const duration = callDurationMs(call, now);
  const customer = call.consultFor === null ? null : (calls.find((candidate) => candidate.id === call.consultFor) ?? null);
  const consulting = consultOf(calls, call.id) !== null;
  const caller = useCallersStore((state) => state.callers[call.id]);
  // A customer's call says who it is with (as the banner did); a colleague's or a consult call does not.
  const summary = call.direction === 'inbound' && call.consultFor === null ? callerSummary(call, caller) : null;
  const party = summary?.kind === 'customer' ? summary.name : partyText(t, call, dialCountry);
  const showNumber = summary?.kind === 'customer' || call.remoteName !== null;

  return (
    <section
      className={`call-panel call-panel--${call.state}`}
      aria-labelledby={`${id}-party`}
      data-testid="call-panel"
      data-call-id={call.id}
      data-call-state={call.state}
      data-held={call.held}
      data-muted={call.muted}
      data-recovering={call.recovering}
    >
      <div className="call-panel__summary">
        <Phone size={18} aria-hidden="true" className="call-panel__icon" />
        <p className="call-panel__who">
          <strong id={`${id}-party`} className="call-panel__party" data-testid="call-party">
            {party}
          </strong>
          {showNumber ? <span className="call-panel__number">{numberText(t, call.remoteNumber, dialCountry)}</span> : null}
          {call.consultFor !== null ? <Pill>{t('phone:transfer.consultBadge')}</Pill> : null}
        </p>
        {summary || call.dialled ? <CallerFacts call={call} summary={summary} dialCountry={dialCountry} idPrefix={id} testPrefix={TEST_PREFIX} /> : null}
        {/* A handed-on call keeps saying why it came (the escalation's summary) while the agent talks. */}
        {caller?.handoff && call.direction === 'inbound' ? <HandoffNote handoff={caller.handoff} id={`${id}-handoff`} testPrefix={TEST_PREFIX} /> : null}
        <p className={`call-panel__state${call.recovering ? ' call-panel__state--warning' : ''}`} data-testid="call-state">
          {call.state === 'ended' ? (
            <>
              <span>{t('phone:call.endedTitle')}</span>
              <span className="call-panel__reason" data-testid="call-ended-reason">
                {endReasonText(t, call)}
              </span>
            </>
          ) : (
            callStateText(t, call)
          )}
        </p>
        {duration !== null ? (
          <span className="call-panel__timer" data-testid="call-timer">
            <span className="visually-hidden">{t('phone:call.timer')}</span>
            {formatCallDuration(duration, locale)}
          </span>
        ) : null}
        {/* Two clocks side by side need words: the hold's says what it counts. */}
        {call.held && active && heldSince !== null ? (
          <Pill tone="warning" className="call-panel__hold-timer" testId="call-hold-timer">
            {t('phone:call.onHoldFor', { time: formatCallDuration(Math.max(0, now - heldSince), locale) })}
          </Pill>
        ) : null}
        {active && call.quality ? <QualityBadge quality={call.quality} /> : null}
      </div>

      {live ? <CallControls id={id} call={call} party={party} consulting={consulting} /> : null}

      {call.consultFor !== null && live ? <ConsultControls call={call} customer={customer} dialCountry={dialCountry} /> : null}

      {call.transfer ? <TransferStatus call={call} dialCountry={dialCountry} /> : null}
      {keypadOpen && active ? <CallKeypad id={`${id}-keypad`} callId={call.id} /> : null}
      {transferOpen && active ? <TransferForm id={`${id}-transfer`} call={call} /> : null}

      {others.length > 0 ? (
        <ul className="call-others" aria-label={t('phone:call.others')}>
          {others.map((other) => (
            <OtherCall key={other.id} call={other} calls={calls} dialCountry={dialCountry} now={now} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
