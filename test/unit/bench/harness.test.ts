import { describe, expect, it } from 'vitest';
import { defineSuite, formatTable, percentile, runSuite } from '../../../bench/harness.ts';

describe('the bench harness', () => {
  it('computes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('runs setup, warm-up, timed rounds and teardown, and judges targets', async () => {
    const calls: string[] = [];
    let rounds = 0;
    const suite = defineSuite({
      name: 'sample',
      setup: () => void calls.push('setup'),
      cases: [
        { name: 'fast', iterations: 20, warmup: 5, target: { p95Ms: 1_000 }, run: () => void rounds++ },
        { name: 'slow', iterations: 3, warmup: 0, target: { p95Ms: 0.001 }, run: () => new Promise((r) => setTimeout(r, 5)) },
      ],
      teardown: () => void calls.push('teardown'),
    });
    const results = await runSuite(suite);
    expect(calls).toEqual(['setup', 'teardown']);
    expect(rounds).toBe(25);
    expect(results.map((r) => [r.name, r.met])).toEqual([
      ['fast', true],
      ['slow', false],
    ]);
    expect(results[1]?.p50Ms).toBeGreaterThanOrEqual(4);
    const table = formatTable(results);
    expect(table).toContain('| sample');
    expect(table).toMatch(/slow .*\| NO/);
  });
});
