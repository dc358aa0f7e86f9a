import { LayoutDashboard } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/EmptyState.tsx';

export function TeamView() {
  const { t } = useTranslation();
  return (
    <EmptyState icon={LayoutDashboard} title={t('team:empty.title')}>
      {t('team:empty.body')}
    </EmptyState>
  );
}
