import { RotateCw, ShoppingCart } from 'lucide-react';
import { useCallback, useState } from 'react';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useLiveRead } from '../../app/use-live-read.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton } from '../../ui/FormActions.tsx';
import { CartRow } from './CartRow.tsx';
import './carts.css';

/** A cart leaves the list when an order recovers it or a colleague's call settles it; callbacks may be booked meanwhile. */
const LIVE_KINDS = /^(cart|callback)\./;

/** Figures line up on the right, their headings with them. */
const NUMERIC_COLUMNS = new Set<string>(['carts:columns.value', 'carts:columns.attempts']);
const COLUMNS = ['carts:columns.customer', 'carts:columns.value', 'carts:columns.abandoned', 'carts:columns.attempts', 'carts:columns.lastOutcome', 'carts:columns.actions'] as const;

/**
 * The outbound call list of abandoned carts (older than 48 h, not recovered, the customer agreed
 * to be contacted), highest value first as the hub orders it, read again when the hub announces
 * a change — an order for a cart arriving through the shop takes it off at once.
 */
export function CartsView() {
  const { t } = useT();
  const client = useClient();
  const now = useNow(60_000);
  const [outcomeFor, setOutcomeFor] = useState<string | null>(null);
  const read = useCallback(() => client.request('carts.list', {}), [client]);
  const list = useLiveRead(read, LIVE_KINDS);
  const signedOut = useHubStore((hub) => hub.status.state === 'off');

  if (list.state === 'loading') {
    return (
      <p className="hint" role="status" data-testid="carts-loading">
        {t('carts:loading')}
      </p>
    );
  }
  if (list.state === 'error') {
    return (
      <div className="carts__problem" data-testid="carts-error">
        <ErrorLine>{signedOut ? t('carts:signedOut') : problemText(t, list.error)}</ErrorLine>
        <ActionButton small icon={RotateCw} label={t('carts:retry')} onClick={list.reload} />
      </div>
    );
  }
  const { carts } = list.value;
  if (carts.length === 0) {
    return (
      <EmptyState icon={ShoppingCart} title={t('carts:empty.title')}>
        {t('carts:empty.body')}
      </EmptyState>
    );
  }
  return (
    <div className="carts" data-testid="carts">
      <p className="hint carts__intro">{t('carts:intro')}</p>
      <table className="carts__table">
        <caption className="carts__caption" data-testid="carts-count">
          {t('carts:caption', { count: carts.length })}
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={NUMERIC_COLUMNS.has(column) ? 'carts__numeric' : undefined}>
                {t(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {carts.map((cart) => (
            <CartRow
              key={cart.cartId}
              cart={cart}
              now={now}
              columns={COLUMNS.length}
              outcomeOpen={outcomeFor === cart.cartId}
              onOutcome={(open) => setOutcomeFor(open ? cart.cartId : null)}
              onSaved={list.reload}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Without the hub there is no list; an overflow agent is refused it (the rail hides it from them). */
function problemText(t: T, error: unknown): string {
  if (error instanceof LoketError && error.code === 'hub.unreachable') return t('carts:offline');
  if (error instanceof LoketError && error.code === 'hub.notSignedIn') return t('carts:signedOut');
  if (error instanceof LoketError && error.code === 'hub.refused' && error.params.status === 403) return t('carts:refused');
  return t('carts:failed', { reason: errorMessage(t, error) });
}
