import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaCommand, MediaOptions } from '../../../../common/contract/telephony.ts';
import { startEngine, type MediaEngine } from '../../../../renderer/media/engine.ts';
import { iceGathered } from '../../../../renderer/media/negotiation.ts';
import { WARM_UP_MS, readHint, type HintStorage } from '../../../../renderer/media/reload-warmup.ts';
import { watchFirstPacket } from '../../../../renderer/media/stats.ts';
import { fakeClient, fakeEnv } from './fakes.ts';

// A page reload mid-call: the engine notes its calls with media for the tab's next page, which
// opens their microphone as it starts and holds its UI until their audio is back. And the two
// waits that held a renegotiation back: ICE-TCP candidates and getStats' cached reports.

const options: MediaOptions = { hold: false, iceRestart: false, iceServers: [], iceGatheringTimeoutMs: 1000 };
const engines: MediaEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.stop();
  vi.useRealTimers();
});

function memoryStorage(): HintStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

function page(storage: HintStorage, engineId: string) {
  const main = fakeClient({ state: 'connected' });
  const media = fakeEnv();
  const engine = startEngine(main.client, { ...media.env, storage }, engineId);
  engines.push(engine);
  let nextId = 1;
  const command = async (callId: string, cmd: MediaCommand) => {
    const id = nextId++;
    main.emit('media.command', { engineId, id, callId, command: cmd });
    await vi.waitFor(() => expect(main.results().some((result) => result.id === id)).toBe(true));
    return main.results().find((result) => result.id === id);
  };
  return { main, media, engine, command };
}

describe('a page reload mid-call', () => {
  it('notes the calls with media for the next page, and forgets a call that ended', async () => {
    const storage = memoryStorage();
    const first = page(storage, 'first');
    await first.command('c1', { op: 'prepare', options });
    expect(readHint(storage)).toBeNull(); // ringing only: nothing to bring back
    await first.command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0' }, options });
    expect(readHint(storage)).toEqual({ calls: ['c1'], microphoneId: '' });
    first.engine.setDevices({ microphoneId: 'headset', speakerId: '' });
    expect(readHint(storage)).toEqual({ calls: ['c1'], microphoneId: 'headset' });
    await first.command('c1', { op: 'close' });
    expect(readHint(storage)).toBeNull();
  });

  it('opens the call’s microphone as the next page starts, uses it for the new offer, and is resumed at the first packet', async () => {
    const storage = memoryStorage();
    const first = page(storage, 'first');
    first.engine.setDevices({ microphoneId: 'headset', speakerId: '' });
    await first.command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0' }, options });

    const second = page(storage, 'second');
    // Before main has said anything: the microphone the call used is opening.
    expect(second.media.getUserMedia).toHaveBeenCalledTimes(1);
    expect(second.media.getUserMedia.mock.calls[0]?.[0]).toMatchObject({ audio: { deviceId: { exact: 'headset' } } });
    let resumed = false;
    void second.engine.resumed.then(() => (resumed = true));
    const offer = await second.command('c1', { op: 'describe', options: { ...options, iceRestart: true } });
    expect(offer).toMatchObject({ ok: true, value: { type: 'offer' } });
    expect(second.media.getUserMedia).toHaveBeenCalledTimes(1); // no second opening
    const peer = second.media.peers[0]!;
    expect(peer.transceivers[0]?.sender.track).toBe(second.media.tracks[0]);
    expect(resumed).toBe(false);
    peer.statsReports = [[{ id: 'in', type: 'inbound-rtp', kind: 'audio', packetsReceived: 1 }]];
    await second.command('c1', { op: 'setRemote', description: { type: 'answer', sdp: 'v=0' }, options });
    await vi.waitFor(() => expect(resumed).toBe(true));
  });

  it('releases a microphone no command came for (the call ended during the reload), and resumes at once', async () => {
    const storage = memoryStorage();
    const first = page(storage, 'first');
    await first.command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0' }, options });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const second = page(storage, 'second');
    await vi.waitFor(() => expect(second.media.tracks).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(WARM_UP_MS);
    expect(second.media.tracks[0]?.stop).toHaveBeenCalled();
    expect(second.engine.calls()).toEqual([]);
    await second.engine.resumed;
    expect(readHint(storage)).toBeNull();
  });

  it('resumes at once on a page without calls, and opens no microphone', async () => {
    const fresh = page(memoryStorage(), 'fresh');
    await fresh.engine.resumed;
    expect(fresh.media.getUserMedia).not.toHaveBeenCalled();
  });
});

/** A connection that gathers and receives like a real one, as far as these waits care. */
class GatheringPeer extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering';
  localDescription: { sdp: string } | null = { sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111' };
  readonly track = Object.assign(new EventTarget(), { kind: 'audio', muted: true });
  candidate(line: string) {
    this.localDescription = { sdp: `${this.localDescription?.sdp}\r\na=${line}` };
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: { candidate: line } }));
  }
  complete() {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
  getReceivers() {
    return [{ track: this.track }];
  }
  async getStats() {
    return new Map();
  }
}

const UDP = 'candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0';
const TCP = 'candidate:2 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active generation 0';

describe('ICE gathering for a description sent whole (no trickle over SIP)', () => {
  it('without STUN or TURN servers, is done shortly after the UDP host candidates, not at the ICE-TCP ones', async () => {
    const pc = new GatheringPeer();
    let done = false;
    void iceGathered(pc as unknown as RTCPeerConnection, 5000, new AbortController().signal, true).then(() => (done = true));
    pc.candidate(UDP);
    await vi.waitFor(() => expect(done).toBe(true), { timeout: 1000, interval: 2 });
    expect(pc.localDescription?.sdp).not.toContain(' tcp ');
  });

  it('with servers, waits for the end of gathering (their candidates come later)', async () => {
    const pc = new GatheringPeer();
    let done = false;
    void iceGathered(pc as unknown as RTCPeerConnection, 5000, new AbortController().signal, false).then(() => (done = true));
    pc.candidate(UDP);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    pc.candidate(TCP);
    pc.complete();
    await vi.waitFor(() => expect(done).toBe(true));
  });
});

describe('the first packet', () => {
  it('is noted when the received track unmutes, without waiting for getStats to show it', async () => {
    const pc = new GatheringPeer();
    const onPacket = vi.fn();
    const stop = watchFirstPacket(pc as unknown as RTCPeerConnection, { intervalMs: 20, timeoutMs: 10_000, onPacket });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(onPacket).not.toHaveBeenCalled(); // getStats has no packet to show
    const before = Date.now();
    pc.track.muted = false;
    pc.track.dispatchEvent(new Event('unmute'));
    await vi.waitFor(() => expect(onPacket).toHaveBeenCalledTimes(1));
    expect(onPacket.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(before);
    stop();
  });
});
