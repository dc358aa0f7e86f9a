import { describe, expect, it } from 'vitest';
import { phoneDigits, phoneSearchText } from '../../../main/cache/phone-tokens.ts';
import { ftsPrefixQuery } from '../../../main/cache/queries.ts';
import { Backoff, backoffDelay } from '../../../main/sync/backoff.ts';
import { progressOf } from '../../../main/sync/syncer.ts';

describe('backoff', () => {
  it('doubles up to the ceiling and jitters within the upper half', () => {
    const low = new Backoff(1_000, 30_000, () => 0);
    const high = new Backoff(1_000, 30_000, () => 1);
    const lows = Array.from({ length: 8 }, () => low.next());
    const highs = Array.from({ length: 8 }, () => high.next());
    expect(highs).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(lows).toEqual(highs.map((h) => h / 2));
    low.reset();
    expect(low.next()).toBe(500);
    expect(backoffDelay(3, 1_000, 60_000, () => 1)).toBe(8_000);
    expect(backoffDelay(40, 1_000, 60_000, () => 0.5)).toBe(45_000);
  });
});

describe('sync progress', () => {
  it('estimates total and ETA from the distance to the hub’s head of the change sequence', () => {
    // 10,000 rows synced in 2 s, a quarter of the way from 0 to 40,000.
    expect(progressOf(10_000, 0, 10_000, 40_000, 2, false)).toEqual({ rows: 10_000, total: 40_000, rowsPerSecond: 5_000, etaSeconds: 6, fraction: 0.25 });
    expect(progressOf(40_000, 0, 40_000, 40_000, 8, true)).toMatchObject({ fraction: 1, etaSeconds: 0 });
    // A delta from 1,000: the fraction counts from where it started.
    expect(progressOf(100, 1_000, 1_500, 3_000, 1, false).fraction).toBe(0.25);
  });
});

describe('phone search tokens', () => {
  it('index an E.164 number the ways agents type it', () => {
    expect(phoneSearchText('+31612345678')).toBe('31612345678 0031612345678 612345678 0612345678');
    expect(phoneSearchText('+351912345678')).toBe('351912345678 00351912345678 912345678 0912345678');
    expect(phoneSearchText('+48601234567')).toBe('48601234567 0048601234567 601234567 0601234567');
  });

  it('read a query as phone digits only when it looks like a number', () => {
    expect(phoneDigits('06 12 34 56 78')).toBe('0612345678');
    expect(phoneDigits('+31 (0)6-1234')).toBe('31061234');
    expect(phoneDigits('Jansen')).toBeNull();
    expect(phoneDigits('NL-2026-1')).toBeNull();
    expect(phoneDigits('12')).toBeNull();
  });
});

describe('full-text query building', () => {
  it('turns words into quoted prefix terms, so FTS syntax in user text is inert', () => {
    expect(ftsPrefixQuery('de Vries')).toBe('"de"* "vries"*');
    expect(ftsPrefixQuery('Müller-Lüdenscheid')).toBe('"müller"* "lüdenscheid"*');
    expect(ftsPrefixQuery('a OR b NEAR("x")')).toBe('"a"* "or"* "b"* "near"* "x"*');
    expect(ftsPrefixQuery('  ---  ')).toBeNull();
  });
});
