import { UserRound } from 'lucide-react';
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { drop } from '../../../common/assert.ts';
import { useClient } from '../../app/client-context.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useNavigationStore } from '../../app/stores/navigation-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { afterPaint } from '../../media/after-paint.ts';
import { useT } from '../../i18n/use-t.ts';
import { CustomerActionForm, type CustomerAction } from './CustomerActions.tsx';
import { CustomerHeader } from './CustomerHeader.tsx';
import { NoteComposer } from './NoteComposer.tsx';
import { OrdersPanel } from './OrdersPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { useCustomerStore } from '../../app/stores/customer-store.ts';
import { useCustomer } from './use-customer.ts';
import './customer.css';

/**
 * What the customer screen shows of other features. The frame fills it in (frame/screens.tsx):
 * a feature never imports another one.
 */
export interface CustomerSlots {
  /** The wrap-up of this customer's calls, below the header. */
  readonly WrapUpPanel: ComponentType<{ customerId: string }>;
  /** The header's "wrap up a contact" button. */
  readonly WrapUpButton: ComponentType<{ customerId: string }>;
  /** The header's "Co-browse" button. */
  readonly CobrowseButton: ComponentType<{ customerId: string }>;
  /** The co-browse session (code, live view, control), below the header. */
  readonly CobrowsePanel: ComponentType<{ customerId: string }>;
}

/** The Single Point of Contact screen: the open customer, or what to expect until one opens. */
export function CustomerView({ slots }: { slots: CustomerSlots }) {
  const { t } = useT();
  const navigate = useNavigationStore((state) => state.navigate);
  const customerId = useCustomerStore((state) => state.customerId);
  if (customerId) return <CustomerScreen key={customerId} customerId={customerId} slots={slots} />;
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

/** False until `when` holds and a frame has been painted since; then true for good. */
function useAfterPaint(when: boolean): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!when || done) return;
    return afterPaint(() => setDone(true));
  }, [when, done]);
  return done;
}

function CustomerScreen({ customerId, slots }: { customerId: string; slots: CustomerSlots }) {
  const { WrapUpPanel, CobrowsePanel } = slots;
  const { t } = useT();
  const navigate = useNavigationStore((state) => state.navigate);
  const client = useClient();
  const { data, reload, loadOlder } = useCustomer(customerId);
  const [action, setAction] = useState<CustomerAction | null>(null);
  const focused = useRef(false);
  // The header is what a screen pop is for. When it can be shown at once (the caller's 360 came
  // with the ringing call), the first frame holds it alone, with the ringing banner: the note box
  // and the wrap-up and co-browse panels mount once that frame is on screen — effects of a render
  // that a store's update set off run before the browser may paint, and theirs ask main for
  // drafts and listen for keys. When the 360 has to be asked for, they are there from the start.
  // The history and orders (the bigger trees; the history measures its rows) mount once a frame
  // with the header is on screen, so a ringing call's caller is shown without waiting for them.
  const [headerAtOnce] = useState(data.view !== null);
  const headerPainted = useAfterPaint(data.view !== null);
  const panelsMounted = !headerAtOnce || headerPainted;
  const restMounted = data.view !== null && headerPainted;

  // Remembered for the search screen's "recent customers" (only once it opened: not a typo'd id;
  // on a screen pop after the header's frame: main's write is not what the agent waits for).
  const found = data.view !== null && panelsMounted;
  useEffect(() => {
    if (found) drop(client.request('customers.opened', { id: customerId }).catch(() => undefined));
  }, [client, customerId, found]);

  // When focus was lost on the way here (the search box went away with its screen), put it on
  // the customer's name, so keyboard and screen reader users start at the customer. Focus that
  // is somewhere (the agent is typing) stays where it is.
  // After the first paint (as the ringing banner moves focus to Answer): moving focus forces the
  // page's style and layout in the middle of showing who calls.
  useEffect(() => {
    if (data.phase !== 'ready' || focused.current) return;
    return afterPaint(() => {
      focused.current = true;
      const active = document.activeElement;
      if (active === null || active === document.body) document.getElementById('customer-name')?.focus({ preventScroll: true });
    });
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
      {data.view ? <CustomerHeader view={data.view} action={action} onAction={setAction} WrapUpButton={slots.WrapUpButton} CobrowseButton={slots.CobrowseButton} /> : null}
      {data.view && action ? <CustomerActionForm action={action} view={data.view} onClose={() => setAction(null)} /> : null}
      {data.view && panelsMounted ? <CobrowsePanel customerId={customerId} /> : null}
      {panelsMounted ? <WrapUpPanel customerId={customerId} /> : null}
      {data.phase === 'loading' ? (
        <p className="hint" role="status">
          {t('customer:loading')}
        </p>
      ) : null}
      <div className="customer__columns">
        <div className="customer__main">
          {/* Always there (on a screen pop from the second frame), also when loading failed: text typed in it must never vanish with the screen. */}
          {panelsMounted ? <NoteComposer customerId={customerId} /> : null}
          {restMounted ? (
            <Timeline
              items={data.items}
              hasOlder={data.nextBefore !== null}
              loadingOlder={data.older === 'loading'}
              olderError={data.olderError}
              onLoadOlder={loadOlder}
            />
          ) : null}
        </div>
        {restMounted ? (
          <aside className="customer__side" aria-label={t('customer:sideLabel')}>
            <OrdersPanel customerId={customerId} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}
