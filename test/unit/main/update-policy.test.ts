import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  IDLE_BEFORE_INSTALL_MS,
  RETRY_FAILED_CHECK_MS,
  UpdateScheduler,
  decideUpdate,
  type UpdateMoment,
} from '../../../main/updates/update-policy.ts';

const quiet: UpdateMoment = { now: 0, lastCheckAt: null, lastCheckFailed: false, update: { phase: 'idle' }, callActive: false, idleMs: 0, quitting: false };
const ready = { phase: 'downloaded', version: '1.4.0' } as const;

describe('decideUpdate', () => {
  it('looks at start, again only after 4 hours, and 15 minutes after a failed look', () => {
    expect(decideUpdate(quiet)).toBe('check');
    expect(decideUpdate({ ...quiet, now: CHECK_EVERY_MS - 1, lastCheckAt: 0 })).toBe('none');
    expect(decideUpdate({ ...quiet, now: CHECK_EVERY_MS, lastCheckAt: 0 })).toBe('check');
    expect(decideUpdate({ ...quiet, now: RETRY_FAILED_CHECK_MS - 1, lastCheckAt: 0, lastCheckFailed: true })).toBe('none');
    expect(decideUpdate({ ...quiet, now: RETRY_FAILED_CHECK_MS, lastCheckAt: 0, lastCheckFailed: true })).toBe('check');
  });

  it('never looks while one is being looked for, downloaded or installed', () => {
    for (const update of [{ phase: 'checking' }, { phase: 'downloading', version: '1.4.0' }, { phase: 'installing', version: '1.4.0' }] as const) {
      expect(decideUpdate({ ...quiet, update, now: 10 * CHECK_EVERY_MS, lastCheckAt: 0 })).toBe('none');
    }
  });

  it('installs a downloaded update only when the machine has been idle with no call, or on quit', () => {
    expect(decideUpdate({ ...quiet, update: ready, idleMs: IDLE_BEFORE_INSTALL_MS - 1 })).toBe('none');
    expect(decideUpdate({ ...quiet, update: ready, idleMs: IDLE_BEFORE_INSTALL_MS })).toBe('install');
    expect(decideUpdate({ ...quiet, update: ready, quitting: true })).toBe('installOnQuit');
  });

  it('never installs during a call, ringing included, however idle the machine or when quitting', () => {
    expect(decideUpdate({ ...quiet, update: ready, callActive: true, idleMs: 10 * IDLE_BEFORE_INSTALL_MS })).toBe('none');
    expect(decideUpdate({ ...quiet, update: ready, callActive: true, quitting: true })).toBe('none');
  });
});

function world() {
  const state = { now: 0, idleMs: 0, call: false, checks: 0, installs: 0, onQuit: [] as boolean[], nextCheck: Promise.resolve() as Promise<void> };
  const scheduler = new UpdateScheduler({
    now: () => state.now,
    idleMs: () => state.idleMs,
    callActive: () => state.call,
    check: () => {
      state.checks += 1;
      return state.nextCheck;
    },
    install: () => {
      state.installs += 1;
    },
    installOnQuit: (on) => state.onQuit.push(on),
  });
  return { state, scheduler };
}

describe('UpdateScheduler', () => {
  it('checks at the first tick, downloads what it finds, and waits for the call to end before installing', async () => {
    const { state, scheduler } = world();
    expect(state.onQuit).toEqual([false]);
    scheduler.tick();
    expect(state.checks).toBe(1);
    scheduler.found('1.4.0');
    await state.nextCheck;
    expect(scheduler.update).toEqual({ phase: 'downloading', version: '1.4.0' });

    state.call = true;
    state.idleMs = IDLE_BEFORE_INSTALL_MS * 2;
    scheduler.downloaded('1.4.0');
    expect(state.installs).toBe(0);
    expect(state.onQuit.at(-1)).toBe(false);

    state.call = false;
    scheduler.tick();
    expect(state.installs).toBe(1);
    expect(scheduler.update).toEqual({ phase: 'installing', version: '1.4.0' });
  });

  it('lets the update install on quit only while no call is going on', () => {
    const { state, scheduler } = world();
    scheduler.downloaded('1.4.0');
    expect(state.onQuit.at(-1)).toBe(true);
    state.call = true;
    scheduler.tick();
    expect(state.onQuit.at(-1)).toBe(false);
    scheduler.quitting();
    expect(state.onQuit.at(-1)).toBe(false);
    expect(state.installs).toBe(0);
  });

  it('goes back to idle after a look that found nothing, and looks again 15 minutes after a failure', async () => {
    const { state, scheduler } = world();
    scheduler.tick();
    await state.nextCheck;
    await Promise.resolve();
    expect(scheduler.update).toEqual({ phase: 'idle' });

    state.now = CHECK_EVERY_MS;
    state.nextCheck = Promise.reject(new Error('hub unreachable'));
    state.nextCheck.catch(() => undefined);
    scheduler.tick();
    expect(state.checks).toBe(2);
    await state.nextCheck.catch(() => undefined);
    await Promise.resolve();
    state.now = CHECK_EVERY_MS + RETRY_FAILED_CHECK_MS - 1;
    scheduler.tick();
    expect(state.checks).toBe(2);
    state.now = CHECK_EVERY_MS + RETRY_FAILED_CHECK_MS;
    scheduler.tick();
    expect(state.checks).toBe(3);
  });
});
