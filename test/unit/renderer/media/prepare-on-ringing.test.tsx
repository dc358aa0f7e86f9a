import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaCommand, MediaOptions } from '../../../../common/contract/telephony.ts';
import { startEngine, type MediaEngine } from '../../../../renderer/media/engine.ts';
import { fakeClient, fakeEnv } from './fakes.ts';

// While a call rings, main asks the page to `prepare` its media: the microphone and the peer
// connection are opened before the agent clicks Answer, so the answer only applies descriptions.

const ENGINE = 'engine-under-test';
const options: MediaOptions = { hold: false, iceRestart: false, iceServers: [{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }], iceGatheringTimeoutMs: 1000 };

let engine: MediaEngine | null = null;
afterEach(() => {
  engine?.stop();
  engine = null;
});

function setup() {
  const main = fakeClient({ state: 'connected' });
  const media = fakeEnv();
  engine = startEngine(main.client, media.env, ENGINE);
  let nextId = 1;
  const command = async (callId: string, cmd: MediaCommand) => {
    const id = nextId++;
    main.emit('media.command', { engineId: ENGINE, id, callId, command: cmd });
    await vi.waitFor(() => expect(main.results().some((result) => result.id === id)).toBe(true));
    return main.results().find((result) => result.id === id);
  };
  return { media, command };
}

describe('media prepared while a call rings', () => {
  it('opens the microphone and a connection that gathers ahead, with the configured ICE servers only, and sends nothing', async () => {
    const { media, command } = setup();
    expect(await command('c1', { op: 'prepare', options })).toMatchObject({ ok: true, value: true });
    expect(media.getUserMedia).toHaveBeenCalledTimes(1);
    expect(media.peers).toHaveLength(1);
    const peer = media.peers[0];
    expect(peer?.configuration).toMatchObject({ iceServers: options.iceServers, rtcpMuxPolicy: 'require', iceCandidatePoolSize: 1 });
    expect(peer?.localDescription).toBeNull();
    expect(peer?.remoteDescription).toBeNull();
    expect(peer?.transceivers.map((t) => t.direction)).toEqual(['sendrecv']);
  });

  it('answers on the prepared connection: no second microphone, no second connection', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options });
    expect(await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 remote offer' }, options })).toMatchObject({ ok: true });
    const created = await command('c1', { op: 'create', options });
    expect(created).toMatchObject({ ok: true, value: { type: 'answer' } });
    expect(await command('c1', { op: 'setLocal', description: { type: 'answer', sdp: 'v=0 answer' }, options })).toMatchObject({ ok: true });
    expect(media.getUserMedia).toHaveBeenCalledTimes(1);
    expect(media.peers).toHaveLength(1);
  });

  it('releases the microphone and the connection when the call is not answered', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options });
    expect(await command('c1', { op: 'close' })).toMatchObject({ ok: true, value: true });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.tracks[0]?.stop).toHaveBeenCalled();
    expect(engine?.calls()).toEqual([]);
  });

  it('tells main when the microphone cannot be opened, and the answer tries again', async () => {
    const { media, command } = setup();
    media.getUserMedia.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    expect(await command('c1', { op: 'prepare', options })).toMatchObject({ ok: false, error: 'NotAllowedError' });
    expect(await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 remote offer' }, options })).toMatchObject({ ok: true });
    expect(media.peers).toHaveLength(1);
  });
});

describe('one step for a description main does not modify', () => {
  it('creates the answer and applies it with its candidates in one command', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options });
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 remote offer' }, options });
    const described = await command('c1', { op: 'describe', options });
    expect(described).toMatchObject({ ok: true, value: { type: 'answer' } });
    expect((described?.value as { sdp: string }).sdp).toContain('a=candidate:');
    expect(media.peers[0]?.localDescription?.type).toBe('answer');
    expect(media.peers[0]?.signalingState).toBe('stable');
  });

  it('makes an offer with an ICE restart when asked (a reloaded page)', async () => {
    const { media, command } = setup();
    const described = await command('c1', { op: 'describe', options: { ...options, iceRestart: true } });
    expect(described).toMatchObject({ ok: true, value: { type: 'offer' } });
    expect(media.peers[0]?.offerOptions).toEqual([{ iceRestart: true }]);
    expect(media.peers[0]?.signalingState).toBe('have-local-offer');
  });
});

describe('the INVITE’s offer answered while the call rings', () => {
  const offer = 'v=0 the INVITE offer';

  it('answers ahead with nothing sent from the microphone and nothing heard, and the click only takes that answer', async () => {
    const { media, command } = setup();
    expect(await command('c1', { op: 'prepare', options, offer })).toMatchObject({ ok: true, value: true });
    const peer = media.peers[0];
    expect(peer?.remoteDescription).toEqual({ type: 'offer', sdp: offer });
    expect(peer?.localDescription?.type).toBe('answer');
    expect(peer?.transceivers[0]?.sender.track).toBeNull();
    expect(media.audios[0]).toMatchObject({ muted: true });
    // A reload while it still rings has no call with media to bring back.
    expect(engine?.calls()).toEqual(['c1']);

    expect(await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: offer }, options })).toMatchObject({ ok: true });
    const described = await command('c1', { op: 'describe', options });
    expect(described).toMatchObject({ ok: true, value: { type: 'answer', sdp: peer?.localDescription?.sdp } });
    expect(peer?.transceivers[0]?.sender.track).toBe(media.tracks[0]);
    expect(media.audios[0]).toMatchObject({ muted: false });
    expect(media.peers).toHaveLength(1);
    expect(media.getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('keeps the microphone off the sender until the click when the microphone setting changes while ringing', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options, offer });
    engine?.setDevices({ microphoneId: 'usb-headset', speakerId: '' });
    await vi.waitFor(() => expect(media.getUserMedia).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(media.tracks[0]?.stop).toHaveBeenCalled());
    expect(media.peers[0]?.transceivers[0]?.sender.track).toBeNull();
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: offer }, options });
    await command('c1', { op: 'describe', options });
    expect(media.peers[0]?.transceivers[0]?.sender.track).toBe(media.tracks[1]);
  });

  it('starts afresh when main applies another offer: the answered-ahead connection is closed', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options, offer });
    expect(await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: 'v=0 another offer' }, options })).toMatchObject({ ok: true });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.tracks[0]?.stop).toHaveBeenCalled();
    expect(media.peers[1]?.remoteDescription).toEqual({ type: 'offer', sdp: 'v=0 another offer' });
    const described = await command('c1', { op: 'describe', options });
    expect(described).toMatchObject({ ok: true, value: { type: 'answer' } });
    expect(media.peers[1]?.transceivers[0]?.sender.track).toBe(media.tracks[1]);
  });

  it('gives modifiers in main the state they expect: the same offer applied again on a fresh connection', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options, offer });
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: offer }, options });
    expect(await command('c1', { op: 'create', options })).toMatchObject({ ok: true, value: { type: 'answer' } });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.peers[1]?.remoteDescription).toEqual({ type: 'offer', sdp: offer });
    expect(media.peers[1]?.signalingState).toBe('have-remote-offer');
  });

  it('answers on a fresh connection when the one answered ahead lost its path while ringing', async () => {
    const { media, command } = setup();
    await command('c1', { op: 'prepare', options, offer });
    if (media.peers[0]) media.peers[0].iceConnectionState = 'failed';
    await command('c1', { op: 'setRemote', description: { type: 'offer', sdp: offer }, options });
    const described = await command('c1', { op: 'describe', options });
    expect(described).toMatchObject({ ok: true, value: { type: 'answer' } });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.peers[1]?.remoteDescription).toEqual({ type: 'offer', sdp: offer });
    expect(media.peers[1]?.localDescription?.type).toBe('answer');
    expect(media.peers[1]?.transceivers[0]?.sender.track).toBe(media.tracks[1]);
  });

  it('leaves no half-answered connection when answering ahead fails: the click starts afresh', async () => {
    const { media, command } = setup();
    const failing = media.env.createPeer;
    Object.assign(media.env, {
      createPeer: (configuration: RTCConfiguration) => {
        const pc = failing(configuration);
        pc.setRemoteDescription = () => Promise.reject(new DOMException('bad offer', 'OperationError'));
        return pc;
      },
    });
    expect(await command('c1', { op: 'prepare', options, offer })).toMatchObject({ ok: false });
    expect(media.peers[0]?.closed).toBe(true);
    expect(media.tracks[0]?.stop).toHaveBeenCalled();
  });
});
