import { CalendarClock, Mail, Phone, PhoneCall, TriangleAlert } from 'lucide-react';
import type { ComponentType } from 'react';
import type { Customer360 } from '../../../common/contract/data.ts';
import { formatDateTime, formatMoney, formatNumber, languageName, regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import type { CustomerAction } from './CustomerActions.tsx';
import './customer.css';

const SEGMENTS = { regular: 'customer:segments.regular', vip: 'customer:segments.vip', b2b: 'customer:segments.b2b', new: 'customer:segments.new' } as const;
const ORDER_STATUSES = {
  placed: 'customer:timeline.orderStatus.placed',
  paid: 'customer:timeline.orderStatus.paid',
  shipped: 'customer:timeline.orderStatus.shipped',
  delivered: 'customer:timeline.orderStatus.delivered',
  returned: 'customer:timeline.orderStatus.returned',
  cancelled: 'customer:timeline.orderStatus.cancelled',
} as const;

interface CustomerHeaderProps {
  readonly view: Customer360;
  /** The form open below the header (escalate, callback), toggled by its button. */
  readonly action: CustomerAction | null;
  readonly onAction: (action: CustomerAction | null) => void;
  /** The wrap-up feature's button, passed in by the frame (see CustomerSlots). */
  readonly WrapUpButton: ComponentType<{ customerId: string }>;
}

/**
 * Who this is, at a glance, and what the agent can do for them: name, language (and whether a
 * colleague who speaks it is free), where from, what they are worth, how they felt last time,
 * what is still open — and call, escalate, schedule a callback, wrap up a contact.
 */
export function CustomerHeader({ view, action, onAction, WrapUpButton }: CustomerHeaderProps) {
  const { t } = useT();
  const locale = useLocale();
  const callNumber = useCallNumber();
  const registered = usePhoneStore((state) => state.status?.registration.state === 'registered');
  const { customer, counters, lastNps, lastCsat, lastOrder, languageColleagues } = view;
  const firstPhone = customer.phones[0] ?? null;
  const segment = SEGMENTS[customer.segment as keyof typeof SEGMENTS] as (typeof SEGMENTS)[keyof typeof SEGMENTS] | undefined;
  const orderStatus = lastOrder ? (ORDER_STATUSES[lastOrder.status as keyof typeof ORDER_STATUSES] as (typeof ORDER_STATUSES)[keyof typeof ORDER_STATUSES] | undefined) : undefined;
  const toggle = (next: CustomerAction) => onAction(action === next ? null : next);

  return (
    <section className="card customer-header" aria-labelledby="customer-name" data-testid="customer-header" data-customer-id={customer.id}>
      <div className="customer-header__top">
        <div className="customer-header__title">
          <h2 id="customer-name" className="customer-header__name" tabIndex={-1}>
            {customer.name}
          </h2>
          {segment && customer.segment !== 'regular' ? <span className="badge badge--accent">{t(segment)}</span> : null}
          {counters.repeatBuyer ? <span className="badge">{t('customer:repeatBuyer')}</span> : null}
          {view.openEscalations.length > 0 ? (
            <span className="badge badge--warning">{t('customer:openEscalations', { count: view.openEscalations.length })}</span>
          ) : null}
          {view.openCallbacks.length > 0 ? <span className="badge">{t('customer:openCallbacks', { count: view.openCallbacks.length })}</span> : null}
        </div>
        <div className="customer-header__actions" role="group" aria-label={t('customer:actions.label')}>
          <button
            type="button"
            className="button button--primary"
            disabled={!firstPhone || !registered}
            title={!firstPhone ? t('customer:actions.callNoPhone') : !registered ? t('customer:actions.callNotRegistered') : t('customer:actions.callHint', { phone: firstPhone })}
            onClick={() => {
              if (firstPhone) void callNumber(firstPhone);
            }}
            data-testid="customer-call"
          >
            <PhoneCall size={16} aria-hidden="true" />
            {t('customer:actions.call')}
          </button>
          <button type="button" className="button" aria-expanded={action === 'escalate'} onClick={() => toggle('escalate')} data-testid="customer-escalate">
            <TriangleAlert size={16} aria-hidden="true" />
            {t('customer:actions.escalate')}
          </button>
          <button type="button" className="button" aria-expanded={action === 'callback'} onClick={() => toggle('callback')} data-testid="customer-callback">
            <CalendarClock size={16} aria-hidden="true" />
            {t('customer:actions.callback')}
          </button>
          <WrapUpButton customerId={customer.id} />
        </div>
      </div>
      <dl className="facts facts--columns" aria-label={t('customer:facts.label')}>
        <div>
          <dt>{t('customer:facts.language')}</dt>
          <dd>
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
          </dd>
        </div>
        <div>
          <dt>{t('customer:facts.country')}</dt>
          <dd>
            {regionName(customer.country, locale)}
            {customer.officeName ? <span className="facts__note">{t('customer:facts.office', { office: customer.officeName })}</span> : null}
          </dd>
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
        <div className="facts__wide">
          <dt>{t('customer:facts.lastOrder')}</dt>
          <dd data-testid="customer-last-order" data-number={lastOrder?.number ?? ''}>
            {lastOrder ? (
              <>
                <strong>{lastOrder.number}</strong>
                <span className="facts__note">
                  {t('customer:lastOrderValue', {
                    total: formatMoney(lastOrder.totalCents, lastOrder.currency, locale),
                    status: orderStatus ? t(orderStatus) : lastOrder.status,
                    date: formatDateTime(lastOrder.placedAt, locale, { dateStyle: 'medium' }),
                  })}
                </span>
              </>
            ) : (
              t('customer:facts.none')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('customer:facts.orders')}</dt>
          <dd data-testid="customer-orders">{formatNumber(counters.orders, locale)}</dd>
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
          <dt>{t('customer:facts.contacts')}</dt>
          <dd>{formatNumber(counters.interactions, locale)}</dd>
        </div>
        <div>
          <dt>{t('customer:facts.lastNps')}</dt>
          <dd>
            {lastNps ? (
              <span className={`score score--${npsBand(lastNps.score)}`}>
                {t('customer:npsValue', { score: lastNps.score, time: formatDateTime(lastNps.at, locale, { dateStyle: 'medium' }) })}
              </span>
            ) : (
              t('customer:facts.none')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('customer:facts.lastCsat')}</dt>
          <dd>
            {lastCsat
              ? t('customer:csatValue', { score: lastCsat.score, time: formatDateTime(lastCsat.at, locale, { dateStyle: 'medium' }) })
              : t('customer:facts.none')}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** NPS bands as the teams read them: detractors 0–6, passives 7–8, promoters 9–10. */
export function npsBand(score: number): 'detractor' | 'passive' | 'promoter' {
  return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
}
