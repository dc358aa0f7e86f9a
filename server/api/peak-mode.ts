import { peakChannels, type PeakMode, type PublicPeakMode } from '../../common/hub/cases.ts';
import type { Queryable } from '../db/database.ts';

// Peak mode as the hub keeps it: one `hub_setting` row (`peak_mode`). Before presets it held a
// bare boolean; such a row still reads as on or off without a preset.

export interface StoredPeakMode {
  readonly enabled: boolean;
  readonly preset: PeakMode['preset'];
  readonly note: string | null;
  readonly byId: string | null;
  readonly byName: string | null;
  readonly since: string | null;
}

const OFF: StoredPeakMode = { enabled: false, preset: null, note: null, byId: null, byName: null, since: null };

export async function readPeakMode(db: Queryable): Promise<PeakMode> {
  const [row] = await db.query<{ value: unknown }>(`select value from hub_setting where key = 'peak_mode'`);
  return peakModeOfSetting(row?.value);
}

/** The setting's stored value (a bare boolean from before presets, an object, or nothing) as PeakMode. */
export function peakModeOfSetting(value: unknown): PeakMode {
  const stored: StoredPeakMode = typeof value === 'boolean' ? { ...OFF, enabled: value } : value && typeof value === 'object' ? { ...OFF, ...(value as Partial<StoredPeakMode>) } : OFF;
  return peakModeOf(stored);
}

export function peakModeOf(stored: StoredPeakMode): PeakMode {
  return {
    enabled: stored.enabled,
    preset: stored.enabled ? stored.preset : null,
    note: stored.note,
    byName: stored.byName,
    since: stored.since,
    channels: peakChannels(stored.enabled, stored.preset),
  };
}

export async function storePeakMode(tx: Queryable, stored: StoredPeakMode): Promise<void> {
  await tx.query(`insert into hub_setting (key, value) values ('peak_mode', $1) on conflict (key) do update set value = excluded.value`, [JSON.stringify(stored)]);
}

/** What the web shop's contact widget may know: no note, no names. */
export function publicPeakMode(mode: PeakMode): PublicPeakMode {
  return { enabled: mode.enabled, preset: mode.preset, channels: mode.channels, since: mode.since };
}
