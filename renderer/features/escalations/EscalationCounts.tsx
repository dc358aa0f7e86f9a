import { useT } from '../../i18n/use-t.ts';
import { useEscalationStore } from './escalation-store.ts';

/**
 * The navigation's badge on Escalations: mine and my queue's (unresolved) together, from the
 * inbox the page keeps current; the accessible name and tooltip say which is which. Nothing
 * while both are zero.
 */
export function EscalationCounts() {
  const { t } = useT();
  const counts = useEscalationStore((state) => state.inbox?.counts ?? null);
  if (!counts || counts.mine + counts.queue === 0) return null;
  const label = t('escalations:nav.counts', { mine: counts.mine, queue: counts.queue });
  return (
    <span className="nav-rail__badge" title={label} data-testid="nav-escalation-counts" data-mine={counts.mine} data-queue={counts.queue}>
      <span aria-hidden="true">{counts.mine + counts.queue}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
