import { Inbox } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/EmptyState.tsx';

export function EscalationsView() {
  const { t } = useTranslation();
  return (
    <EmptyState icon={Inbox} title={t('escalations:empty.title')}>
      {t('escalations:empty.body')}
    </EmptyState>
  );
}
