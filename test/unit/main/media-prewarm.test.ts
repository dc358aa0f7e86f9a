import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../main/contract/events.ts';
import { MediaBridge } from '../../../main/telephony/media-bridge.ts';
import { MediaPrewarm, sdpOffer } from '../../../main/telephony/media-prewarm.ts';

// While a call rings, main has the attached page prepare the call's media; a call that ends
// unanswered has no session description handler to close it, so the prewarm closes it.

function setup() {
  const events = createEventHub();
  const sent: { op: string; callId: string }[] = [];
  events.subscribe((name, payload) => {
    if (name === 'media.command') {
      const { callId, command } = payload as { callId: string; command: { op: string } };
      sent.push({ op: command.op, callId });
    }
  });
  const bridge = new MediaBridge(events, 1_000);
  const prewarm = new MediaPrewarm(bridge, () => ({ hold: false, iceRestart: false, iceServers: [], iceGatheringTimeoutMs: 2_000 }));
  return { bridge, prewarm, sent };
}

describe('media prepared while a call rings', () => {
  it('asks the attached page to prepare, and to release it when the call ends unanswered', () => {
    const { bridge, prewarm, sent } = setup();
    bridge.attach('engine-a-0001', 'socket-1');
    prewarm.ringing('call-1');
    prewarm.ended('call-1');
    prewarm.ended('call-1');
    expect(sent).toEqual([
      { op: 'prepare', callId: 'call-1' },
      { op: 'close', callId: 'call-1' },
    ]);
  });

  it('leaves an answered call’s media to its session (which closes it when the call ends)', () => {
    const { bridge, prewarm, sent } = setup();
    bridge.attach('engine-a-0001', 'socket-1');
    prewarm.ringing('call-1');
    prewarm.answered('call-1');
    prewarm.ended('call-1');
    expect(sent).toEqual([{ op: 'prepare', callId: 'call-1' }]);
  });

  it('asks nothing without a page', () => {
    const { prewarm, sent } = setup();
    prewarm.ringing('call-1');
    prewarm.ended('call-1');
    expect(sent).toEqual([]);
  });

  it('hands the page the INVITE’s SDP offer to answer ahead, and nothing else as one', () => {
    const invite = (contentType: string | undefined, body: string) => ({ body, getHeader: (name: string) => (name === 'Content-Type' ? contentType : undefined) });
    expect(sdpOffer(invite('application/sdp', 'v=0 offer'))).toBe('v=0 offer');
    expect(sdpOffer(invite('Application/SDP; charset=utf-8', 'v=0 offer'))).toBe('v=0 offer');
    expect(sdpOffer(invite('multipart/mixed;boundary=x', '--x'))).toBeUndefined();
    expect(sdpOffer(invite(undefined, ''))).toBeUndefined();

    const events = createEventHub();
    const commands: unknown[] = [];
    events.subscribe((name, payload) => {
      if (name === 'media.command') commands.push((payload as { command: unknown }).command);
    });
    const bridge = new MediaBridge(events, 1_000);
    bridge.attach('engine-a-0001', 'socket-1');
    const prewarm = new MediaPrewarm(bridge, () => ({ hold: false, iceRestart: false, iceServers: [], iceGatheringTimeoutMs: 2_000 }));
    prewarm.ringing('call-1', invite('application/sdp', 'v=0 offer'));
    prewarm.ringing('call-2', invite(undefined, ''));
    expect(commands).toEqual([
      { op: 'prepare', options: expect.any(Object), offer: 'v=0 offer' },
      { op: 'prepare', options: expect.any(Object) },
    ]);
  });
});
