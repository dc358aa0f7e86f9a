import { describe, expect, it, vi } from 'vitest';
import { levelOf, listAudioDevices, sortDevices, startLevelMeter, watchDevices } from '../../../../renderer/media/devices.ts';
import { fakeStream } from './fakes.ts';

const device = (kind: MediaDeviceKind, deviceId: string, label = '') => ({ kind, deviceId, label, groupId: 'g' }) as MediaDeviceInfo;

describe('audio devices', () => {
  it('lists microphones and speakers, without the browser’s own “default” entry', () => {
    expect(
      sortDevices([
        device('audioinput', 'default', 'Default - Headset'),
        device('audioinput', 'mic-1', 'Headset'),
        device('audioinput', 'communications', 'Communications - Headset'),
        device('videoinput', 'cam', 'Camera'),
        device('audiooutput', 'spk-1', 'Speakers'),
      ]),
    ).toEqual({
      microphones: [
        { id: 'mic-1', label: 'Headset' },
        { id: 'communications', label: 'Communications - Headset' },
      ],
      speakers: [{ id: 'spk-1', label: 'Speakers' }],
    });
  });

  it('asks for the microphone once when names are hidden, then lists again', async () => {
    const lists = [[device('audioinput', '')], [device('audioinput', 'mic-1', 'Headset')]];
    const media = { enumerateDevices: vi.fn(async () => lists.shift() ?? []), getUserMedia: vi.fn(async () => fakeStream()) } as unknown as MediaDevices;
    expect(await listAudioDevices(media)).toEqual({ microphones: [{ id: 'mic-1', label: 'Headset' }], speakers: [] });
    expect(media.getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('keeps the unnamed list when the microphone is refused', async () => {
    const media = {
      enumerateDevices: vi.fn(async () => [device('audioinput', 'mic-1')]),
      getUserMedia: vi.fn(async () => Promise.reject(new DOMException('no', 'NotAllowedError'))),
    } as unknown as MediaDevices;
    expect(await listAudioDevices(media)).toEqual({ microphones: [{ id: 'mic-1', label: '' }], speakers: [] });
    expect(media.enumerateDevices).toHaveBeenCalledTimes(1);
  });

  it('measures a level from silence (0) to full scale (1)', () => {
    expect(levelOf(new Float32Array(256))).toBe(0);
    expect(levelOf(new Float32Array(256).fill(1))).toBe(1);
    expect(levelOf(new Float32Array(256).fill(0.0005))).toBe(0); // below -60 dBFS: the floor
    expect(levelOf(new Float32Array(256).fill(0.0316))).toBeCloseTo(0.5, 2); // -30 dBFS
  });
});

describe('a page without media devices (insecure context, happy-dom)', () => {
  it('lists nothing, watches nothing, and reports the meter as unsupported', async () => {
    expect(navigator.mediaDevices).toBeUndefined();
    expect(await listAudioDevices()).toEqual({ microphones: [], speakers: [] });
    watchDevices(() => undefined)();
    const onError = vi.fn();
    const stop = startLevelMeter('', () => undefined, onError);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith('NotSupportedError'));
    stop();
  });
});
