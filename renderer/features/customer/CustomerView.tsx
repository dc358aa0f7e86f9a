import { UserRound } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useNavigationStore } from '../../app/navigation-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { CustomerHeader } from './CustomerHeader.tsx';
import { NoteComposer } from './NoteComposer.tsx';
import { Timeline } from './Timeline.tsx';
import { useCustomerStore } from './customer-store.ts';
import { useCustomer } from './use-customer.ts';

/** The Single Point of Contact screen: the open customer, or what to expect until one opens. */
export function CustomerView() {
  const { t } = useT();
  const navigate = useNavigationStore((state) => state.navigate);
  const customerId = useCustomerStore((state) => state.customerId);
  if (customerId) return <CustomerScreen key={customerId} customerId={customerId} />;
  return (
    <EmptyState
      icon={UserRound}
      title={t('customer:empty.title')}
      action={
        <button type="button" className="button button--primary" onClick={() => navigate('search')}>
          {t('customer:empty.action')}
        </button>
      }
    >
      {t('customer:empty.body')}
    </EmptyState>
  );
}

function CustomerScreen({ customerId }: { customerId: string }) {
  const { t } = useT();
  const navigate = useNavigationStore((state) => state.navigate);
  const { data, reload, loadOlder } = useCustomer(customerId);
  const focused = useRef(false);

  // When focus was lost on the way here (the search box went away with its screen), put it on
  // the customer's name, so keyboard and screen reader users start at the customer. Focus that
  // is somewhere (the agent is typing) stays where it is.
  useEffect(() => {
    if (data.phase !== 'ready' || focused.current) return;
    focused.current = true;
    const active = document.activeElement;
    if (active === null || active === document.body) document.getElementById('customer-name')?.focus({ preventScroll: true });
  }, [data.phase]);

  return (
    <div className="view view--wide customer" data-customer-id={customerId} aria-busy={data.phase === 'loading'}>
      {data.phase === 'error' ? (
        <section className="card customer__error" data-testid="customer-error">
          <p className="form-error" role="alert">
            {t('customer:loadFailed')} {errorMessage(t, data.error)}
          </p>
          <div className="row">
            <button type="button" className="button button--primary" onClick={reload}>
              {t('customer:retry')}
            </button>
            <button type="button" className="button" onClick={() => navigate('search')}>
              {t('customer:backToSearch')}
            </button>
          </div>
        </section>
      ) : null}
      {data.view ? <CustomerHeader view={data.view} /> : null}
      {data.phase === 'loading' ? (
        <p className="hint" role="status">
          {t('customer:loading')}
        </p>
      ) : null}
      {/* Always there, also when loading failed: text typed in it must never vanish with the screen. */}
      <NoteComposer customerId={customerId} />
      {data.view ? (
        <Timeline
          items={data.items}
          hasOlder={data.nextBefore !== null}
          loadingOlder={data.older === 'loading'}
          olderError={data.olderError}
          onLoadOlder={loadOlder}
        />
      ) : null}
    </div>
  );
}
