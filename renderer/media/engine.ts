import { drop, missingCase } from '../../common/assert.ts';
import type { MediaCommand, MediaCommandEvent, MediaResultRequest } from '../../common/contract/telephony.ts';
import type { ConnectionStatus, LoketClient } from '../bridge/index.ts';
import { CallMedia, type CallDiagnostics, type CallStats, type DeviceChoice, type MediaEnv } from './call-media.ts';
import { errorCode } from './media-error.ts';

export const STATS_INTERVAL_MS = 2_000;

export interface MediaEngine {
  /** New on every page load: main tells a reloaded page from a reconnected one by it. */
  readonly engineId: string;
  /** Devices from Settings; a change moves calls in progress to the new device. */
  setDevices(devices: DeviceChoice): void;
  calls(): string[];
  diagnostics(callId: string): Promise<CallDiagnostics | null>;
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
  let devices: DeviceChoice = { microphoneId: '', speakerId: '' };

  const hooks = {
    devices: () => devices,
    onFirstPacket: (stats: CallStats) => send(stats),
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
        return callFor(callId).prepare(command.options);
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
    setDevices(next) {
      const previous = devices;
      devices = next;
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
      for (const call of calls.values()) call.close();
      calls.clear();
    },
  };
}
