/** Failures of our own, next to the browser's DOMException names (`NotAllowedError`, ...). */
export type MediaErrorCode =
  /** The call was closed while this command waited or ran. */
  | 'callClosed'
  /** getUserMedia gave a stream without an audio track. */
  | 'noMicrophone'
  /** The browser created a description of a type main never asks for. */
  | 'unexpectedDescription'
  /** The page may not start audio without a user gesture (browser autoplay policy). */
  | 'autoplayBlocked';

export class MediaError extends Error {
  constructor(readonly code: MediaErrorCode) {
    super(code);
    this.name = code;
  }
}

/**
 * The short, machine-readable reason main receives (and maps to an error code the UI
 * translates): a DOMException's name such as `NotAllowedError`, or one of our codes. Never a
 * sentence: nothing here is shown to the agent as it is.
 */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' && error.name !== '') {
    return error.name.slice(0, 100);
  }
  return 'unknown';
}
