import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import type { CartFollowUp, CartOutcomeKind } from '../../../common/contract/callbacks.ts';
import { useClient } from '../../app/client-context.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { OutcomeForm } from '../../ui/OutcomeForm.tsx';

export const CART_OUTCOME_LABELS = {
  recovered: 'carts:outcome.recovered',
  not_interested: 'carts:outcome.not_interested',
  no_answer: 'carts:outcome.no_answer',
} as const satisfies Record<CartOutcomeKind, string>;

const OUTCOMES = ['recovered', 'not_interested', 'no_answer'] as const satisfies readonly CartOutcomeKind[];

/**
 * How a cart follow-up call went. Recovered and not interested take the cart off the list; no
 * answer keeps it, one attempt more. One id per form, so a retry after a lost answer counts once.
 */
export function CartOutcome({ cart, onDone, onSaved }: { cart: CartFollowUp; onDone: () => void; onSaved: () => void }) {
  const { t } = useT();
  const client = useClient();
  const [id] = useState(() => uuidv7());
  const [outcome, setOutcome] = useState<CartOutcomeKind | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    if (outcome === null) {
      setError(t('carts:outcome.pick'));
      return;
    }
    setBusy(true);
    try {
      await client.request('carts.outcome', { id, cartId: cart.cartId, outcome, ...(note.trim() ? { note: note.trim() } : {}) });
      useToastStore.getState().show('success', t('carts:outcome.saved', { name: cart.customerName, outcome: t(CART_OUTCOME_LABELS[outcome]) }));
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
      label={t('carts:outcome.label', { name: cart.customerName })}
      texts={{ legend: t('carts:outcome.legend'), note: t('carts:outcome.note'), save: t('carts:outcome.save'), saving: t('carts:outcome.saving'), cancel: t('carts:outcome.cancel') }}
      choices={OUTCOMES.map((value) => ({ value, label: t(CART_OUTCOME_LABELS[value]), testId: `cart-outcome-${value}` }))}
      outcome={outcome}
      onOutcome={setOutcome}
      note={note}
      onNote={setNote}
      busy={busy}
      error={error}
      onSubmit={() => void save()}
      onCancel={onDone}
      testId="cart-outcome"
    />
  );
}
