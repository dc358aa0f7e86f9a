import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallView, PhoneStatus } from '../../../../common/contract/telephony.ts';
import { createRinger, ringCycle, type RingerOutput } from '../../../../renderer/media/ringer.ts';

function fakeOutputs() {
  const opened: Array<RingerOutput & { sinks: string[]; closed: number; settle: (error?: Error) => void }> = [];
  const open = () => {
    let settle: (error?: Error) => void = () => undefined;
    const output = {
      sinks: [] as string[],
      closed: 0,
      settle: (error?: Error) => settle(error),
      play: vi.fn((sinkId: string) => {
        output.sinks.push(sinkId);
        return new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
      }),
      setSink: vi.fn(async (sinkId: string) => {
        output.sinks.push(sinkId);
      }),
      close: () => {
        output.closed += 1;
      },
    };
    opened.push(output);
    return output;
  };
  return { opened, open };
}

const call = (state: CallView['state'], direction: CallView['direction']) => ({ id: `${state}-${direction}`, state, direction }) as CallView;
const status = (...calls: CallView[]) => ({ calls }) as PhoneStatus;

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('the ringer', () => {
  it('starts once however often it is asked, on the ringer device', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    ringer.setSink('laptop-speaker');
    const first = ringer.startRinging();
    const second = ringer.startRinging();
    opened[0]?.settle();
    expect([await first, await second]).toEqual([true, true]);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.sinks).toEqual(['laptop-speaker']);
    expect(ringer.ringing()).toBe(true);
  });

  it('stops idempotently, and a later start opens a fresh output', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    const started = ringer.startRinging();
    opened[0]?.settle();
    await started;
    ringer.stopRinging();
    ringer.stopRinging();
    expect(opened[0]?.closed).toBe(1);
    expect(ringer.ringing()).toBe(false);
    const again = ringer.startRinging();
    opened[1]?.settle();
    expect(await again).toBe(true);
  });

  it('reports a blocked autoplay as false, releases the output and tries again next time', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    const started = ringer.startRinging();
    opened[0]?.settle(new DOMException('no gesture', 'NotAllowedError'));
    expect(await started).toBe(false);
    expect(opened[0]?.closed).toBe(1);
    expect(ringer.ringing()).toBe(false);
    void ringer.startRinging();
    expect(opened).toHaveLength(2);
  });

  it('reports false when no output can be made at all', async () => {
    const ringer = createRinger(() => {
      throw new ReferenceError('AudioContext is not defined');
    });
    expect(await ringer.startRinging()).toBe(false);
    expect(ringer.ringing()).toBe(false);
  });

  it('stays silent when stopped before the sound started', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    const started = ringer.startRinging();
    ringer.stopRinging();
    opened[0]?.settle(new DOMException('closed', 'AbortError'));
    expect(await started).toBe(false);
    expect(ringer.ringing()).toBe(false);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('moves to a new ringer device while ringing', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    const started = ringer.startRinging();
    opened[0]?.settle();
    await started;
    ringer.setSink('usb-speaker');
    expect(opened[0]?.setSink).toHaveBeenCalledWith('usb-speaker');
  });

  it('rings while an inbound call waits, and only then', async () => {
    const { opened, open } = fakeOutputs();
    const ringer = createRinger(open);
    void ringer.syncRinger(status(call('dialing', 'outbound')));
    expect(ringer.ringing()).toBe(false);
    void ringer.syncRinger(status(call('active', 'outbound'), call('ringing', 'inbound')));
    expect(ringer.ringing()).toBe(true);
    void ringer.syncRinger(status(call('active', 'outbound'), call('ringing', 'inbound')));
    expect(opened).toHaveLength(1);
    expect(await ringer.syncRinger(status(call('active', 'inbound')))).toBe(true);
    expect(ringer.ringing()).toBe(false);
    expect(opened[0]?.closed).toBe(1);
  });
});

describe('the ringtone', () => {
  it('is a quiet double ring that starts and ends in silence, so it loops without a click', () => {
    const samples = ringCycle(8000);
    expect(samples).toHaveLength(24_000);
    expect(Math.abs(samples[0]!)).toBeLessThan(0.01);
    expect(samples.at(-1)).toBe(0);
    expect(Math.max(...samples.map(Math.abs))).toBeLessThanOrEqual(0.25);
    const loud = (from: number, to: number) => samples.slice(from * 8000, to * 8000).some((sample) => Math.abs(sample) > 0.1);
    expect([loud(0, 0.4), loud(0.42, 0.58), loud(0.6, 1), loud(1.01, 3)]).toEqual([true, false, true, false]);
  });
});
