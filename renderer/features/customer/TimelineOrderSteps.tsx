import { Check } from 'lucide-react';
import type { OrderDetail, TimelineEntry } from '../../../common/contract/data.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { orderSteps, STEP_LABELS } from './OrdersPanel.tsx';

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const SHORT_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/**
 * An order row's steps out of its loose `data` (the cache and the hub put them in `steps`:
 * status, at, trackingRef), in the orders panel's shape, so both steppers read one rule.
 */
export function orderOfEntry(entry: TimelineEntry): OrderDetail {
  const data = entry.data;
  const steps = Array.isArray(data.steps) ? (data.steps as unknown[]) : [];
  const events = steps.flatMap((step, index) => {
    if (typeof step !== 'object' || step === null) return [];
    const { id, status, at, trackingRef } = step as Record<string, unknown>;
    const when = str(at);
    return when ? [{ id: str(id) ?? `${entry.id}-${index}`, status: str(status) ?? '', at: when, trackingRef: str(trackingRef) }] : [];
  });
  return {
    id: entry.id,
    number: str(data.number) ?? '',
    status: str(data.status) ?? '',
    currency: str(data.currency) ?? '',
    totalCents: typeof data.totalCents === 'number' ? data.totalCents : 0,
    placedAt: entry.at,
    events,
    trackingRef: [...events].reverse().find((event) => event.trackingRef !== null)?.trackingRef ?? null,
  };
}

/**
 * The small stepper inside an order's history row: placed → paid → shipped → delivered (returned
 * or cancelled where the order went there), each step done with its date, the current one marked
 * for screen readers. One row per order instead of one per step keeps the conversations in view.
 */
export function TimelineOrderSteps({ order }: { order: OrderDetail }) {
  const { t } = useT();
  const locale = useLocale();
  const steps = orderSteps(order);
  const current = steps.reduce((last, step, index) => (step.done ? index : last), 0);
  return (
    <ol className="timeline-steps" aria-label={t('orders:progress', { number: order.number })} data-testid="timeline-order-steps">
      {steps.map((step, index) => (
        <li
          key={step.status}
          className={`timeline-step timeline-step--${step.status}${step.done ? ' timeline-step--done' : ''}`}
          aria-current={index === current ? 'step' : undefined}
          data-testid="timeline-order-step"
          data-status={step.status}
          data-done={step.done}
        >
          <span className="timeline-step__dot" aria-hidden="true">
            {step.done ? <Check size={10} strokeWidth={3} /> : null}
          </span>
          <span className="timeline-step__label">{t(STEP_LABELS[step.status])}</span>
          {step.done && step.at ? (
            <time className="timeline-step__date" dateTime={step.at} title={formatDateTime(step.at, locale, FULL_DATE)}>
              {formatDateTime(step.at, locale, SHORT_DATE)}
            </time>
          ) : (
            <span className="visually-hidden">{step.done ? t('orders:noDate') : t('orders:notYet')}</span>
          )}
        </li>
      ))}
    </ol>
  );
}
