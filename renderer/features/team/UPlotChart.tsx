import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The theme's colours and font as the chart draws them (read from the design tokens). */
export interface ChartTheme {
  readonly accent: string;
  readonly muted: string;
  readonly text: string;
  readonly grid: string;
  readonly surface: string;
  readonly font: string;
}

function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: token('--accent', '#0b6e69'),
    muted: token('--text-muted', '#4f5b69'),
    text: token('--text', '#17202b'),
    grid: token('--border', '#d8dee6'),
    surface: token('--surface', '#ffffff'),
    font: token('--font', 'system-ui, sans-serif'),
  };
}

/** Whether this page can draw on a canvas at all (the component tests' DOM cannot). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

/** The theme now, and again whenever the frame switches light/dark (`data-theme` on the root). */
function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(readTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

interface UPlotChartProps {
  /** The chart's options for a theme (width and height are the wrapper's). */
  readonly options: (theme: ChartTheme) => Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  readonly height: number;
  readonly testId: string;
}

/**
 * One uPlot chart that fills its container's width: drawn again when the data or the theme
 * changes, resized with its container. Decorative for assistive technology: every chart stands
 * in a `ChartFigure` that names it, sums it up and offers the same figures as a table.
 */
export function UPlotChart({ options, data, height, testId }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useChartTheme();
  const [drawable] = useState(canDraw);

  useEffect(() => {
    const element = container.current;
    if (!element || !drawable) return;
    const width = () => Math.max(200, Math.floor(element.clientWidth || 480));
    const chart = new uPlot({ ...options(theme), width: width(), height }, data, element);
    element.dataset.drawn = 'true';
    // User Timing mark: a board chart is on screen (the board benchmark reads it).
    performance.mark('loket:board-chart');
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      delete element.dataset.drawn;
    };
  }, [options, data, height, theme, drawable]);

  return <div ref={container} className="board-chart__canvas" data-testid={testId} data-drawable={drawable} aria-hidden="true" />;
}
