import { describe, expect, it } from 'vitest';
import { SETUP_FAILED, TEARDOWN_FAILED, defineSuite, formatTable, percentile, runSuite } from '../../../bench/harness.ts';

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

  it('marks a failing case FAILED with its reason and still measures the cases after it', async () => {
    const errors: string[] = [];
    let after = 0;
    const suite = defineSuite({
      name: 'lookups',
      cases: [
        { name: 'phone', iterations: 2, warmup: 0, run: () => undefined },
        {
          name: 'surname',
          iterations: 2,
          warmup: 0,
          run: () => {
            throw new Error('lookup by name Álvarez found nobody\n(the rows it read)');
          },
        },
        { name: 'rate', unit: 'rows/s', measure: () => 42 },
        { name: 'timeline', iterations: 3, warmup: 0, run: () => void after++ },
      ],
      teardown: () => void errors.push('teardown'),
    });
    const results = await runSuite(suite, undefined, (what) => errors.push(what));
    expect(results.map((r) => [r.name, r.failed ?? null])).toEqual([
      ['phone', null],
      ['surname', 'lookup by name Álvarez found nobody'],
      ['rate', null],
      ['timeline', null],
    ]);
    expect(after).toBe(3);
    expect(errors).toEqual(['lookups › surname', 'teardown']);
    const table = formatTable(results);
    expect(table).toMatch(/\| surname .*\| FAILED \|/);
    expect(table).toContain('- lookups › surname: lookup by name Álvarez found nobody');
  });

  it('a suite whose setup throws measures nothing, tears down, and says why', async () => {
    const calls: string[] = [];
    const suite = defineSuite({
      name: 'cache',
      setup: () => {
        throw new Error('bench/.data holds 99,000 customers, not 100,000: delete it');
      },
      cases: [{ name: 'first sync', iterations: 1, run: () => void calls.push('ran') }],
      teardown: () => {
        calls.push('teardown');
        throw new Error('hub already gone');
      },
    });
    const results = await runSuite(suite);
    expect(calls).toEqual(['teardown']);
    expect(results.map((r) => [r.name, r.failed])).toEqual([
      [SETUP_FAILED, 'bench/.data holds 99,000 customers, not 100,000: delete it'],
      [TEARDOWN_FAILED, 'hub already gone'],
    ]);
    expect(formatTable(results)).toMatch(/\| cache .*\(setup\) .*\| FAILED \|/);
  });
});
