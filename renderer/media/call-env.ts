import type { MediaStatsReport } from '../../common/contract/telephony.ts';
import type { GetUserMedia } from './audio.ts';
import type { HintStorage } from './reload-warmup.ts';

// What a call's media gets from outside: the page's WebRTC (faked in tests) and the engine's settings and reports.

/** The devices chosen in Settings; empty means the system default. */
export interface DeviceChoice {
  readonly microphoneId: string;
  readonly speakerId: string;
}

/** What a call needs from the page; tests pass fakes (happy-dom has no WebRTC). */
export interface MediaEnv {
  readonly getUserMedia: GetUserMedia;
  readonly createPeer: (configuration: RTCConfiguration) => RTCPeerConnection;
  readonly createAudio: () => HTMLAudioElement;
  /** Where the engine notes its live calls for the tab's next page (`reload-warmup.ts`); none in tests that do not care. */
  readonly storage?: HintStorage;
}

/** The figures of a `media.stats` report, without the engine's id. */
export type CallStats = Omit<MediaStatsReport, 'engineId'>;

export interface CallHooks {
  readonly devices: () => DeviceChoice;
  /** The first RTP packet arrived: report it now, the benchmark times calls by it. */
  readonly onFirstPacket: (stats: CallStats) => void;
}
