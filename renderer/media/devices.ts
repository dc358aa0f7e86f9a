import { drop } from '../../common/assert.ts';
import { DeviceOutput, getUserMedia, mediaDevices, microphoneConstraints, stopTracks } from './audio.ts';
import { errorCode } from './media-error.ts';

export interface DeviceOption {
  readonly id: string;
  /** Empty when the browser hides labels (no microphone permission). */
  readonly label: string;
}

export interface AudioDevices {
  readonly microphones: DeviceOption[];
  readonly speakers: DeviceOption[];
}

/**
 * The choices for Settings. Chromium adds a `default` entry mirroring the system default,
 * which Settings offers as the empty id already, so it is left out. `communications` stays: on
 * Windows it is the device meant for calls.
 */
export function sortDevices(devices: readonly MediaDeviceInfo[]): AudioDevices {
  const options = (kind: MediaDeviceKind) =>
    devices.filter((device) => device.kind === kind && device.deviceId !== '' && device.deviceId !== 'default').map((device) => ({ id: device.deviceId, label: device.label }));
  return { microphones: options('audioinput'), speakers: options('audiooutput') };
}

/** Browsers hide device names until the page may use the microphone: ask once, then list again. */
export async function listAudioDevices(media = mediaDevices()): Promise<AudioDevices> {
  if (!media) return { microphones: [], speakers: [] };
  const devices = await media.enumerateDevices();
  const hidden = devices.some((device) => device.kind.startsWith('audio') && device.label === '');
  if (!hidden || !(await askMicrophonePermission(media))) return sortDevices(devices);
  return sortDevices(await media.enumerateDevices());
}

async function askMicrophonePermission(media: MediaDevices): Promise<boolean> {
  try {
    stopTracks(await media.getUserMedia({ audio: true, video: false }));
    return true;
  } catch {
    return false; // refused: the list keeps its ids, the UI shows them without names
  }
}

/** Calls `listener` with the new lists whenever a device is plugged in or out. */
export function watchDevices(listener: (devices: AudioDevices) => void, media = mediaDevices()): () => void {
  if (!media) return () => undefined;
  const onChange = () => drop(listAudioDevices(media).then(listener), (error) => console.warn('[media] devices not listed', error));
  media.addEventListener('devicechange', onChange);
  return () => media.removeEventListener('devicechange', onChange);
}

const METER_INTERVAL_MS = 50;
const METER_FLOOR_DB = -60;

/** RMS of a block of samples on a 0–1 scale: -60 dBFS and below is 0, full scale is 1. */
export function levelOf(samples: Float32Array): number {
  const meanSquare = samples.reduce((sum, sample) => sum + sample * sample, 0) / Math.max(1, samples.length);
  if (meanSquare === 0) return 0;
  const db = 10 * Math.log10(meanSquare);
  return Math.min(1, Math.max(0, 1 - db / METER_FLOOR_DB));
}

/**
 * Shows how loud a microphone is (Settings' "test your microphone"), ~20 times a second, with
 * the same processing a call uses. `onError` gets a code such as `NotAllowedError`. Returns the
 * function that stops it and releases the device.
 */
export function startLevelMeter(microphoneId: string, onLevel: (level: number) => void, onError?: (code: string) => void): () => void {
  let stopped = false;
  let release: () => void = () => undefined;
  const open = async () => {
    const stream = await getUserMedia(microphoneConstraints(microphoneId));
    if (stopped) return stopTracks(stream);
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    drop(context.resume());
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      onLevel(levelOf(samples));
    }, METER_INTERVAL_MS);
    release = () => {
      clearInterval(timer);
      stopTracks(stream);
      void context.close();
    };
  };
  drop(open(), (error) => onError?.(errorCode(error)));
  return () => {
    stopped = true;
    release();
  };
}

const TEST_TONE = { hz: 440, seconds: 1, volume: 0.2, fadeSeconds: 0.05 } as const;

/** A one-second 440 Hz tone on that output device ("test your speaker"). Rejects with the browser's error. */
export async function playTestTone(sinkId: string): Promise<void> {
  const output = new DeviceOutput();
  try {
    const { context } = output;
    await output.play(sinkId);
    const oscillator = context.createOscillator();
    oscillator.frequency.value = TEST_TONE.hz;
    const gain = context.createGain();
    const start = context.currentTime;
    const end = start + TEST_TONE.seconds;
    // Fade in and out: a tone switched on and off at full level clicks.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(TEST_TONE.volume, start + TEST_TONE.fadeSeconds);
    gain.gain.setValueAtTime(TEST_TONE.volume, end - TEST_TONE.fadeSeconds);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(output.input);
    const ended = new Promise((resolve) => oscillator.addEventListener('ended', resolve));
    oscillator.start(start);
    oscillator.stop(end);
    await ended;
  } finally {
    output.close();
  }
}
