import type { SyncProgress, SyncStatus } from '../../../common/contract/data.ts';
import { formatDuration, formatNumber, formatPercent } from '../../i18n/format.ts';

/** What the top bar says about the sync, before translation. */
export type SyncIndicatorState = 'offline' | 'connecting' | 'initial' | 'delta' | 'online';

export function indicatorState(status: SyncStatus): SyncIndicatorState {
  if (status.connection === 'offline') return 'offline';
  if (status.connection === 'connecting') return 'connecting';
  if (status.phase === 'initial' && status.progress) return 'initial';
  if (status.phase !== 'idle') return 'delta';
  return 'online';
}

export function indicatorTone(state: SyncIndicatorState): 'ok' | 'busy' | 'offline' {
  switch (state) {
    case 'online':
      return 'ok';
    case 'offline':
      return 'offline';
    default:
      return 'busy';
  }
}

export interface ProgressFigures {
  /** Whole percent 0..100 for `aria-valuenow`; 100 only when the sync is complete. */
  readonly percent: number;
  readonly percentText: string;
  readonly rows: string;
  readonly total: string | null;
  readonly rate: string;
  /** Null while there is no estimate yet (no total, no speed). */
  readonly eta: string | null;
}

/** The numbers of the first sync, formatted in the UI language. */
export function progressFigures(progress: SyncProgress, locale: string): ProgressFigures {
  const fraction = Math.min(1, Math.max(0, progress.fraction));
  return {
    percent: fraction < 1 ? Math.min(99, Math.floor(fraction * 100)) : 100,
    percentText: formatPercent(fraction, locale),
    rows: formatNumber(progress.rows, locale),
    total: progress.total === null ? null : formatNumber(progress.total, locale),
    rate: formatNumber(Math.round(progress.rowsPerSecond), locale),
    eta: progress.etaSeconds === null || !Number.isFinite(progress.etaSeconds) ? null : formatDuration(progress.etaSeconds, locale),
  };
}
