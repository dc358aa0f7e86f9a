import { CalendarClock, TriangleAlert } from 'lucide-react';
import { memo, type ComponentType } from 'react';
import type { Customer360 } from '../../../common/contract/data.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { CustomerCallButton, type CustomerAction } from './CustomerActions.tsx';
import { CustomerFacts } from './CustomerFacts.tsx';
import './customer.css';

const SEGMENTS = { regular: 'customer:segments.regular', vip: 'customer:segments.vip', b2b: 'customer:segments.b2b', new: 'customer:segments.new' } as const;

interface CustomerHeaderProps {
  readonly view: Customer360;
  /** The form open below the header (escalate, callback), toggled by its button. */
  readonly action: CustomerAction | null;
  readonly onAction: (action: CustomerAction | null) => void;
  /** The wrap-up feature's button, passed in by the frame (see CustomerSlots). */
  readonly WrapUpButton: ComponentType<{ customerId: string }>;
  /** The co-browse feature's button, passed in by the frame (see CustomerSlots). */
  readonly CobrowseButton: ComponentType<{ customerId: string }>;
}

/**
 * Who this is, at a glance, and what the agent can do for them: name, language (and whether a
 * colleague who speaks it is free), where from, what they are worth, how they felt last time,
 * what is still open — and call, escalate, schedule a callback, co-browse, wrap up a contact.
 * Memoised: the screen renders again as its history and panels arrive, the header only when
 * the customer's 360 or the open action changes.
 */
export const CustomerHeader = memo(function CustomerHeader({ view, action, onAction, WrapUpButton, CobrowseButton }: CustomerHeaderProps) {
  const { t } = useT();
  const { customer, counters } = view;
  const firstPhone = customer.phones[0] ?? null;
  const segment = SEGMENTS[customer.segment as keyof typeof SEGMENTS] as (typeof SEGMENTS)[keyof typeof SEGMENTS] | undefined;
  const toggle = (next: CustomerAction) => onAction(action === next ? null : next);

  return (
    <section className="card customer-header" aria-labelledby="customer-name" data-testid="customer-header" data-customer-id={customer.id}>
      <div className="customer-header__top">
        <div className="customer-header__title">
          <h2 id="customer-name" className="customer-header__name" tabIndex={-1}>
            {customer.name}
          </h2>
          {segment && customer.segment !== 'regular' ? <Pill tone="accent">{t(segment)}</Pill> : null}
          {counters.repeatBuyer ? <Pill>{t('customer:repeatBuyer')}</Pill> : null}
          {view.openEscalations.length > 0 ? <Pill tone="warning">{t('customer:openEscalations', { count: view.openEscalations.length })}</Pill> : null}
          {view.openCallbacks.length > 0 ? <Pill>{t('customer:openCallbacks', { count: view.openCallbacks.length })}</Pill> : null}
        </div>
        <div className="customer-header__actions" role="group" aria-label={t('customer:actions.label')}>
          <CustomerCallButton phone={firstPhone} />
          <ActionButton icon={TriangleAlert} label={t('customer:actions.escalate')} expanded={action === 'escalate'} onClick={() => toggle('escalate')} testId="customer-escalate" />
          <ActionButton icon={CalendarClock} label={t('customer:actions.callback')} expanded={action === 'callback'} onClick={() => toggle('callback')} testId="customer-callback" />
          <CobrowseButton customerId={customer.id} />
          <WrapUpButton customerId={customer.id} />
        </div>
      </div>
      <CustomerFacts view={view} />
    </section>
  );
});
