import { Check, Copy, Package } from 'lucide-react';
import type { OrderDetail } from '../../../common/contract/data.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime, formatMoney } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useOrders } from './use-orders.ts';
import './orders.css';

type StepStatus = 'placed' | 'paid' | 'shipped' | 'delivered' | 'returned' | 'cancelled';

export const STEP_LABELS = {
  placed: 'orders:status.placed',
  paid: 'orders:status.paid',
  shipped: 'orders:status.shipped',
  delivered: 'orders:status.delivered',
  returned: 'orders:status.returned',
  cancelled: 'orders:status.cancelled',
} as const satisfies Record<StepStatus, string>;

export interface OrderStep {
  readonly status: StepStatus;
  readonly done: boolean;
  /** When the order reached this step (its first event of that status); null when not known. */
  readonly at: string | null;
}

/**
 * The stepper of an order: placed → paid → shipped → delivered, with returned after delivered
 * (or in its place when no delivery was recorded), and a cancelled order stopping where it was
 * cancelled. A step is done when it has an event or a later step does (a shop that never sends
 * "paid" still shows a shipped order as paid, only without a date).
 */
export function orderSteps(order: OrderDetail): OrderStep[] {
  const firstAt = (status: string) => order.events.find((event) => event.status === status)?.at ?? null;
  const reached = new Set([order.status, ...order.events.map((event) => event.status)]);
  let statuses: StepStatus[] = ['placed', 'paid', 'shipped', 'delivered'];
  if (reached.has('returned')) statuses = reached.has('delivered') ? [...statuses, 'returned'] : ['placed', 'paid', 'shipped', 'returned'];
  else if (reached.has('cancelled')) {
    const last = Math.max(0, ...(['paid', 'shipped'] as const).map((status, i) => (reached.has(status) ? i + 1 : 0)));
    statuses = [...statuses.slice(0, last + 1), 'cancelled'];
  }
  const furthest = Math.max(0, ...statuses.map((status, index) => (reached.has(status) ? index : 0)));
  return statuses.map((status, index) => ({
    status,
    done: index <= furthest,
    at: firstAt(status) ?? (status === 'placed' ? order.placedAt : null),
  }));
}

/** The open customer's orders, newest first, each with where it is now and the tracking number. */
export function OrdersPanel({ customerId }: { customerId: string }) {
  const { t } = useT();
  const { data, reload } = useOrders(customerId);
  return (
    <section className="card orders" aria-labelledby="orders-title" aria-busy={data.phase === 'loading'} data-testid="orders-panel">
      <div className="orders__head">
        <h2 id="orders-title" className="section-title">
          {t('orders:title')}
        </h2>
        {data.phase === 'ready' && data.orders.length + data.notHeld > 0 ? (
          <span className="hint">{t('orders:count', { count: data.orders.length + data.notHeld })}</span>
        ) : null}
      </div>
      {data.phase === 'loading' ? (
        <p className="hint" role="status" data-testid="orders-loading">
          {t('orders:loading')}
        </p>
      ) : data.phase === 'error' ? (
        <div className="row">
          <p className="form-error" role="alert" data-testid="orders-error">
            {t('orders:failed')} {errorMessage(t, data.error)}
          </p>
          <button type="button" className="button button--small" onClick={reload}>
            {t('orders:retry')}
          </button>
        </div>
      ) : data.orders.length === 0 && data.notHeld === 0 ? (
        <p className="hint orders__empty" data-testid="orders-empty">
          <Package size={18} aria-hidden="true" />
          {t('orders:empty')}
        </p>
      ) : (
        <>
          {data.orders.length > 0 ? (
            <ul className="orders__list">
              {data.orders.map((order) => (
                <OrderRow key={order.id} order={order} />
              ))}
            </ul>
          ) : null}
          {/* The record has orders this console does not keep: say so rather than "no orders yet". */}
          {data.notHeld > 0 ? (
            <p className="hint orders__not-held" data-testid="orders-not-held" data-count={data.notHeld}>
              <Package size={18} aria-hidden="true" />
              {t('orders:notHeld', { count: data.notHeld })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function OrderRow({ order }: { order: OrderDetail }) {
  const { t } = useT();
  const locale = useLocale();
  const toast = useToastStore((state) => state.show);
  const steps = orderSteps(order);
  const current = steps.reduce((last, step, index) => (step.done ? index : last), 0);
  const ref = order.trackingRef;
  const copy = (value: string) => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard) {
      toast('error', t('orders:copyFailed'));
      return;
    }
    clipboard.writeText(value).then(
      () => toast('success', t('orders:copied', { ref: value })),
      () => toast('error', t('orders:copyFailed')),
    );
  };
  return (
    <li className="order" data-testid="order-row" data-number={order.number} data-status={order.status}>
      <div className="order__head">
        <h3 className="order__number">{t('orders:number', { number: order.number })}</h3>
        <span className="order__total" title={t('orders:total')}>
          {formatMoney(order.totalCents, order.currency, locale)}
        </span>
        <span className="hint order__placed">
          {t('orders:placedOn', { date: formatDateTime(order.placedAt, locale, { dateStyle: 'medium' }) })}
        </span>
      </div>
      <ol className="order-steps" aria-label={t('orders:progress', { number: order.number })}>
        {steps.map((step, index) => (
          <li
            key={step.status}
            className={`order-step order-step--${step.status}${step.done ? ' order-step--done' : ''}`}
            aria-current={index === current ? 'step' : undefined}
            data-testid="order-step"
            data-status={step.status}
            data-done={step.done}
          >
            <span className="order-step__dot" aria-hidden="true">
              {step.done ? <Check size={12} strokeWidth={3} /> : null}
            </span>
            <span className="order-step__label">{t(STEP_LABELS[step.status])}</span>
            <span className="order-step__date">
              {step.at && step.done ? (
                <time dateTime={step.at} title={formatDateTime(step.at, locale, { dateStyle: 'full', timeStyle: 'short' })}>
                  {formatDateTime(step.at, locale)}
                </time>
              ) : step.done ? (
                t('orders:noDate')
              ) : (
                t('orders:notYet')
              )}
            </span>
          </li>
        ))}
      </ol>
      <div className="order__tracking">
        <span className="order__tracking-label">{t('orders:tracking')}</span>
        {ref ? (
          <>
            <code className="order__tracking-ref" data-testid="order-tracking">
              {ref}
            </code>
            <button type="button" className="button button--small" aria-label={t('orders:copyLabel', { ref })} onClick={() => copy(ref)} data-testid="order-copy-tracking">
              <Copy size={14} aria-hidden="true" />
              {t('orders:copy')}
            </button>
          </>
        ) : (
          <span className="hint">{t('orders:noTracking')}</span>
        )}
      </div>
    </li>
  );
}
