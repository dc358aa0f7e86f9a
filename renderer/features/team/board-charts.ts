import uPlot from 'uplot';
import type { ChartTheme } from './UPlotChart.tsx';

// The two board charts' uPlot options, built from the theme's tokens. Pure option builders (no
// React), so each chart's look is in one place.

const LABEL_CHARS = 26;
const shorten = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);
/** A token's hex colour (#rgb or #rrggbb) with transparency; anything else unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((start) => parseInt(full.slice(start, start + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
const font = (theme: ChartTheme, size: number, weight = '') => `${weight} ${size}px ${theme.font}`.trim();

/** Reasons as horizontal bars, the most frequent on top, each bar with its count at its end. */
export function reasonBarOptions(labels: readonly string[], counts: readonly number[]) {
  return (theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> => {
    const max = Math.max(1, ...counts);
    const indices = labels.map((_, index) => index);
    const longest = Math.max(4, ...labels.map((label) => shorten(label).length));
    return {
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      padding: [4, 36, 0, 0],
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.5, Math.max(0, labels.length - 1) + 0.5] },
        y: { ori: 0, range: [0, max] },
      },
      axes: [
        {
          scale: 'x',
          side: 3,
          stroke: theme.text,
          font: font(theme, 12),
          grid: { show: false },
          ticks: { show: false },
          splits: () => indices,
          values: (_chart, splits) => splits.map((index) => shorten(labels[index] ?? '')),
          size: Math.min(210, 12 + longest * 7),
        },
        {
          scale: 'y',
          side: 2,
          stroke: theme.muted,
          font: font(theme, 11),
          grid: { stroke: theme.grid, width: 1 },
          ticks: { stroke: theme.grid, width: 1 },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000],
        },
      ],
      series: [{}, { fill: theme.accent, stroke: theme.accent, width: 0, paths: uPlot.paths.bars?.({ size: [0.66, 28] }), points: { show: false } }],
      hooks: {
        draw: [
          (chart) => {
            const { ctx } = chart;
            ctx.save();
            ctx.font = font(theme, 12 * uPlot.pxRatio, '600');
            ctx.fillStyle = theme.text;
            ctx.textBaseline = 'middle';
            counts.forEach((count, index) => {
              const x = chart.valToPos(count, 'y', true) + 6 * uPlot.pxRatio;
              const y = chart.valToPos(index, 'x', true);
              ctx.fillText(String(count), x, y);
            });
            ctx.restore();
          },
        ],
      },
    };
  };
}

/** Contacts per hour: today as a solid line with points, the same weekday last year dashed. */
export function hourLineOptions(hourLabel: (hour: number) => string, todayLabel: string, lastYearLabel: string) {
  return (theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> => ({
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [8, 12, 0, 0],
    scales: { x: { time: false }, y: { range: (_chart, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
    axes: [
      {
        stroke: theme.muted,
        font: font(theme, 11),
        grid: { show: false },
        ticks: { stroke: theme.grid, width: 1 },
        incrs: [1, 2, 3, 4, 6],
        values: (_chart, splits) => splits.map((hour) => hourLabel(hour)),
      },
      {
        stroke: theme.muted,
        font: font(theme, 11),
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1 },
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000],
        size: 44,
      },
    ],
    series: [
      {},
      { label: lastYearLabel, stroke: theme.muted, width: 2, dash: [6, 5], points: { show: false } },
      { label: todayLabel, stroke: theme.accent, width: 3, fill: withAlpha(theme.accent, 0.14), points: { show: true, size: 6, fill: theme.accent, stroke: theme.accent } },
    ],
  });
}
