import { drop } from '../../common/assert.ts';
import type { Settings } from '../../common/contract/contract.ts';
import type { PhoneStatus } from '../../common/contract/telephony.ts';
import { afterPaint } from './after-paint.ts';
import type { ConnectionStatus, LoketClient } from '../bridge/index.ts';
import { getUserMedia } from './audio.ts';
import type { CallDiagnostics } from './call-diagnostics.ts';
import type { MediaEnv } from './call-env.ts';
import { startEngine } from './engine.ts';
import { sessionHints } from './reload-warmup.ts';
import { createRinger } from './ringer.ts';

/**
 * Read-only access for e2e tests and for diagnosing a call from the devtools console: main only
 * sees SDP and periodic figures, a test needs to know that audio really flows in this page.
 * Nothing in the app reads it.
 */
export interface MediaProbe {
  readonly engineId: string;
  calls(): string[];
  stats(callId: string): Promise<CallDiagnostics | null>;
}

declare global {
  interface Window {
    __loketMedia?: MediaProbe;
  }
}

const browserEnv: MediaEnv = {
  getUserMedia,
  createPeer: (configuration) => new RTCPeerConnection(configuration),
  createAudio: () => document.createElement('audio'),
  storage: sessionHints(),
};

/**
 * The page's media side of the softphone, for the page's lifetime: the engine that runs main's
 * media commands, the devices from Settings, and the ringtone while a call comes in.
 */
export function startMediaEngine(client: LoketClient): { readonly resumed: Promise<void>; stop(): void } {
  // For the benchmark's reload case: how long the page took to get its media engine running.
  performance.mark('loket:media-engine');
  const engine = startEngine(client, browserEnv, crypto.randomUUID());
  const ringer = createRinger();

  const settings = follow(
    () => client.request('settings.get', {}),
    (next: Settings) => {
      engine.setDevices({ microphoneId: next.microphoneId, speakerId: next.speakerId });
      ringer.setSink(next.ringerId);
    },
  );
  const phone = follow(
    () => client.request('phone.status', {}),
    // After the frame that shows the ringing banner while the page is on screen: the engine's
    // listener runs before the UI's, and opening the audio output (a new AudioContext, ~14 ms of
    // the page's main thread on a busy machine) would otherwise come before that frame, even from
    // a task of its own. Hidden (where timers are throttled, and ringing matters most), at once.
    (status: PhoneStatus) => {
      if (document.visibilityState === 'visible') afterPaint(() => drop(ringer.syncRinger(status)));
      else drop(ringer.syncRinger(status));
    },
  );
  const offSettings = client.on('settings.changed', settings.event);
  const offPhone = client.on('phone.changed', phone.event);
  // Read both whenever the link (re)connects: events sent while it was down are lost.
  let linked = false;
  const onStatus = (status: ConnectionStatus) => {
    if (status.state === 'connected' && !linked) {
      settings.read();
      phone.read();
    }
    linked = status.state === 'connected';
  };
  const offStatus = client.onStatus(onStatus);
  onStatus(client.status());

  window.__loketMedia = { engineId: engine.engineId, calls: engine.calls, stats: engine.diagnostics };

  return {
    resumed: engine.resumed,
    stop() {
      offSettings();
      offPhone();
      offStatus();
      ringer.stopRinging();
      engine.stop();
      delete window.__loketMedia;
    },
  };
}

/**
 * A value known from a read and from change events. An event may overtake a read in flight:
 * the read's answer is then older than what was applied, and is dropped.
 */
function follow<T>(read: () => Promise<T>, apply: (value: T) => void) {
  let events = 0;
  return {
    event(value: T) {
      events += 1;
      apply(value);
    },
    read() {
      const before = events;
      drop(read().then((value) => events === before && apply(value)));
    },
  };
}

export type { AudioDevices, DeviceOption } from './devices.ts';
export { listAudioDevices, playTestTone, startLevelMeter, watchDevices } from './devices.ts';
