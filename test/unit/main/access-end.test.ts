import { describe, expect, it } from 'vitest';
import type { AccessStatus } from '../../../common/contract/access.ts';
import { endAccess, type AccessEndPorts } from '../../../main/access/access-end.ts';
import { endReasonOf } from '../../../main/access/access-service.ts';
import type { CollectedItem } from '../../../main/access/unsent.ts';

// The order of the end of access, step by step through its ports: the call first, then the
// outbox, then what is left is collected and reported, and only then the wipe.

const NOTE: CollectedItem = { kind: 'note', customerId: null, customerName: null, text: 'promised a refund', createdAt: '2026-12-01T09:00:00.000Z' };

function ports(options: { callInProgress: boolean; report: boolean | Error }) {
  const steps: string[] = [];
  const listeners = new Set<() => void>();
  let inProgress = options.callInProgress;
  const built: AccessEndPorts = {
    phone: {
      callInProgress: () => inProgress,
      onCall: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      refuseNewCalls: (on) => steps.push(`refuse ${on}`),
    },
    flush: async () => void steps.push('flush'),
    collect: () => (steps.push('collect'), [NOTE]),
    report: async () => {
      steps.push('report');
      if (options.report instanceof Error) throw options.report;
      return options.report;
    },
    wipe: async () => (steps.push('wipe'), { removed: ['cache/loket-cache.db'], secrets: ['cache-key'] }),
    remember: async () => void steps.push('remember'),
    now: () => Date.parse('2026-12-02T10:00:00Z'),
  };
  return {
    built,
    steps,
    hangUp() {
      inProgress = false;
      steps.push('hang up');
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('the end of access', () => {
  it('waits for the call in progress, then flushes, collects, reports and wipes, in that order', async () => {
    const p = ports({ callInProgress: true, report: true });
    const shown: AccessStatus[] = [];
    const ended = endAccess('revoked', p.built, (status) => shown.push(status));
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.steps).toEqual(['refuse true']);
    expect(shown.at(-1)).toEqual({ state: 'ending', reason: 'revoked', waitingForCall: true });
    p.hangUp();
    expect(await ended).toEqual({
      state: 'ended',
      reason: 'revoked',
      endedAt: '2026-12-02T10:00:00.000Z',
      unsent: { count: 1, reported: true, items: [{ kind: 'note', customerName: null, text: 'promised a refund', createdAt: NOTE.createdAt }] },
    });
    expect(p.steps).toEqual(['refuse true', 'hang up', 'flush', 'collect', 'report', 'wipe', 'remember', 'refuse false']);
    expect(shown.at(-1)).toEqual({ state: 'ending', reason: 'revoked', waitingForCall: false });
  });

  it('a hub that cannot take the report still gets the wipe, and the items stay on screen (reported: false)', async () => {
    const p = ports({ callInProgress: false, report: new Error('ECONNREFUSED') });
    const ended = await endAccess('offline', p.built, () => undefined);
    expect(ended.unsent).toMatchObject({ count: 1, reported: false, items: [{ text: 'promised a refund' }] });
    expect(p.steps).toContain('wipe');
  });

  it('ends access only on the refusals that mean it: revoked, or expired for the access (not a mere token)', () => {
    expect(endReasonOf({ code: 'auth.revoked', reason: null })).toBe('revoked');
    expect(endReasonOf({ code: 'auth.expired', reason: 'access' })).toBe('expired');
    expect(endReasonOf({ code: 'auth.expired', reason: null })).toBeNull();
    expect(endReasonOf({ code: 'auth.required', reason: null })).toBeNull();
  });
});
