import { useState } from 'react';
import type { CallbackItem, CallbackOutcomeKind } from '../../../common/contract/callbacks.ts';
import { useClient } from '../../app/client-context.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { OutcomeForm } from '../../ui/OutcomeForm.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { defaultRetryInput, localInputToIso, retryProblem, toLocalInput } from './callbacks-model.ts';

export const CALLBACK_OUTCOME_LABELS = {
  reached: 'callbacks:outcome.reached',
  no_answer: 'callbacks:outcome.no_answer',
  wrong_number: 'callbacks:outcome.wrong_number',
} as const satisfies Record<CallbackOutcomeKind, string>;

const OUTCOMES = ['reached', 'no_answer', 'wrong_number'] as const satisfies readonly CallbackOutcomeKind[];

/**
 * How a callback went: reached and wrong number close it; no answer asks when to try again
 * (the next full hour unless the agent picks another time) and the hub announces it again then.
 */
export function CallbackOutcome({ callback, name, onDone, onSaved }: { callback: CallbackItem; name: string; onDone: () => void; onSaved: () => void }) {
  const { t } = useT();
  const client = useClient();
  const [outcome, setOutcome] = useState<CallbackOutcomeKind | null>(null);
  const [retryAt, setRetryAt] = useState(() => defaultRetryInput(Date.now()));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    if (outcome === null) {
      setError(t('callbacks:outcome.pick'));
      return;
    }
    const problem = outcome === 'no_answer' ? retryProblem(retryAt, Date.now()) : null;
    setRetryError(problem === 'missing' ? t('callbacks:outcome.retryMissing') : problem === 'past' ? t('callbacks:outcome.retryPast') : null);
    if (problem) return;
    const rescheduleAt = outcome === 'no_answer' ? (localInputToIso(retryAt) ?? undefined) : undefined;
    setBusy(true);
    try {
      await client.request('callbacks.outcome', { callbackId: callback.id, outcome, ...(rescheduleAt ? { rescheduleAt } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      useToastStore.getState().show('success', t('callbacks:outcome.saved', { name, outcome: t(CALLBACK_OUTCOME_LABELS[outcome]) }));
      onDone();
      onSaved();
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <OutcomeForm
      label={t('callbacks:outcome.label', { name })}
      texts={{ legend: t('callbacks:outcome.legend'), note: t('callbacks:outcome.note'), save: t('callbacks:outcome.save'), saving: t('callbacks:outcome.saving'), cancel: t('callbacks:outcome.cancel') }}
      choices={OUTCOMES.map((value) => ({ value, label: t(CALLBACK_OUTCOME_LABELS[value]), testId: `callback-outcome-${value}` }))}
      outcome={outcome}
      onOutcome={setOutcome}
      note={note}
      onNote={setNote}
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onCancel={onDone}
      testId="callback-outcome"
    >
      {outcome === 'no_answer' ? (
        <TextField
          type="datetime-local"
          label={t('callbacks:outcome.retryAt')}
          hint={t('callbacks:outcome.retryHint')}
          error={retryError ?? undefined}
          min={toLocalInput(new Date())}
          value={retryAt}
          onValueChange={setRetryAt}
          testId="callback-outcome-retry"
        />
      ) : null}
    </OutcomeForm>
  );
}
