import type { IceServer } from '../../../common/contract/telephony.ts';

// The ICE (STUN/TURN) servers as rows the agent edits, and back to the setting.

export interface IceRow {
  readonly urls: string;
  readonly username: string;
  readonly credential: string;
}

const ICE_URL = /^(stuns?|turns?):[^\s,]+$/i;
export const MAX_ICE_SERVERS = 10;

export type IceProblem = 'phone:settings.ice.errors.urls' | 'phone:settings.ice.errors.tooMany' | 'phone:settings.ice.errors.credentials';

/** The rows as the setting stores them, or the problem of each row (by index). */
export function parseIceRows(rows: readonly IceRow[]): { servers: IceServer[] | null; problems: (IceProblem | null)[] } {
  const servers: IceServer[] = [];
  const problems = rows.map((row): IceProblem | null => {
    const urls = row.urls.split(/[\s,]+/).filter((url) => url !== '');
    if (urls.length === 0 || urls.some((url) => !ICE_URL.test(url) || url.length > 300)) return 'phone:settings.ice.errors.urls';
    if (urls.length > 5) return 'phone:settings.ice.errors.tooMany';
    const username = row.username.trim();
    const credential = row.credential;
    if (urls.some((url) => /^turns?:/i.test(url)) && (username === '' || credential === '')) return 'phone:settings.ice.errors.credentials';
    servers.push({
      urls: urls.length === 1 ? (urls[0] ?? '') : urls,
      ...(username === '' ? {} : { username }),
      ...(credential === '' ? {} : { credential }),
    });
    return null;
  });
  return { servers: problems.every((problem) => problem === null) ? servers : null, problems };
}

export function rowsOf(servers: readonly IceServer[]): IceRow[] {
  return servers.map((server) => ({
    urls: Array.isArray(server.urls) ? server.urls.join(', ') : server.urls,
    username: server.username ?? '',
    credential: server.credential ?? '',
  }));
}
