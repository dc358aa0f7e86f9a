import { ArrowRightLeft, Phone } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { Colleague } from '../../../common/contract/escalations.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useClient } from '../../app/client-context.ts';
import { useColleagueTexts, useDirectory } from '../../app/use-colleagues.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ColleaguePicker } from '../../ui/ColleaguePicker.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { checkDialTarget, DIAL_INPUT, formatPhoneNumber } from './phone-model.ts';

/**
 * Hand the customer on. "Consult first" (Enter) holds the customer and calls the colleague: the
 * warm transfer that spares the customer telling the story twice. "Transfer now" is the cold one.
 * The colleague is picked from the directory (name, role, skill or language, free ones first;
 * their extension is dialled), or a number or extension is typed.
 */
export function TransferForm({ id, call }: { id: string; call: CallView }) {
  const { t } = useT();
  const client = useClient();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'blind' | 'consult' | null>(null);
  const [colleague, setColleague] = useState<Colleague | null>(null);
  const directory = useDirectory();
  const colleagueTexts = useColleagueTexts();
  // Only colleagues with a phone extension can take a call.
  const reachable = directory.state === 'ready' ? directory.value.filter((candidate) => candidate.extension !== null) : [];

  const start = (kind: 'blind' | 'consult') => {
    if (busy) return;
    const check = checkDialTarget(target, dialCountry);
    if (!check.ok) {
      setError(check.problem === 'empty' ? t('phone:transfer.empty') : t('phone:dialPad.invalid', { target: target.trim() }));
      return;
    }
    setError(null);
    setBusy(kind);
    const store = usePhoneStore.getState();
    const request = kind === 'blind' ? store.transfer(client, call.id, check.target) : store.consult(client, call.id, check.target);
    request.then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(errorMessage(t, failure));
      },
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start('consult');
  };

  return (
    <form id={id} className="transfer-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="transfer-form">
      <p id={`${id}-title`} className="field-label">
        {t('phone:transfer.title')}
      </p>
      <ColleaguePicker
        label={t('handoffs:transfer.colleague')}
        placeholder={t('handoffs:transfer.colleaguePlaceholder')}
        colleagues={reachable}
        value={colleague?.id ?? null}
        onChange={(picked) => {
          setColleague(picked);
          setTarget(picked?.extension ?? '');
          setError(null);
        }}
        texts={colleagueTexts}
        testId="transfer-colleague"
        autoFocus
      />
      <TextField
        id={`${id}-target`}
        label={t('handoffs:transfer.orNumber')}
        labelClassName="field-label--light"
        invalid={error !== null}
        describedBy={error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
        {...DIAL_INPUT}
        value={target}
        onValueChange={(text) => {
          setTarget(text);
          setColleague(null);
          setError(null);
        }}
        testId="transfer-target"
      />
      <p id={`${id}-hint`} className="hint">
        {t('phone:transfer.hint')}
      </p>
      {error === null ? null : (
        <ErrorLine id={`${id}-error`} testId="transfer-error">
          {error}
        </ErrorLine>
      )}
      <FormActions>
        <ActionButton type="submit" variant="primary" icon={Phone} label={t('phone:transfer.consult')} disabled={busy !== null} busy={busy === 'consult'} testId="transfer-consult" />
        <ActionButton icon={ArrowRightLeft} label={t('phone:transfer.blind')} disabled={busy !== null} busy={busy === 'blind'} onClick={() => start('blind')} testId="transfer-blind" />
      </FormActions>
    </form>
  );
}

/** How a transfer goes: trying, done, or failed (then an error line). */
export function TransferStatus({ call, dialCountry }: { call: CallView; dialCountry: string }) {
  const { t } = useT();
  const transfer = call.transfer;
  if (!transfer) return null;
  const target = formatPhoneNumber(transfer.target, dialCountry);
  let text: string;
  switch (transfer.state) {
    case 'trying':
      text = t('phone:transfer.trying', { target });
      break;
    case 'done':
      text = t('phone:transfer.done', { target });
      break;
    case 'failed':
      text = call.state === 'ended' ? t('phone:transfer.failedEnded', { target }) : t('phone:transfer.failed', { target });
      break;
  }
  return (
    <p className={transfer.state === 'failed' ? 'form-error' : 'hint'} data-testid="transfer-status" data-state={transfer.state} data-kind={transfer.kind}>
      {text}
    </p>
  );
}

