import type { Board } from '../../../common/contract/board.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import { STATUSES, clockDuration, officeRows, sortedAgents } from './board-model.ts';
import { STATUS_LABELS } from './board-texts.ts';

/** Milliseconds since an ISO time by the hub's clock (`skew`: the console's clock minus the hub's). */
export const elapsed = (since: string | null, now: number, skew: number) => (since === null ? null : now - skew - Date.parse(since));

/** Agents by state per office (a table), then every agent with how long they have been in that state. */
export function AgentsPanel({ agents, now, skew }: { agents: Board['agents']; now: number; skew: number }) {
  const { t } = useT();
  const locale = useLocale();
  const offices = officeRows(agents);
  return (
    <Panel title={t('team:agents.title')} className="board__panel board__agents" testId="board-agents">
      {agents.length === 0 ? (
        <p className="hint">{t('team:agents.none')}</p>
      ) : (
        <>
          <table className="board-table board-table--offices" data-testid="board-offices">
            <caption className="visually-hidden">{t('team:agents.byOffice')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team:agents.office')}</th>
                {STATUSES.map((status) => (
                  <th key={status} scope="col" className="board-table__number">
                    <span className={`presence-dot presence-dot--${status}`} aria-hidden="true" /> {t(STATUS_LABELS[status])}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {offices.map((office) => (
                <tr key={office.code} data-testid={`board-office-${office.code}`}>
                  <th scope="row">{office.name}</th>
                  {STATUSES.map((status) => (
                    <td key={status} className="board-table__number" data-status={status}>
                      {office.counts[status] > 0 ? formatNumber(office.counts[status], locale) : <span className="board-table__zero">0</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {/* Scrolls in a long team: focusable so the keyboard can scroll it too. */}
          <ul className="board-people" aria-label={t('team:agents.list')} data-testid="board-agent-list" tabIndex={0}>
            {sortedAgents(agents).map((agent) => {
              const inState = elapsed(agent.since, now, skew);
              return (
                <li key={agent.id} className="board-person" data-status={agent.status} data-testid={`board-agent-${agent.id}`}>
                  <span className={`presence-dot presence-dot--${agent.status}`} aria-hidden="true" />
                  <span className="board-person__name">{agent.displayName}</span>
                  <span className="board-person__meta">
                    {t(STATUS_LABELS[agent.status])} · {agent.office.code}
                  </span>
                  <span className="board-person__time" aria-label={inState === null ? undefined : t('team:agents.inState', { time: clockDuration(inState) })}>
                    {inState === null ? '' : clockDuration(inState)}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Panel>
  );
}
