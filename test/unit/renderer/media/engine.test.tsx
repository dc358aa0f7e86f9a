import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaCommand, MediaOptions } from '../../../../common/contract/telephony.ts';
import { startEngine, type MediaEngine } from '../../../../renderer/media/engine.ts';
import { fakeClient, fakeEnv, fakeStream, fakeTrack } from './fakes.ts';

const ENGINE = 'engine-under-test';
const options: MediaOptions = { hold: false, iceRestart: false, iceServers: [], iceGatheringTimeoutMs: 1000 };

let engine: MediaEngine | null = null;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined); // failures are the point of some tests
});
afterEach(() => {
  vi.restoreAllMocks();
  engine?.stop();
  engine = null;
  vi.useRealTimers();
});

function setup(status = { state: 'connected' } as const) {
  const main = fakeClient(status);
  const media = fakeEnv();
  engine = startEngine(main.client, media.env, ENGINE);
  let nextId = 1;
  /** Sends a command as main would and waits for its result. */
  const command = async (callId: string, cmd: MediaCommand, engineId = ENGINE) => {
    const id = nextId++;
    main.emit('media.command', { engineId, id, callId, command: cmd });
    await vi.waitFor(() => expect(main.results().some((result) => result.id === id)).toBe(true));
    return main.results().find((result) => result.id === id);
  };
  return { main, media, command, engine };
}

describe('the media engine', () => {
  it('attaches when the link is up, and again each time it comes back', async () => {
    const { main } = setup({ state: 'connecting' } as never);
    expect(main.of('media.attach')).toEqual([]);
    main.setStatus({ state: 'connected' });
    main.setStatus({ state: 'connected' });
    expect(main.of('media.attach')).toEqual([{ engineId: ENGINE }]);
    main.setStatus({ state: 'offline', retryAt: 0 });
    main.setStatus({ state: 'connecting' });
    main.setStatus({ state: 'connected' });
    expect(main.of('media.attach')).toEqual([{ engineId: ENGINE }, { engineId: ENGINE }]);
  });

  it('attaches at once over a link that is always up (Electron)', () => {
    const { main } = setup();
    expect(main.of('media.attach')).toEqual([{ engineId: ENGINE }]);
  });

  it('ignores commands meant for another engine (the page before a reload)', async () => {
    const { main, media } = setup();
    main.emit('media.command', { engineId: 'old-page', id: 1, callId: 'c1', command: { op: 'create', options } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(main.results()).toEqual([]);
    expect(media.getUserMedia).not.toHaveBeenCalled();
  });

  it('answers a failing command with the browser’s reason, and tries again on the next one', async () => {
    const { media, command } = setup();
    media.getUserMedia.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    expect(await command('c1', { op: 'create', options })).toEqual({ engineId: ENGINE, id: 1, ok: false, error: 'NotAllowedError' });
    expect(media.peers).toHaveLength(0);
    expect(await command('c1', { op: 'create', options })).toMatchObject({ ok: true, value: { type: 'offer', sdp: 'v=0 offer' } });
  });

  it('opens the chosen microphone, and the default one when it is gone', async () => {
    const { media, command, engine } = setup();
    engine.setDevices({ microphoneId: 'headset', speakerId: 'speaker-2' });
    media.getUserMedia.mockRejectedValueOnce(new DOMException('gone', 'OverconstrainedError'));
    expect(await command('c1', { op: 'create', options })).toMatchObject({ ok: true });
    const asked = media.getUserMedia.mock.calls.map(([constraints]) => (constraints.audio as MediaTrackConstraints).deviceId);
    expect(asked).toEqual([{ exact: 'headset' }, undefined]);
    expect(media.audios[0]?.sinkId).toBe('speaker-2');
  });

  it('creates a description without applying it, then applies main’s version with its candidates', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'create', options: { ...options, iceServers: [{ urls: 'turn:turn.example.com', username: 'u', credential: 'p' }] } });
    const peer = media.peers[0]!;
    expect(peer.signalingState).toBe('stable');
    expect(peer.configuration.iceServers).toEqual([{ urls: 'turn:turn.example.com', username: 'u', credential: 'p' }]);
    const local = await command('c1', { op: 'setLocal', description: { type: 'offer', sdp: 'v=0 modified' }, options });
    expect(local).toMatchObject({ ok: true, value: 'v=0 modified\r\na=candidate:1 1 udp 1 192.0.2.1 5000 typ host' });
    // Main says "offer" but the connection waits for an answer: the connection wins.
    expect(await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 theirs' }, options })).toMatchObject({ ok: true, value: null });
    expect(peer.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 theirs' });
    expect(media.peers).toHaveLength(1);
  });

  it('answers an incoming offer, and offers sendonly for hold and an ICE restart when asked', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 invite' }, options });
    expect(await command('c1', { op: 'create', options })).toMatchObject({ value: { type: 'answer' } });
    await command('c1', { op: 'setLocal', description: { type: 'answer', sdp: 'v=0 answer' }, options });
    const peer = media.peers[0]!;
    await command('c1', { op: 'create', options: { ...options, hold: true, iceRestart: true } });
    expect(peer.transceivers[0]?.direction).toBe('sendonly');
    expect(peer.offerOptions).toEqual([{ iceRestart: true }]);
    await command('c1', { op: 'create', options });
    expect(peer.transceivers[0]?.direction).toBe('sendrecv');
  });

  it('rolls back a pending offer, and does not create a connection to roll back', async () => {
    const { media, command } = setup();
    expect(await command('c9', { op: 'rollback' })).toMatchObject({ ok: true, value: null });
    expect(media.peers).toHaveLength(0);
    const offer = await command('c1', { op: 'create', options });
    await command('c1', { op: 'setLocal', description: offer?.value as never, options });
    expect(media.peers[0]?.signalingState).toBe('have-local-offer');
    await command('c1', { op: 'rollback' });
    expect(media.peers[0]?.signalingState).toBe('stable');
  });

  it('keeps a call muted across a connection made later and a microphone switch', async () => {
    const { media, command, engine } = setup();
    expect(await command('c1', { op: 'mute', on: true })).toMatchObject({ ok: true, value: false });
    await command('c1', { op: 'create', options });
    expect(media.tracks[0]?.enabled).toBe(false);
    engine.setDevices({ microphoneId: 'headset', speakerId: '' });
    await vi.waitFor(() => expect(media.peers[0]?.transceivers[0]?.sender.replaceTrack).toHaveBeenCalled());
    await vi.waitFor(() => expect(media.tracks[0]?.stop).toHaveBeenCalled());
    expect(media.tracks[1]?.enabled).toBe(false);
    expect(await command('c1', { op: 'mute', on: false })).toMatchObject({ ok: true, value: true });
    expect(media.tracks[1]?.enabled).toBe(true);
  });

  it('sends DTMF after the tones still queued, and says false without a call', async () => {
    const { media, command } = setup();
    expect(await command('c2', { op: 'dtmf', tones: '1', durationMs: 100, gapMs: 70 })).toMatchObject({ ok: true, value: false });
    await command('c1', { op: 'create', options });
    const dtmf = media.peers[0]!.transceivers[0]!.sender.dtmf;
    dtmf.toneBuffer = '2';
    expect(await command('c1', { op: 'dtmf', tones: '3#', durationMs: 120, gapMs: 80 })).toMatchObject({ ok: true, value: true });
    expect(dtmf.insertDTMF).toHaveBeenCalledWith('23#', 120, 80);
  });

  it('closes at once, failing what still waits for the microphone, and releases it', async () => {
    const { media, main, command } = setup();
    let grant = (_stream: MediaStream) => undefined as void;
    const track = fakeTrack();
    media.getUserMedia.mockImplementationOnce(() => new Promise((resolve) => (grant = resolve)));
    main.emit('media.command', { engineId: ENGINE, id: 100, callId: 'c1', command: { op: 'create', options } });
    await vi.waitFor(() => expect(media.getUserMedia).toHaveBeenCalled()); // a permission prompt, say
    expect(await command('c1', { op: 'close' })).toMatchObject({ ok: true, value: false });
    grant(fakeStream(track));
    await vi.waitFor(() => expect(main.results().find((result) => result.id === 100)).toMatchObject({ ok: false, error: 'callClosed' }));
    expect(track.stop).toHaveBeenCalled();
    expect(media.peers).toHaveLength(0);
  });

  it('closes a call’s connection, microphone and audio', async () => {
    const { media, command, engine } = setup();
    await command('c1', { op: 'create', options });
    expect(engine.calls()).toEqual(['c1']);
    expect(await command('c1', { op: 'close' })).toMatchObject({ ok: true, value: true });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.tracks[0]?.stop).toHaveBeenCalled();
    expect(media.audios[0]?.srcObject).toBeNull();
    expect(engine.calls()).toEqual([]);
  });

  it('reports the first received packet at once, then the figures every 2 s while connected', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // the 2 s reports; the 20 ms polls run for real
    const { media, main, command } = setup();
    await command('c1', { op: 'create', options });
    const peer = media.peers[0]!;
    const inbound = (packetsReceived: number) => ({ id: 'in', type: 'inbound-rtp', kind: 'audio', packetsReceived, bytesReceived: packetsReceived * 80, packetsLost: 0, jitter: 0.004 });
    peer.statsReports = [[inbound(0)], [inbound(0)], [inbound(3), { id: 'out', type: 'outbound-rtp', kind: 'audio', bytesSent: 500 }]];
    const before = Date.now();
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0' }, options });
    await vi.waitFor(() => expect(main.of('media.stats')).toHaveLength(1));
    const first = main.of('media.stats')[0] as Record<string, number>;
    expect(first).toMatchObject({ engineId: ENGINE, callId: 'c1', packetsReceived: 3, bytesReceived: 240, bytesSent: 500, jitterMs: 4, rttMs: null });
    expect(first.firstPacketAt).toBeGreaterThanOrEqual(before);

    await vi.advanceTimersByTimeAsync(2000);
    expect(main.of('media.stats')).toHaveLength(1); // not connected yet: nothing to report
    peer.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(main.of('media.stats')).toHaveLength(2));
    expect(main.of('media.stats')[1]).toMatchObject({ callId: 'c1', firstPacketAt: first.firstPacketAt });
  });

  it('stops: no more commands, every call closed', async () => {
    const { media, main, command, engine } = setup();
    await command('c1', { op: 'create', options });
    engine.stop();
    expect(media.peers[0]?.closed).toBe(true);
    expect(main.listenerCount('media.command')).toBe(0);
  });
});
