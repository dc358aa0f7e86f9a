import type { ReactNode } from 'react';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { AgentsPanel } from './AgentsPanel.tsx';
import { hourIn } from './board-model.ts';
import { BoardSummary } from './BoardSummary.tsx';
import { HoursChart, ReasonsChart } from './BoardCharts.tsx';
import { useBoard } from './use-board.ts';
import { EscalationsPanel, LiveCallsPanel } from './WorkPanels.tsx';
import './team.css';

/**
 * The team lead's live board: the headline figures, then agents, calls and queues, then the
 * day's reasons and hours as charts, and the peak-mode switch. It reads the hub again on every
 * live event; the durations on it tick here, every second, without asking.
 */
export function BoardView({ peakSwitch }: { peakSwitch: ReactNode }) {
  const { t } = useT();
  const locale = useLocale();
  const state = useBoard();
  const now = useNow(1_000);
  if (state.state === 'loading') {
    return (
      <p className="hint" role="status" data-testid="board-loading">
        {t('team:loading')}
      </p>
    );
  }
  if (state.state === 'error') {
    return (
      <div className="board" data-testid="board-failed">
        <ErrorLine testId="board-error">{t('team:failed', { reason: errorMessage(t, state.error) })}</ErrorLine>
        {peakSwitch}
      </div>
    );
  }
  const { board, receivedAt, stale } = state;
  // The hub's clock, as far as this console's differs: durations are counted on the hub's.
  const skew = receivedAt - Date.parse(board.generatedAt);
  const currentHour = hourIn(board.timezone, now - skew);
  // In the office's zone, as the zone named beside it and the hours of the day's chart are.
  const updatedAt = formatDateTime(board.generatedAt, locale, { timeStyle: 'medium', timeZone: board.timezone });
  return (
    <div className="board" data-testid="board" data-generated-at={board.generatedAt}>
      <p className="hint board__updated">
        {stale
          ? t('team:stale', { reason: errorMessage(t, stale), time: updatedAt })
          : t('team:updated', { time: updatedAt, zone: board.timezone })}
      </p>
      <BoardSummary board={board} />
      <div className="board__grid">
        <AgentsPanel agents={board.agents} now={now} skew={skew} />
        <div className="board__column">
          <EscalationsPanel board={board} now={now} skew={skew} />
          <LiveCallsPanel calls={board.liveCalls} now={now} skew={skew} />
        </div>
        <ReasonsChart reasons={board.reasonsToday} />
        <HoursChart perHour={board.contactsPerHour} currentHour={currentHour} />
      </div>
      {peakSwitch}
    </div>
  );
}
