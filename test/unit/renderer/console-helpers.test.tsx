import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../common/contract/data.ts';
import { LoketError } from '../../../common/errors.ts';
import { describeEntry } from '../../../renderer/features/customer/timeline-text.ts';
import { appendPage, mergeFirstPage } from '../../../renderer/features/customer/timeline-merge.ts';
import { signInErrorMessage } from '../../../renderer/features/hub/HubSection.tsx';
import { searchKeyAction } from '../../../renderer/features/search/search-keys.ts';
import { parseRetentionDays } from '../../../renderer/features/settings/LocalDataSection.tsx';
import { setAsideReason } from '../../../renderer/features/sync/SetAside.tsx';
import { indicatorState, progressFigures } from '../../../renderer/features/sync/sync-format.ts';
import { errorMessage } from '../../../renderer/i18n/errors.ts';
import { formatDateTime, formatDuration, formatMoney, formatPercent, formatWhen, intlLocale } from '../../../renderer/i18n/format.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import type { T } from '../../../renderer/i18n/use-t.ts';

// The pure parts of the console screens: formatting in the UI language, the search box's keys,
// the timeline's paging, and the translation of codes from main and the hub.

const tFor = async (language: string) => (await createI18n(language)).t as unknown as T;
// Intl puts narrow no-break spaces in some languages; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting in the UI language', () => {
  it('formats an ETA as the language writes durations', () => {
    expect(formatDuration(42.2, 'en')).toBe('43 sec');
    expect(formatDuration(125, 'en')).toBe('3 min');
    expect(formatDuration(3_900, 'en')).toBe('1 hr 5 min');
    expect(formatDuration(7_200, 'nl')).toBe('2 uur');
    expect(plain(formatDuration(3_900, 'de'))).toBe('1 Std., 5 Min.');
    expect(formatDuration(3_900, 'pl')).toBe('1 godz. i 5 min');
  });

  it('never shows 100 % before the sync is complete', () => {
    expect(formatPercent(0.999, 'en')).toBe('99%');
    expect(plain(formatPercent(0.42, 'de'))).toBe('42 %');
    expect(formatPercent(1, 'en')).toBe('100%');
  });

  it('gives the first sync’s figures for the bar', () => {
    const figures = progressFigures({ rows: 12_345, total: 56_000, rowsPerSecond: 1_234.4, etaSeconds: 35, fraction: 0.2204 }, 'nl');
    expect(figures).toEqual({ percent: 22, percentText: '22%', rows: '12.345', total: '56.000', rate: '1.234', eta: '35 sec' });
    expect(progressFigures({ rows: 0, total: null, rowsPerSecond: 0, etaSeconds: null, fraction: 0 }, 'en')).toMatchObject({ total: null, eta: null, percent: 0 });
  });

  it('says when, relative within a week and as a date beyond', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatWhen('2026-11-23T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatWhen('2026-11-22T11:00:00Z', now, 'nl')).toBe('gisteren');
    expect(formatWhen('2026-10-01T08:00:00Z', now, 'en')).toMatch(/^1 Oct 2026|^Oct 1, 2026/);
  });

  it('gives a time in the office’s zone, or this console’s when the browser does not know that zone', () => {
    const at = '2026-12-07T23:12:20Z';
    expect(formatDateTime(at, 'de', { timeStyle: 'medium', timeZone: 'Europe/Amsterdam' })).toBe('00:12:20');
    expect(formatDateTime(at, 'en-GB', { timeStyle: 'medium', timeZone: 'America/New_York' })).toBe('18:12:20');
    expect(formatDateTime(at, 'de', { timeStyle: 'medium', timeZone: 'Mars/Olympus_Mons' })).toBe(formatDateTime(at, 'de', { timeStyle: 'medium' }));
  });

  it('formats money from cents, also for a currency Intl does not know', () => {
    expect(plain(formatMoney(4_995, 'EUR', 'nl'))).toBe('€ 49,95');
    expect(plain(formatMoney(12_000, 'PLN', 'pl'))).toBe('120,00 zł');
    expect(formatMoney(100, 'X1', 'en')).toBe('1.00 X1');
  });

  it('formats the pseudo-locale like English', () => {
    expect(intlLocale('pseudo')).toBe('en');
    expect(intlLocale('pl')).toBe('pl');
  });
});

describe('the sync indicator', () => {
  const status = {
    connection: 'online',
    phase: 'idle',
    progress: null,
    pending: 0,
    setAside: 0,
    lastSyncedAt: null,
    retryAt: null,
    cache: { state: 'ready' },
  } as const;

  it('reads offline before syncing, and syncing only with progress', () => {
    expect(indicatorState(status)).toBe('online');
    expect(indicatorState({ ...status, connection: 'offline', phase: 'initial' })).toBe('offline');
    expect(indicatorState({ ...status, phase: 'initial', progress: { rows: 1, total: 2, rowsPerSecond: 1, etaSeconds: 1, fraction: 0.5 } })).toBe('initial');
    expect(indicatorState({ ...status, phase: 'delta' })).toBe('delta');
  });

  it('counts pending writes with each language’s plural forms', async () => {
    const pl = await tFor('pl');
    expect([1, 3, 5, 22].map((count) => pl('sync:indicator.pending', { count }))).toEqual([
      '1 wpis czeka',
      '3 wpisy czekają',
      '5 wpisów czeka',
      '22 wpisy czekają',
    ]);
    const en = await tFor('en');
    expect(en('sync:indicator.withPending', { state: en('sync:indicator.offline'), pending: en('sync:indicator.pending', { count: 3 }) })).toBe('Offline · 3 pending');
  });
});

describe('the search box’s keys', () => {
  it('moves through the hits, wrapping at both ends', () => {
    expect(searchKeyAction('ArrowDown', -1, 3, 'an')).toEqual({ type: 'move', index: 0 });
    expect(searchKeyAction('ArrowDown', 2, 3, 'an')).toEqual({ type: 'move', index: 0 });
    expect(searchKeyAction('ArrowUp', 0, 3, 'an')).toEqual({ type: 'move', index: 2 });
    expect(searchKeyAction('ArrowUp', 2, 3, 'an')).toEqual({ type: 'move', index: 1 });
    expect(searchKeyAction('ArrowDown', 0, 0, 'an')).toEqual({ type: 'none' });
  });

  it('opens the active hit (or the first) with Enter and clears with Escape', () => {
    expect(searchKeyAction('Enter', 1, 3, 'an')).toEqual({ type: 'open', index: 1 });
    expect(searchKeyAction('Enter', -1, 3, 'an')).toEqual({ type: 'open', index: 0 });
    expect(searchKeyAction('Enter', 0, 0, 'an')).toEqual({ type: 'none' });
    expect(searchKeyAction('Escape', 0, 3, 'an')).toEqual({ type: 'clear' });
    // An empty box leaves Escape to whatever else listens for it.
    expect(searchKeyAction('Escape', -1, 0, '')).toEqual({ type: 'none' });
    expect(searchKeyAction('a', 0, 3, 'an')).toEqual({ type: 'none' });
  });
});

const entry = (id: string, at: string, kind: TimelineEntry['kind'] = 'interaction', data: Record<string, unknown> = {}): TimelineEntry => ({
  kind,
  id,
  at,
  pending: false,
  data,
});

describe('timeline paging', () => {
  it('appends an older page without repeating entries', () => {
    const shown = [entry('b', '2026-11-02T00:00:00Z'), entry('a', '2026-11-01T00:00:00Z')];
    const page = appendPage(shown, { items: [entry('a', '2026-11-01T00:00:00Z'), entry('0', '2026-10-01T00:00:00Z')], nextBefore: null });
    expect(page.items.map((item) => item.id)).toEqual(['b', 'a', '0']);
    expect(page.nextBefore).toBeNull();
  });

  it('keeps the older pages the agent loaded when the first page is refreshed', () => {
    const shown = [entry('c', '2026-11-03T00:00:00Z'), entry('b', '2026-11-02T00:00:00Z'), entry('a', '2026-11-01T00:00:00Z')];
    const fresh = { items: [entry('d', '2026-11-04T00:00:00Z'), entry('c', '2026-11-03T00:00:00Z')], nextBefore: 'cursor-c' };
    const merged = mergeFirstPage(fresh, shown, 'cursor-a');
    expect(merged.items.map((item) => item.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(merged.nextBefore).toBe('cursor-a');
    // A first page that holds everything replaces what was shown.
    expect(mergeFirstPage({ items: [entry('d', '2026-11-04T00:00:00Z')], nextBefore: null }, shown, null).items).toHaveLength(1);
  });
});

describe('translated codes', () => {
  it('describes timeline entries in one line, keeping values it does not know', async () => {
    const en = await tFor('en');
    expect(describeEntry(en, entry('1', '2026-11-01T00:00:00Z', 'order', { number: 'NL-2026-0000042', status: 'shipped', currency: 'EUR', totalCents: 4995 }), 'en').title).toBe(
      'Order NL-2026-0000042 · €49.95 · shipped',
    );
    expect(describeEntry(en, entry('2', '2026-11-01T00:00:00Z', 'interaction', { channel: 'phone', direction: 'inbound', outcome: 'solved', note: 'Asked about delivery' }), 'en')).toMatchObject({
      title: 'Phone call, incoming · solved',
      detail: 'Asked about delivery',
    });
    expect(describeEntry(en, entry('3', '2026-11-01T00:00:00Z', 'interaction', { channel: 'note', note: 'Call back after 5' }), 'en')).toMatchObject({ title: 'Note', detail: 'Call back after 5' });
    expect(describeEntry(en, entry('4', '2026-11-01T00:00:00Z', 'orderEvent', { status: 'teleported' }), 'en').title).toBe('Order teleported');
    const de = await tFor('de');
    expect(describeEntry(de, entry('5', '2026-11-01T00:00:00Z', 'escalation', { queue: 'expert', status: 'claimed', summary: 'Refund' }), 'de')).toMatchObject({
      title: 'Eskaliert an Fachexperte · in Bearbeitung',
      detail: 'Refund',
    });
  });

  it('explains a write the hub refused, by the hub’s code, with a fallback', async () => {
    const nl = await tFor('nl');
    expect(setAsideReason(nl, { code: 'idempotency.conflict', status: 422 })).toBe('De hub heeft al een andere versie van deze invoer.');
    expect(setAsideReason(nl, { code: 'teapot', status: 418 })).toBe('De hub heeft deze invoer geweigerd (code teapot, HTTP 418).');
  });

  it('explains a refused sign-in, by the hub’s code', async () => {
    const en = await tFor('en');
    expect(signInErrorMessage(en, 'auth.invalidCredentials', 'https://hub.example')).toBe('The e-mail address or password is not right.');
    expect(signInErrorMessage(en, 'hub.unreachable', 'https://hub.example')).toBe('The hub at https://hub.example cannot be reached. Check the address and your network connection.');
    expect(signInErrorMessage(en, 'http.502', 'https://hub.example')).toBe('The hub refused the sign-in (http.502).');
  });

  it('translates the errors main sends for console data', async () => {
    const fr = await tFor('fr');
    expect(errorMessage(fr, new LoketError('customer.notFound'))).toBe('Ce client ne figure pas (ou plus) dans les données clients. Recherchez-le à nouveau.');
    expect(errorMessage(fr, new LoketError('hub.refused', { code: 'auth.forbidden', status: 403 }))).toContain('(auth.forbidden, HTTP 403)');
  });

  it('accepts only whole retention days within the contract’s bounds', () => {
    expect(parseRetentionDays('30')).toBe(30);
    expect(parseRetentionDays(' 3650 ')).toBe(3650);
    for (const bad of ['0', '3651', '1.5', '-2', '', 'abc', '1e3']) expect(parseRetentionDays(bad), bad).toBeNull();
  });
});
