import { drop, missingCase } from '../../common/assert.ts';
import type { MediaCommand, MediaCommandEvent, MediaResultRequest } from '../../common/contract/telephony.ts';
import type { ConnectionStatus, LoketClient } from '../bridge/index.ts';
import type { CallDiagnostics } from './call-diagnostics.ts';
import type { CallStats, DeviceChoice, MediaEnv } from './call-env.ts';
import { CallMedia } from './call-media.ts';
import { errorCode } from './media-error.ts';
import { RESUME_CAP_MS, WARM_UP_MS, readHint, writeHint } from './reload-warmup.ts';

export const STATS_INTERVAL_MS = 2_000;

export interface MediaEngine {
  /** New on every page load: main tells a reloaded page from a reconnected one by it. */
  readonly engineId: string;
  /** Devices from Settings; a change moves calls in progress to the new device. */
  setDevices(devices: DeviceChoice): void;
  calls(): string[];
  diagnostics(callId: string): Promise<CallDiagnostics | null>;
  /**
   * Settles once every call the tab's previous page had media for has its audio back (or ended),
   * at most `RESUME_CAP_MS` after the start; at once without such calls. The page holds its
   * first render until then: React's first render and the translations are long tasks on the
   * thread that runs the renegotiation.
   */
  readonly resumed: Promise<void>;
  /** Unsubscribes and closes every call's media. */
  stop(): void;
}

type ResultValue = MediaResultRequest['value'];

/**
 * Carries out main's `media.command`s for this page. Main holds the SIP dialogs; this engine
 * holds one RTCPeerConnection per call and answers every command with a `media.result`, failures
 * included, so no SIP transaction in main waits for an answer that never comes.
 */
export function startEngine(client: LoketClient, env: MediaEnv, engineId: string): MediaEngine {
  const calls = new Map<string, CallMedia>();
  // After a reload mid-call the previous page's microphone until Settings are read: the call goes on with it.
  const hint = env.storage ? readHint(env.storage) : null;
  let devices: DeviceChoice = { microphoneId: hint?.microphoneId ?? '', speakerId: '' };
  /** The previous page's calls whose audio is not back yet (`resumed`). */
  const resuming = new Set(hint?.calls ?? []);
  // Unknown at first: the previous page's hint stays until this page writes its own.
  let savedHint: string | null = null;
  const saveHint = () => {
    if (!env.storage) return;
    // A call still coming back counts too: a second reload before its answer warms it up again.
    const live = [...calls].filter(([callId, call]) => call.negotiated || resuming.has(callId)).map(([callId]) => callId);
    savedHint = writeHint(env.storage, { calls: live, microphoneId: devices.microphoneId }, savedHint);
  };

  let markResumed = (): void => undefined;
  const resumed = new Promise<void>((resolve) => {
    markResumed = resolve;
  });
  const resumeCap = setTimeout(() => markResumed(), RESUME_CAP_MS);
  function checkResumed(): void {
    for (const callId of resuming) {
      const call = calls.get(callId);
      if (!call || call.audioBack) resuming.delete(callId);
    }
    if (resuming.size === 0) {
      clearTimeout(resumeCap);
      markResumed();
    }
  }

  const hooks = {
    devices: () => devices,
    onFirstPacket: (stats: CallStats) => {
      send(stats);
      checkResumed();
    },
  };

  const callFor = (callId: string): CallMedia => {
    let call = calls.get(callId);
    if (!call) {
      call = new CallMedia(callId, env, hooks);
      calls.set(callId, call);
    }
    return call;
  };

  async function execute(callId: string, command: MediaCommand): Promise<ResultValue> {
    switch (command.op) {
      case 'create':
        return callFor(callId).create(command.options);
      case 'setLocal':
        return callFor(callId).setLocal(command.description, command.options);
      case 'setRemote':
        return callFor(callId).setRemote(command.description, command.options);
      case 'rollback':
        return (await calls.get(callId)?.rollback()) ?? null;
      case 'dtmf':
        return calls.get(callId)?.dtmf(command.tones, command.durationMs, command.gapMs) ?? false;
      case 'mute':
        return callFor(callId).mute(command.on);
      case 'describe':
        return callFor(callId).describe(command.options);
      case 'prepare':
        return callFor(callId).prepare(command.options, command.offer);
      case 'close': {
        const call = calls.get(callId);
        calls.delete(callId);
        return call?.close() ?? false;
      }
      default:
        return missingCase(command);
    }
  }

  async function answer({ id, callId, command }: MediaCommandEvent): Promise<void> {
    let result: MediaResultRequest;
    try {
      result = { engineId, id, ok: true, value: await execute(callId, command) };
    } catch (error) {
      console.warn('[media] command failed', command.op, callId, error);
      result = { engineId, id, ok: false, error: errorCode(error) };
    }
    saveHint();
    checkResumed();
    await client.request('media.result', result);
  }

  function send(stats: CallStats): void {
    drop(client.request('media.stats', { engineId, ...stats }), (error) => console.warn('[media] stats not delivered', error));
  }

  // Stale figures are worthless: skip reports while the link to main is down.
  const reportStats = () => {
    if (client.status().state !== 'connected') return;
    for (const call of calls.values()) {
      drop(call.stats().then((stats) => stats && send(stats)), (error) => console.warn('[media] getStats failed', call.callId, error));
    }
  };

  // The previous page of this tab had calls with media: open their microphone while the link to
  // main connects. A call main sends nothing for (it ended during the reload) releases it again.
  const warmUps = (hint?.calls ?? []).map((callId) => {
    const call = callFor(callId);
    call.warmUp(devices.microphoneId);
    return setTimeout(() => {
      if (calls.get(callId) !== call || call.negotiated) return;
      calls.delete(callId);
      call.close();
      saveHint();
      checkResumed();
    }, WARM_UP_MS);
  });
  checkResumed();

  const attach = () => drop(client.request('media.attach', { engineId }), (error) => console.warn('[media] attach failed', error));

  // Subscribed before attaching: main may send commands as soon as it knows us.
  const offCommand = client.on('media.command', (event) => {
    if (event.engineId === engineId) drop(answer(event), (error) => console.warn('[media] result not delivered', event.id, error));
  });
  // Attach whenever the link (re)connects: after a web-shell socket drop main hears that this
  // engine, and its calls, survived. A page reload comes back with a new engineId instead.
  let linked = false;
  const onStatus = (status: ConnectionStatus) => {
    if (status.state === 'connected' && !linked) attach();
    linked = status.state === 'connected';
  };
  const offStatus = client.onStatus(onStatus);
  onStatus(client.status());
  const statsTimer = setInterval(reportStats, STATS_INTERVAL_MS);

  return {
    engineId,
    resumed,
    setDevices(next) {
      const previous = devices;
      devices = next;
      saveHint();
      for (const call of calls.values()) {
        if (next.microphoneId !== previous.microphoneId) drop(call.switchMicrophone(), (error) => console.warn('[media] microphone not switched', error));
        if (next.speakerId !== previous.speakerId) drop(call.switchSpeaker(), (error) => console.warn('[media] speaker not switched', error));
      }
    },
    calls: () => [...calls.keys()],
    diagnostics: async (callId) => (await calls.get(callId)?.diagnostics()) ?? null,
    stop() {
      offCommand();
      offStatus();
      clearInterval(statsTimer);
      for (const timer of warmUps) clearTimeout(timer);
      clearTimeout(resumeCap);
      markResumed();
      for (const call of calls.values()) call.close();
      calls.clear();
    },
  };
}
