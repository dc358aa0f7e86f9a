import { PhoneOff, Play } from 'lucide-react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { callDurationMs, callStateText, consultOf, formatCallDuration, partyText } from './phone-model.ts';
import { usePhoneCommands } from './use-phone.ts';
import { ActionButton } from '../../ui/FormActions.tsx';

/** A second live call in one line: typically the customer on hold while the agent consults. */
export function OtherCall({ call, calls, dialCountry, now }: { call: CallView; calls: readonly CallView[]; dialCountry: string; now: number }) {
  const { t } = useT();
  const locale = useLocale();
  const commands = usePhoneCommands();
  const duration = callDurationMs(call, now);
  const inConsult = consultOf(calls, call.id) !== null;
  const party = partyText(t, call, dialCountry);
  return (
    <li className="call-other" data-testid="call-other" data-call-id={call.id} data-call-state={call.state} data-held={call.held}>
      <span className="call-other__party">{party}</span>
      <span className="hint">{inConsult ? t('phone:transfer.customerWaiting') : callStateText(t, call)}</span>
      {duration !== null ? <span className="call-panel__timer">{formatCallDuration(duration, locale)}</span> : null}
      {inConsult ? null : (
        <span className="row">
          {call.held && call.state === 'active' ? (
            <ActionButton
              small
              icon={Play}
              label={t('phone:call.resume')}
              ariaLabel={t('phone:call.resumeLabel', { party })}
              onClick={() => commands.hold(call.id, false)}
              testId="call-other-resume"
            />
          ) : null}
          <ActionButton
            small
            variant="danger"
            icon={PhoneOff}
            label={t('phone:call.hangUp')}
            ariaLabel={t('phone:call.hangUpLabel', { party })}
            onClick={() => commands.hangUp(call.id)}
            testId="call-other-hangup"
          />
        </span>
      )}
    </li>
  );
}
