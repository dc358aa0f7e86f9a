import { PhoneCall } from 'lucide-react';
import type { Board } from '../../../common/contract/board.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import { elapsed } from './AgentsPanel.tsx';
import { clockDuration, queueRows } from './board-model.ts';
import { QUEUE_LABELS } from './board-texts.ts';

/** Escalations waiting per queue with the oldest one's wait, and today's escalations so far. */
export function EscalationsPanel({ board, now, skew }: { board: Board; now: number; skew: number }) {
  const { t } = useT();
  const locale = useLocale();
  const today = board.escalationsToday;
  return (
    <Panel title={t('team:escalations.title')} className="board__panel board__escalations" testId="board-escalations">
      <table className="board-table">
        <thead>
          <tr>
            <th scope="col">{t('team:escalations.queue')}</th>
            <th scope="col" className="board-table__number">
              {t('team:escalations.waiting')}
            </th>
            <th scope="col" className="board-table__number">
              {t('team:escalations.oldest')}
            </th>
          </tr>
        </thead>
        <tbody>
          {queueRows(board.escalationsWaiting).map((row) => {
            const label = QUEUE_LABELS[row.queue];
            const oldest = elapsed(row.oldestAt, now, skew);
            return (
              <tr key={row.queue} data-queue={row.queue}>
                <th scope="row">{label ? t(label) : row.queue}</th>
                <td className="board-table__number board-table__big" data-testid={`board-waiting-${row.queue}`}>
                  {formatNumber(row.waiting, locale)}
                </td>
                <td className="board-table__number" data-testid={`board-oldest-${row.queue}`}>
                  {oldest === null ? '–' : clockDuration(oldest)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="board-facts">
        <div>
          <dt>{t('team:escalations.created')}</dt>
          <dd data-testid="board-escalations-created">{formatNumber(today.created, locale)}</dd>
        </div>
        <div>
          <dt>{t('team:escalations.claimed')}</dt>
          <dd data-testid="board-escalations-claimed">{formatNumber(today.claimed, locale)}</dd>
        </div>
        <div>
          <dt>{t('team:escalations.resolved')}</dt>
          <dd data-testid="board-escalations-resolved">{formatNumber(today.resolved, locale)}</dd>
        </div>
      </dl>
    </Panel>
  );
}

/** The calls going on now, longest first, with their running time. */
export function LiveCallsPanel({ calls, now, skew }: { calls: Board['liveCalls']; now: number; skew: number }) {
  const { t } = useT();
  const sorted = [...calls].sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  return (
    <Panel title={t('team:calls.title', { count: calls.length })} className="board__panel board__calls" testId="board-live-calls">
      {sorted.length === 0 ? (
        <p className="hint">{t('team:calls.none')}</p>
      ) : (
        <ul className="board-people" aria-label={t('team:calls.list')} tabIndex={0}>
          {sorted.map((call) => {
            const running = clockDuration(elapsed(call.since, now, skew) ?? 0);
            return (
              <li key={`${call.agentId}-${call.since}`} className="board-person" data-testid={`board-call-${call.agentId}`}>
                <PhoneCall size={16} aria-hidden="true" className="board-person__icon" />
                <span className="board-person__name">{call.agentName}</span>
                <span className="board-person__time" aria-label={t('team:calls.running', { time: running })}>
                  {running}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
