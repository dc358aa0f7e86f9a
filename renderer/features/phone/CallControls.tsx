import { ArrowRightLeft, Check, Grid3x3, Mic, MicOff, Pause, PhoneOff, Play, Undo2 } from 'lucide-react';
import type { CallView } from '../../../common/contract/telephony.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { CallButton } from './CallButton.tsx';
import { partyText } from './phone-model.ts';
import { usePhoneCommands } from './use-phone.ts';

interface CallControlsProps {
  /** The panel's id: the keypad and the transfer form hang off it. */
  readonly id: string;
  readonly call: CallView;
  /** The other party as the agent reads it, for the group's name. */
  readonly party: string;
  /** This call's customer is being consulted about on another line. */
  readonly consulting: boolean;
}

/** Hold, mute, keypad, transfer and hang up for a live call, each with its shortcut. */
export function CallControls({ id, call, party, consulting }: CallControlsProps) {
  const { t } = useT();
  const commands = usePhoneCommands();
  const active = call.state === 'active';
  const keypadOpen = usePhoneStore((state) => state.keypadFor === call.id);
  const transferOpen = usePhoneStore((state) => state.transferFor === call.id);
  const setKeypad = usePhoneStore((state) => state.setKeypad);
  const setTransfer = usePhoneStore((state) => state.setTransfer);
  return (
    <div className="call-panel__actions" role="group" aria-label={t('phone:call.controls', { party })}>
      <CallButton
        command="hold"
        label={call.held ? t('phone:call.resume') : t('phone:call.hold')}
        icon={call.held ? Play : Pause}
        disabled={!active}
        onClick={() => commands.hold(call.id, !call.held)}
        testId="call-hold"
      />
      <CallButton
        command="mute"
        label={call.muted ? t('phone:call.unmute') : t('phone:call.mute')}
        icon={call.muted ? MicOff : Mic}
        className={call.muted ? 'button button--on' : 'button'}
        disabled={!active}
        onClick={() => commands.mute(call.id, !call.muted)}
        testId="call-mute"
      />
      <CallButton
        command="dialPad"
        label={t('phone:call.keypad')}
        icon={Grid3x3}
        disabled={!active}
        expanded={keypadOpen}
        controls={keypadOpen ? `${id}-keypad` : undefined}
        onClick={() => setKeypad(keypadOpen ? null : call.id)}
        testId="call-keypad-toggle"
      />
      {call.consultFor === null ? (
        <CallButton
          command="transfer"
          label={t('phone:call.transfer')}
          icon={ArrowRightLeft}
          disabled={!active || consulting}
          expanded={transferOpen}
          controls={transferOpen ? `${id}-transfer` : undefined}
          onClick={() => setTransfer(transferOpen ? null : call.id)}
          testId="call-transfer"
        />
      ) : null}
      <CallButton command="hangUp" label={t('phone:call.hangUp')} icon={PhoneOff} className="button button--hangup" onClick={() => commands.hangUp(call.id)} testId="call-hangup" />
    </div>
  );
}

/** While the agent consults a colleague: who waits, and complete the transfer or go back. */
export function ConsultControls({ call, customer, dialCountry }: { call: CallView; customer: CallView | null; dialCountry: string }) {
  const { t } = useT();
  const commands = usePhoneCommands();
  return (
    <div className="call-panel__consult" data-testid="consult-controls">
      <p className="call-panel__consult-text">
        {t('phone:transfer.consulting', { customer: customer ? partyText(t, customer, dialCountry) : t('phone:transfer.theCustomer') })}
      </p>
      <FormActions>
        <ActionButton
          variant="primary"
          icon={Check}
          label={t('phone:transfer.complete')}
          disabled={call.state !== 'active'}
          onClick={() => commands.completeTransfer(call.id)}
          testId="transfer-complete"
        />
        <ActionButton icon={Undo2} label={t('phone:transfer.cancel')} onClick={() => commands.cancelTransfer(call.id)} testId="transfer-cancel" />
      </FormActions>
    </div>
  );
}
