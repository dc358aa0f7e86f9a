import type { Board } from '../../../common/contract/board.ts';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { STATUSES, countByStatus } from './board-model.ts';
import { STATUS_LABELS } from './board-texts.ts';

/** One headline figure: its name, the number, and what it is out of (optional). */
function Tile({ label, value, detail, tone, testId }: { label: string; value: string; detail?: string; tone?: 'ok' | 'warn' | 'bad' | undefined; testId: string }) {
  return (
    <div className={`board-tile${tone ? ` board-tile--${tone}` : ''}`}>
      <dt className="board-tile__label">{label}</dt>
      <dd className="board-tile__value" data-testid={testId}>
        {value}
      </dd>
      {detail ? <dd className="board-tile__detail">{detail}</dd> : null}
    </div>
  );
}

/** A rate's tone: green when good, amber when so-so, red when bad (higher is better unless `lowerIsBetter`). */
function rateTone(rate: number | null, good: number, bad: number, lowerIsBetter = false): 'ok' | 'warn' | 'bad' | undefined {
  if (rate === null) return undefined;
  const score = lowerIsBetter ? -rate : rate;
  const [goodAt, badAt] = lowerIsBetter ? [-good, -bad] : [good, bad];
  if (score >= goodAt) return 'ok';
  if (score <= badAt) return 'bad';
  return 'warn';
}

/** The row a lead reads first: who is where, what waits, and today's three rates. */
export function BoardSummary({ board }: { board: Board }) {
  const { t } = useT();
  const locale = useLocale();
  const counts = countByStatus(board.agents);
  const waiting = board.escalationsWaiting.reduce((sum, row) => sum + row.waiting, 0);
  const percent = (rate: number | null) => (rate === null ? t('team:rates.none') : formatPercent(rate, locale));
  const { firstContactFix, repeatContact, slaAttainment } = board.rates;
  return (
    <div className="board__summary">
      <section className="board__group" aria-labelledby="board-people">
        <h2 id="board-people" className="board__group-title">
          {t('team:summary.people', { count: board.agents.length })}
        </h2>
        <dl className="board-tiles">
          {STATUSES.map((status) => (
            <Tile
              key={status}
              label={t(STATUS_LABELS[status])}
              value={formatNumber(counts[status], locale)}
              testId={`board-agents-${status}`}
              tone={status === 'available' && counts.available === 0 && board.agents.length > 0 ? 'bad' : undefined}
            />
          ))}
        </dl>
      </section>
      <section className="board__group" aria-labelledby="board-work">
        <h2 id="board-work" className="board__group-title">
          {t('team:summary.work')}
        </h2>
        <dl className="board-tiles">
          <Tile label={t('team:summary.escalationsWaiting')} value={formatNumber(waiting, locale)} testId="board-escalations-waiting" tone={waiting > 0 ? 'warn' : undefined} />
          <Tile label={t('team:summary.callbacksDue')} value={formatNumber(board.callbacks.due, locale)} testId="board-callbacks-due" />
          <Tile label={t('team:summary.callbacksOverdue')} value={formatNumber(board.callbacks.overdue, locale)} testId="board-callbacks-overdue" tone={board.callbacks.overdue > 0 ? 'bad' : undefined} />
          <Tile label={t('team:summary.liveCalls')} value={formatNumber(board.liveCalls.length, locale)} testId="board-live-calls-count" />
        </dl>
      </section>
      <section className="board__group" aria-labelledby="board-rates">
        <h2 id="board-rates" className="board__group-title">
          {t('team:rates.title')}
        </h2>
        <dl className="board-tiles">
          <Tile label={t('team:rates.firstContactFix')} value={percent(firstContactFix)} testId="board-fcr" tone={rateTone(firstContactFix, 0.75, 0.5)} />
          <Tile label={t('team:rates.repeatContact')} value={percent(repeatContact)} testId="board-repeat" tone={rateTone(repeatContact, 0.1, 0.25, true)} />
          <Tile label={t('team:rates.sla')} value={percent(slaAttainment)} testId="board-sla" tone={rateTone(slaAttainment, 0.9, 0.7)} />
        </dl>
      </section>
    </div>
  );
}
