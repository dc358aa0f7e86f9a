import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { Board } from '../../../common/contract/board.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import { hourLineOptions, reasonBarOptions } from './board-charts.ts';
import { contactsSoFar, hourSeries, reasonLabel } from './board-model.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { UPlotChart } from './UPlotChart.tsx';

const hourText = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** Today's contacts by reason, top 10, as horizontal bars (or a table). */
export function ReasonsChart({ reasons }: { reasons: Board['reasonsToday'] }) {
  const { t, i18n } = useT();
  const locale = useLocale();
  const language = i18n.resolvedLanguage ?? 'en';
  const labels = useMemo(() => reasons.map((reason) => reasonLabel(reason, language)), [reasons, language]);
  const counts = useMemo(() => reasons.map((reason) => reason.count), [reasons]);
  const options = useMemo(() => reasonBarOptions(labels, counts), [labels, counts]);
  const data = useMemo<uPlot.AlignedData>(() => [counts.map((_, index) => index), counts], [counts]);
  const [top] = reasons;
  const summary = top
    ? t('team:reasons.summary', { count: reasons.length, top: labels[0] ?? top.code, topCount: formatNumber(top.count, locale) })
    : t('team:reasons.none');
  return (
    <Panel title={t('team:reasons.title')} className="board__panel board__reasons" testId="board-reasons">
      <ChartFigure
        title={t('team:reasons.chart')}
        summary={summary}
        testId="board-reasons-chart"
        table={{
          columns: [t('team:reasons.reason'), t('team:reasons.contacts')],
          rows: reasons.map((reason, index) => ({ key: reason.code, cells: [labels[index] ?? reason.code, formatNumber(reason.count, locale)] })),
        }}
      >
        {reasons.length > 0 ? <UPlotChart options={options} data={data} height={Math.max(120, 28 * reasons.length + 36)} testId="board-reasons-canvas" /> : null}
      </ChartFigure>
    </Panel>
  );
}

/** Contacts per hour today against the same weekday last year (a line chart, or a table). */
export function HoursChart({ perHour, currentHour }: { perHour: Board['contactsPerHour']; currentHour: number }) {
  const { t } = useT();
  const locale = useLocale();
  const series = useMemo(() => hourSeries(perHour, currentHour), [perHour, currentHour]);
  const todayLabel = t('team:hours.today');
  const lastYearLabel = t('team:hours.lastYear');
  const options = useMemo(() => hourLineOptions(hourText, todayLabel, lastYearLabel), [todayLabel, lastYearLabel]);
  const data = useMemo<uPlot.AlignedData>(() => [series.hours, series.lastYear, series.today], [series]);
  const soFar = contactsSoFar(perHour, currentHour);
  return (
    <Panel title={t('team:hours.title')} className="board__panel board__hours" testId="board-hours">
      <ChartFigure
        title={t('team:hours.chart')}
        summary={t('team:hours.summary', { today: formatNumber(soFar.today, locale), lastYear: formatNumber(soFar.lastYear, locale), hour: hourText(currentHour) })}
        testId="board-hours-chart"
        table={{
          columns: [t('team:hours.hour'), todayLabel, lastYearLabel],
          rows: series.hours.map((hour, index) => ({
            key: String(hour),
            cells: [hourText(hour), series.today[index] === null ? '–' : formatNumber(series.today[index] ?? 0, locale), formatNumber(series.lastYear[index] ?? 0, locale)],
          })),
        }}
      >
        <ul className="board-legend" aria-hidden="true">
          <li className="board-legend__item board-legend__item--today">{todayLabel}</li>
          <li className="board-legend__item board-legend__item--last-year">{lastYearLabel}</li>
        </ul>
        <UPlotChart options={options} data={data} height={200} testId="board-hours-canvas" />
      </ChartFigure>
    </Panel>
  );
}
