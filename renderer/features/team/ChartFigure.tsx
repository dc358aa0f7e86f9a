import { BarChart3, Table2 } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';

export interface ChartTable {
  /** Column headings, already translated. */
  readonly columns: readonly string[];
  /** One row per category or hour; cells already formatted. */
  readonly rows: readonly { readonly key: string; readonly cells: readonly string[] }[];
}

interface ChartFigureProps {
  readonly title: string;
  /** One sentence with what the chart says (its accessible description, shown under the title). */
  readonly summary: string;
  readonly table: ChartTable;
  /** The chart itself (drawn on a canvas, hidden from assistive technology). */
  readonly children: ReactNode;
  readonly testId: string;
}

/**
 * A chart with its name, a one-line summary and a table of the same figures: the toggle shows the
 * table instead of the chart (for screen readers, keyboard users and anyone who wants numbers).
 */
export function ChartFigure({ title, summary, table, children, testId }: ChartFigureProps) {
  const { t } = useT();
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  const summaryId = useId();
  return (
    <figure className="board-chart" aria-labelledby={titleId} aria-describedby={summaryId} data-testid={testId} data-view={asTable ? 'table' : 'chart'}>
      <div className="board-chart__head">
        <figcaption id={titleId} className="board-chart__title">
          {title}
        </figcaption>
        <button
          type="button"
          className="button button--small board-chart__toggle"
          aria-pressed={asTable}
          onClick={() => setAsTable((shown) => !shown)}
          data-testid={`${testId}-toggle`}
        >
          {asTable ? <BarChart3 size={16} aria-hidden="true" /> : <Table2 size={16} aria-hidden="true" />}
          {t('team:chart.asTable')}
        </button>
      </div>
      <p id={summaryId} className="hint board-chart__summary" data-testid={`${testId}-summary`}>
        {summary}
      </p>
      {asTable ? (
        <table className="board-table" aria-labelledby={titleId} data-testid={`${testId}-table`}>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key}>
                {row.cells.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={index}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        children
      )}
    </figure>
  );
}
