import { Mail, Phone } from 'lucide-react';
import type { Customer360 } from '../../../common/contract/console-data.ts';
import { formatDateTime, formatMoney, formatNumber, languageName, regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';

/** Who this is, at a glance: name, where from, how to reach them, and what they are worth. */
export function CustomerHeader({ view }: { view: Customer360 }) {
  const { t } = useT();
  const locale = useLocale();
  const { customer, counters, lastNps } = view;
  return (
    <section className="card customer-header" aria-labelledby="customer-name" data-testid="customer-header">
      <div className="customer-header__title">
        <h2 id="customer-name" className="customer-header__name" tabIndex={-1}>
          {customer.name}
        </h2>
        {counters.repeatBuyer ? <span className="badge">{t('customer:repeatBuyer')}</span> : null}
        {view.openEscalations.length > 0 ? (
          <span className="badge badge--warning">{t('customer:openEscalations', { count: view.openEscalations.length })}</span>
        ) : null}
        {view.openCallbacks.length > 0 ? <span className="badge">{t('customer:openCallbacks', { count: view.openCallbacks.length })}</span> : null}
      </div>
      <dl className="facts facts--columns" aria-label={t('customer:facts.label')}>
        <div>
          <dt>{t('customer:facts.country')}</dt>
          <dd>{regionName(customer.country, locale)}</dd>
        </div>
        <div>
          <dt>{t('customer:facts.language')}</dt>
          <dd>{languageName(customer.language, locale)}</dd>
        </div>
        <div>
          <dt>{t('customer:facts.phones')}</dt>
          <dd className="facts__list">
            {customer.phones.length === 0 ? t('customer:facts.none') : null}
            {customer.phones.map((phone) => (
              <span key={phone}>
                <Phone size={14} aria-hidden="true" /> {phone}
              </span>
            ))}
          </dd>
        </div>
        <div className="facts__wide">
          <dt>{t('customer:facts.emails')}</dt>
          <dd className="facts__list">
            {customer.emails.length === 0 ? t('customer:facts.none') : null}
            {customer.emails.map((email) => (
              <span key={email}>
                <Mail size={14} aria-hidden="true" /> {email}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('customer:facts.orders')}</dt>
          <dd data-testid="customer-orders">{formatNumber(counters.orders, locale)}</dd>
        </div>
        <div>
          <dt>{t('customer:facts.contacts')}</dt>
          <dd>{formatNumber(counters.interactions, locale)}</dd>
        </div>
        <div>
          <dt>{t('customer:facts.lifetimeValue')}</dt>
          <dd className="facts__list" data-testid="customer-lifetime-value">
            {counters.lifetimeValue.length === 0 ? t('customer:facts.none') : null}
            {counters.lifetimeValue.map((value) => (
              <span key={value.currency}>{formatMoney(value.cents, value.currency, locale)}</span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('customer:facts.lastNps')}</dt>
          <dd>
            {lastNps
              ? t('customer:npsValue', { score: lastNps.score, time: formatDateTime(lastNps.at, locale, { dateStyle: 'medium' }) })
              : t('customer:facts.none')}
          </dd>
        </div>
      </dl>
    </section>
  );
}
