import { Inbox } from 'lucide-react';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useT } from '../../i18n/use-t.ts';

export function EscalationsView() {
  const { t } = useT();
  return (
    <EmptyState icon={Inbox} title={t('escalations:empty.title')}>
      {t('escalations:empty.body')}
    </EmptyState>
  );
}
