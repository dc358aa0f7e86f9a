import { LayoutDashboard, ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useT } from '../../i18n/use-t.ts';
import { BoardView } from './BoardView.tsx';
import { OverflowPanel } from './OverflowPanel.tsx';

/** Roles the hub shows the board to; anyone else gets a plain "for team leads" (the hub refuses anyway). */
const BOARD_ROLES: ReadonlySet<string> = new Set(['team_lead', 'admin']);

export interface TeamSlots {
  /** The peak-mode switch, from its own feature (the frame hands it in). */
  readonly peakSwitch: ReactNode;
}

/** The Team screen: the live board for team leads and admins. */
export function TeamView({ slots }: { slots: TeamSlots }) {
  const { t } = useT();
  const hub = useHubStore((state) => state.status);
  if (hub.state !== 'signedIn') {
    return (
      <EmptyState icon={LayoutDashboard} title={t('team:empty.title')}>
        {t('team:empty.body')}
      </EmptyState>
    );
  }
  if (!BOARD_ROLES.has(hub.agent.role)) {
    return (
      <EmptyState icon={ShieldCheck} title={t('team:leadsOnly.title')}>
        {t('team:leadsOnly.body')}
      </EmptyState>
    );
  }
  return (
    <>
      <BoardView peakSwitch={slots.peakSwitch} />
      <OverflowPanel />
    </>
  );
}
