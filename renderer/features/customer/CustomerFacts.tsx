import { Mail, MapPin, Phone } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Customer360 } from '../../../common/contract/data.ts';
import { usePhoneFormat } from '../../app/use-phone-format.ts';
import { formatDateTime, formatMoney, formatNumber, languageName, regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { postalAddressLines } from './postal-address.ts';
import { orderStatusText } from './timeline-text.ts';

const ADDRESS_FACTS = [
  { kind: 'delivery', label: 'customer:facts.deliveryAddress' },
  { kind: 'billing', label: 'customer:facts.billingAddress' },
] as const;

/**
 * The facts of the 360 header: language, country, phones, e-mails, delivery and billing address,
 * last order, counters, NPS and CSAT. Counters, last order and feedback are the hub's record of the
 * customer (synced with it), not what this console's history happens to hold.
 */
export function CustomerFacts({ view }: { view: Customer360 }) {
  const { t } = useT();
  const locale = useLocale();
  const phoneText = usePhoneFormat();
  const { customer, counters, lastNps, lastCsat, lastOrder, languageColleagues } = view;
  const none = t('customer:facts.none');
  return (
    <dl className="facts facts--columns" aria-label={t('customer:facts.label')}>
      <Fact label={t('customer:facts.language')}>
        {languageName(customer.language, locale)}
        {languageColleagues ? (
          <span className={languageColleagues.free > 0 ? 'facts__note facts__note--ok' : 'facts__note'} data-testid="customer-language-colleagues">
            {languageColleagues.total === 0
              ? t('customer:colleagues.none')
              : languageColleagues.free === 0
                ? t('customer:colleagues.noneFree', { count: languageColleagues.total })
                : t('customer:colleagues.free', { count: languageColleagues.free })}
          </span>
        ) : null}
      </Fact>
      <Fact label={t('customer:facts.country')}>
        {regionName(customer.country, locale)}
        {customer.officeName ? <span className="facts__note">{t('customer:facts.office', { office: customer.officeName })}</span> : null}
      </Fact>
      <FactList label={t('customer:facts.phones')} none={none} items={customer.phones.map((phone) => ({ key: phone, text: phoneText(phone), icon: <Phone size={14} aria-hidden="true" /> }))} />
      <FactList wide label={t('customer:facts.emails')} none={none} items={customer.emails.map((email) => ({ key: email, text: email, icon: <Mail size={14} aria-hidden="true" /> }))} />
      {ADDRESS_FACTS.map(({ kind, label }) => {
        const address = customer.addresses[kind];
        const lines = address ? postalAddressLines(address, customer.country, locale) : [];
        return (
          <FactList
            key={kind}
            label={t(label)}
            none={t('customer:facts.noAddress')}
            testId={`customer-${kind}-address`}
            items={lines.map((line, index) => ({ key: `${index}`, text: line, ...(index === 0 ? { icon: <MapPin size={14} aria-hidden="true" /> } : {}) }))}
          />
        );
      })}
      <Fact wide label={t('customer:facts.lastOrder')} testId="customer-last-order" data-number={lastOrder?.number ?? ''}>
        {lastOrder ? (
          <>
            <strong>{lastOrder.number}</strong>
            <span className="facts__note">
              {t('customer:lastOrderValue', {
                total: formatMoney(lastOrder.totalCents, lastOrder.currency, locale),
                status: orderStatusText(t, lastOrder.status),
                date: formatDateTime(lastOrder.placedAt, locale, { dateStyle: 'medium' }),
              })}
            </span>
          </>
        ) : (
          none
        )}
      </Fact>
      <Fact label={t('customer:facts.orders')} testId="customer-orders">
        {formatNumber(counters.orders, locale)}
      </Fact>
      <FactList
        label={t('customer:facts.lifetimeValue')}
        none={none}
        testId="customer-lifetime-value"
        items={counters.lifetimeValue.map((value) => ({ key: value.currency, text: formatMoney(value.cents, value.currency, locale) }))}
      />
      <Fact label={t('customer:facts.contacts')}>{formatNumber(counters.interactions, locale)}</Fact>
      <Fact label={t('customer:facts.lastNps')}>
        {lastNps ? (
          <span className={`score score--${npsBand(lastNps.score)}`}>
            {t('customer:npsValue', { score: lastNps.score, time: formatDateTime(lastNps.at, locale, { dateStyle: 'medium' }) })}
          </span>
        ) : (
          none
        )}
      </Fact>
      <Fact label={t('customer:facts.lastCsat')}>
        {lastCsat ? t('customer:csatValue', { score: lastCsat.score, time: formatDateTime(lastCsat.at, locale, { dateStyle: 'medium' }) }) : none}
      </Fact>
    </dl>
  );
}

interface FactProps {
  readonly label: string;
  /** Takes a whole row of the columns (long values: e-mails, the last order). */
  readonly wide?: boolean;
  readonly className?: string;
  readonly testId?: string;
  readonly 'data-number'?: string;
  readonly children: ReactNode;
}

/** One fact: its name and its value. */
function Fact({ label, wide = false, className, testId, children, ...data }: FactProps) {
  return (
    <div className={wide ? 'facts__wide' : undefined}>
      <dt>{label}</dt>
      <dd className={className} data-testid={testId} {...data}>
        {children}
      </dd>
    </div>
  );
}

interface FactListProps extends Omit<FactProps, 'children' | 'className'> {
  /** What the fact says when the list is empty. */
  readonly none: string;
  readonly items: readonly { readonly key: string; readonly text: string; readonly icon?: ReactNode }[];
}

/** A fact with several values (phones, e-mails, amounts per currency), one per line. */
function FactList({ none, items, ...fact }: FactListProps) {
  return (
    <Fact {...fact} className="facts__list">
      {items.length === 0
        ? none
        : items.map((item) => (
            <span key={item.key}>
              {item.icon ? <>{item.icon} </> : null}
              {item.text}
            </span>
          ))}
    </Fact>
  );
}

/** NPS bands as the teams read them: detractors 0–6, passives 7–8, promoters 9–10. */
export function npsBand(score: number): 'detractor' | 'passive' | 'promoter' {
  return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
}
