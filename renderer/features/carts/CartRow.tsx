import { PhoneCall } from 'lucide-react';
import type { CartFollowUp } from '../../../common/contract/callbacks.ts';
import { formatPhoneNumber } from '../../app/phone-format.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import { useCannotCall } from '../../app/use-can-call.ts';
import { formatMoney, formatWhen, languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { CART_OUTCOME_LABELS, CartOutcome } from './CartOutcome.tsx';

interface CartRowProps {
  readonly cart: CartFollowUp;
  readonly now: number;
  readonly outcomeOpen: boolean;
  readonly onOutcome: (open: boolean) => void;
  /** How many columns the table has (the outcome form spans them all). */
  readonly columns: number;
  /** An outcome was saved: read the list again now (the hub's live event follows too). */
  readonly onSaved: () => void;
}

/** One abandoned cart to call: who, what it was worth, since when, the attempts so far, Call and the outcome. */
export function CartRow({ cart, now, outcomeOpen, onOutcome, columns, onSaved }: CartRowProps) {
  const { t } = useT();
  const locale = useLocale();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const callNumber = useCallNumber();
  const cannotCall = useCannotCall();
  const value = formatMoney(cart.valueCents, cart.currency, locale);
  const number = cart.phone ? formatPhoneNumber(cart.phone, dialCountry) : null;
  const callLabel = t('carts:callLabel', { name: cart.customerName, value });
  const call = async () => {
    if (!cart.phone) return;
    const callId = await callNumber(cart.phone);
    if (callId !== null) onOutcome(true);
  };
  return (
    <>
      <tr className="cart-row" data-testid="cart" data-cart-id={cart.cartId}>
        <th scope="row" className="cart-row__customer">
          <span className="cart-row__who">
            <button type="button" className="cart-row__name" onClick={() => openCustomer(cart.customerId)}>
              {cart.customerName}
            </button>
            <span className="hint">{[number ?? t('carts:noPhone'), languageName(cart.language, locale)].join(' · ')}</span>
          </span>
        </th>
        <td className="cart-row__value" data-testid="cart-value">
          {value}
        </td>
        <td>{formatWhen(cart.abandonedAt, now, locale)}</td>
        <td className="cart-row__attempts">{cart.attempts}</td>
        <td data-testid="cart-last-outcome">{cart.lastOutcome ? t(CART_OUTCOME_LABELS[cart.lastOutcome]) : t('carts:notCalled')}</td>
        <td className="cart-row__actions">
          <ActionButton
            small
            variant="call"
            icon={PhoneCall}
            label={t('carts:call')}
            ariaLabel={callLabel}
            disabled={cannotCall !== null || !cart.phone}
            title={!cart.phone ? t('carts:noPhone') : cannotCall === 'notReady' ? t('carts:phoneNotReady') : cannotCall === 'onCall' ? t('carts:onCall') : callLabel}
            onClick={() => void call()}
            testId="cart-call"
          />
          <ActionButton small label={t('carts:outcomeButton')} ariaLabel={t('carts:outcome.label', { name: cart.customerName })} expanded={outcomeOpen} onClick={() => onOutcome(!outcomeOpen)} testId="cart-outcome-open" />
        </td>
      </tr>
      {outcomeOpen ? (
        <tr className="cart-row__form">
          <td colSpan={columns}>
            <CartOutcome cart={cart} onDone={() => onOutcome(false)} onSaved={onSaved} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
