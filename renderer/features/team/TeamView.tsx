import { LayoutDashboard } from 'lucide-react';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useT } from '../../i18n/use-t.ts';

export function TeamView() {
  const { t } = useT();
  return (
    <EmptyState icon={LayoutDashboard} title={t('team:empty.title')}>
      {t('team:empty.body')}
    </EmptyState>
  );
}
