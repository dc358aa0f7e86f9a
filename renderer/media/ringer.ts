import type { PhoneStatus } from '../../common/contract/telephony.ts';
import { DeviceOutput } from './audio.ts';

/** Where the ringtone plays; tests inject a fake (happy-dom has no WebAudio). */
export interface RingerOutput {
  /** Rejects when the page may not play sound yet (autoplay policy without a user gesture). */
  play(sinkId: string): Promise<void>;
  setSink(sinkId: string): Promise<void>;
  /** Idempotent. */
  close(): void;
}

export interface Ringer {
  /** True once the ringtone plays; false (never a rejection) when the browser blocked it. Idempotent. */
  startRinging(): Promise<boolean>;
  /** Idempotent. */
  stopRinging(): void;
  /** Rings while an inbound call waits to be answered; resolves like startRinging, or true when silent. */
  syncRinger(status: PhoneStatus): Promise<boolean>;
  /** The ringer device from Settings (often the laptop speaker while the headset is on the desk). */
  setSink(sinkId: string): void;
  ringing(): boolean;
}

export function shouldRing(status: PhoneStatus): boolean {
  return status.calls.some((call) => call.state === 'ringing' && call.direction === 'inbound');
}

export function createRinger(openOutput: () => RingerOutput = openRingtone): Ringer {
  let sinkId = '';
  let current: { readonly output: RingerOutput; readonly started: Promise<boolean> } | null = null;

  function startRinging(): Promise<boolean> {
    if (current) return current.started;
    let output: RingerOutput;
    try {
      output = openOutput();
    } catch (error) {
      console.warn('[media] no ringtone output', error); // e.g. no WebAudio in this page
      return Promise.resolve(false);
    }
    const started = output.play(sinkId).then(
      () => true,
      (error: unknown) => {
        output.close();
        if (current?.output !== output) return false; // stopped meanwhile: nothing to report
        console.warn('[media] ringtone blocked', error);
        current = null; // so the next status change tries again
        return false;
      },
    );
    current = { output, started };
    return started;
  }

  function stopRinging(): void {
    current?.output.close();
    current = null;
  }

  return {
    startRinging,
    stopRinging,
    syncRinger(status) {
      if (shouldRing(status)) return startRinging();
      stopRinging();
      return Promise.resolve(true);
    },
    setSink(next) {
      sinkId = next;
      current?.output.setSink(next).catch((error: unknown) => console.warn('[media] ringer device not applied', error));
    },
    ringing: () => current !== null,
  };
}

// A soft European double ring: two 0.4 s bursts 0.2 s apart, then 2 s of silence, repeated.
// Each burst blends 425 Hz (the CEPT tone) with its fifth, with short fades so nothing clicks.
const CYCLE_S = 3;
const BURSTS: ReadonlyArray<readonly [start: number, end: number]> = [
  [0, 0.4],
  [0.6, 1],
];
const TONES: ReadonlyArray<readonly [hz: number, weight: number]> = [
  [425, 0.6],
  [637.5, 0.4],
];
const FADE_S = 0.02;
const VOLUME = 0.25;

/** One cycle of the ringtone as samples, looped by the player; silent at both ends. */
export function ringCycle(sampleRate: number): Float32Array<ArrayBuffer> {
  const samples = new Float32Array(Math.round(CYCLE_S * sampleRate));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    const burst = BURSTS.find(([start, end]) => t >= start && t < end);
    if (!burst) continue;
    const envelope = Math.min(1, (t - burst[0]) / FADE_S, (burst[1] - t) / FADE_S);
    const wave = TONES.reduce((sum, [hz, weight]) => sum + weight * Math.sin(2 * Math.PI * hz * t), 0);
    samples[i] = VOLUME * envelope * wave;
  }
  return samples;
}

/** Computed once per sample rate: 144,000 samples cost ~10 ms, which a ringing call should not wait for. */
const cycles = new Map<number, Float32Array<ArrayBuffer>>();

function openRingtone(): RingerOutput {
  const output = new DeviceOutput();
  const { context } = output;
  const buffer = context.createBuffer(1, Math.round(CYCLE_S * context.sampleRate), context.sampleRate);
  let cycle = cycles.get(context.sampleRate);
  if (!cycle) cycles.set(context.sampleRate, (cycle = ringCycle(context.sampleRate)));
  buffer.copyToChannel(cycle, 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.loop = true;
  source.connect(output.input);
  source.start();
  return output;
}
