import { UserRound } from 'lucide-react';
import { EmptyState } from '../../app/EmptyState.tsx';
import { useNavigationStore } from '../../app/navigation-store.ts';
import { useT } from '../../i18n/use-t.ts';

/** The Single Point of Contact screen. Until a call or a search opens a customer: what to expect. */
export function CustomerView() {
  const { t } = useT();
  const navigate = useNavigationStore((state) => state.navigate);
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
