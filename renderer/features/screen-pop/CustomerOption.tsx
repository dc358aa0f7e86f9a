import { Mail, Phone } from 'lucide-react';
import { usePhoneFormat } from '../../app/use-phone-format.ts';
import { regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { OptionCard } from '../../ui/OptionCard.tsx';

interface CustomerOptionProps {
  /** The option's element id (the list's aria-activedescendant points at it). */
  readonly id: string;
  readonly customer: { readonly id: string; readonly name: string; readonly country: string; readonly emails: readonly string[]; readonly phones?: readonly string[] };
  readonly active: boolean;
  /** This customer is being linked to the call. */
  readonly busy: boolean;
  /** Says "no e-mail address" instead of leaving the line out (the chooser tells households apart by it). */
  readonly sayNoEmail?: boolean;
  readonly onChoose: () => void;
  readonly onActivate: () => void;
  readonly 'data-testid': string;
}

/** One customer the agent may pick for the call: name, country, phones and e-mail addresses. */
export function CustomerOption({ id, customer, active, busy, sayNoEmail = false, onChoose, onActivate, 'data-testid': testId }: CustomerOptionProps) {
  const { t } = useT();
  const locale = useLocale();
  const phoneText = usePhoneFormat();
  const phones = customer.phones ?? [];
  return (
    <OptionCard id={id} selected={active} onChoose={onChoose} onActivate={onActivate} className="screen-pop__match" testId={testId} data-customer-id={customer.id}>
      <strong className="screen-pop__match-name">{customer.name}</strong>
      <span className="hint">{regionName(customer.country, locale)}</span>
      {phones.length > 0 ? (
        <span className="screen-pop__match-mail">
          <Phone size={14} aria-hidden="true" />
          {phones.map(phoneText).join(', ')}
        </span>
      ) : null}
      {customer.emails.length > 0 ? (
        <span className="screen-pop__match-mail">
          <Mail size={14} aria-hidden="true" />
          {customer.emails.join(', ')}
        </span>
      ) : sayNoEmail ? (
        <span className="hint">{t('screenpop:chooser.noEmail')}</span>
      ) : null}
      {busy ? <span className="hint">{t('screenpop:linking')}</span> : null}
    </OptionCard>
  );
}
