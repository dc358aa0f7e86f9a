import { MediaError, errorCode } from './media-error.ts';

/** What the call and the level meter ask the microphone for: the processing a headset call needs. */
export function microphoneConstraints(microphoneId: string): MediaStreamConstraints {
  return {
    audio: {
      // Empty means the system default; a chosen device is required exactly, not as a hint.
      deviceId: microphoneId === '' ? undefined : { exact: microphoneId },
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
    video: false,
  };
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** Absent outside a secure context (and in happy-dom): the page has no devices at all then. */
export function mediaDevices(): MediaDevices | undefined {
  return (navigator as { mediaDevices?: MediaDevices }).mediaDevices;
}

export const getUserMedia: GetUserMedia = (constraints) => {
  const media = mediaDevices();
  return media ? media.getUserMedia(constraints) : Promise.reject(new DOMException('no media devices in this page', 'NotSupportedError'));
};

/**
 * Opens the chosen microphone for a call. If that device is gone (the headset was unplugged
 * since it was chosen in Settings), the call falls back to the system default: a customer on
 * the line matters more than the agent's preferred device.
 */
export async function openCallMicrophone(getUserMedia: GetUserMedia, microphoneId: string): Promise<MediaStream> {
  try {
    return await getUserMedia(microphoneConstraints(microphoneId));
  } catch (error) {
    const deviceGone = ['OverconstrainedError', 'NotFoundError'].includes(errorCode(error));
    if (microphoneId === '' || !deviceGone) throw error;
    return getUserMedia(microphoneConstraints(''));
  }
}

export function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Routes an element to an output device; `''` goes back to the system default. */
export async function applySink(element: HTMLMediaElement, sinkId: string): Promise<void> {
  // Browsers without setSinkId play on the default device, which is all they can do.
  if (typeof element.setSinkId !== 'function' || element.sinkId === sinkId) return;
  await element.setSinkId(sinkId);
}

const RESUME_TIMEOUT_MS = 500;

/**
 * A WebAudio graph played on a chosen output device (ringtone, test tone). The graph ends in a
 * MediaStream played by an `<audio>` element because the element's setSinkId is supported much
 * more widely than AudioContext.setSinkId.
 */
export class DeviceOutput {
  readonly context = new AudioContext();
  private readonly destination = this.context.createMediaStreamDestination();
  private readonly element = document.createElement('audio');
  private closed = false;

  constructor() {
    this.element.srcObject = this.destination.stream;
  }

  /** Connect sources here. */
  get input(): AudioNode {
    return this.destination;
  }

  /** Rejects (`NotAllowedError`, `autoplayBlocked`) when the page may not play sound yet. */
  async play(sinkId: string): Promise<void> {
    await applySink(this.element, sinkId);
    await this.element.play();
    await this.resume();
  }

  setSink(sinkId: string): Promise<void> {
    return applySink(this.element, sinkId);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.element.pause();
    this.element.srcObject = null;
    void this.context.close();
  }

  // A context created without a user gesture starts suspended, and resume() then stays pending
  // instead of failing: give it a moment and call it blocked.
  private async resume(): Promise<void> {
    if (this.running()) return;
    await Promise.race([this.context.resume(), new Promise((resolve) => setTimeout(resolve, RESUME_TIMEOUT_MS))]);
    if (!this.running()) throw new MediaError('autoplayBlocked');
  }

  private running(): boolean {
    return this.context.state === 'running';
  }
}
