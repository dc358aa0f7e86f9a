import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Registration } from '../../../common/contract/telephony.ts';
import { createEventHub } from '../../../main/contract/events.ts';
import { MediaBridge } from '../../../main/telephony/media-bridge.ts';
import { SipRegistration } from '../../../main/telephony/registration.ts';
import { isUnreachable, listeningAddress, watchPort } from '../../../main/telephony/server-watch.ts';
import type { SipAccount, SipAccountStore } from '../../../main/telephony/sip-account.ts';
import { DEFAULT_TIMINGS } from '../../../main/telephony/timings.ts';

// Reconnecting to a SIP server: its return is watched with cheap TCP probes (REGISTER as soon as
// the port answers), while a server that answers but does not serve still gets only the
// back-off's pace. Kamailio's real return is proven on the rig (test/telephony/registration-return.test.ts).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('watching for a SIP server’s return', () => {
  it('probes the port a ws:// or wss:// URL connects to', () => {
    expect(listeningAddress('ws://pbx.example:8080/ws')).toEqual({ host: 'pbx.example', port: 8080 });
    expect(listeningAddress('wss://pbx.example/ws')).toEqual({ host: 'pbx.example', port: 443 });
    expect(listeningAddress('ws://pbx.example')).toEqual({ host: 'pbx.example', port: 80 });
    expect(listeningAddress('wss://[2001:db8::1]:7443')).toEqual({ host: '2001:db8::1', port: 7443 });
    expect(listeningAddress('http://pbx.example')).toBeNull();
    expect(listeningAddress('not a url')).toBeNull();
  });

  it('watches only after failures that say nobody listens there', () => {
    expect(isUnreachable(new Error('SIP transport connectFailed: connect ECONNREFUSED 127.0.0.1:8080'))).toBe(true);
    expect(isUnreachable(new Error('SIP transport connectFailed: socket hang up'))).toBe(true);
    expect(isUnreachable(new Error('SIP transport connectFailed: Unexpected server response: 503'))).toBe(false);
    expect(isUnreachable(new Error('REGISTER 503'))).toBe(false);
    expect(isUnreachable(new Error('REGISTER timed out'))).toBe(false);
  });

  it('tells the moment a port that refused connections answers again', async () => {
    const server = net.createServer((socket) => socket.destroy());
    const port = await listen(server);
    await close(server); // the port now refuses
    let answered = false;
    const stop = watchPort({ host: '127.0.0.1', port }, { intervalMs: 20, onAnswer: () => (answered = true) });
    cleanups.push(stop);
    const again = net.createServer((socket) => socket.destroy());
    await listen(again, port);
    cleanups.push(() => close(again));
    await vi.waitFor(() => expect(answered).toBe(true), { timeout: 5_000 });
  });
});

describe('reconnecting to a server that answers but does not serve', () => {
  const STEP_MS = 200;

  it('tries at most once early per back-off step: the server sees no storm of connections', async () => {
    // Accepts every connection and drops it at once: to the probe the port answers, to the
    // WebSocket it is a hang-up. Without the once-per-step rule the two would chase each other.
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    const port = await listen(server);
    cleanups.push(() => close(server));
    const account: SipAccount = { source: 'settings', server: `ws://127.0.0.1:${port}`, username: '1001', domain: 'rig.example', authorizationUser: '', displayName: '', password: 'pw' };
    const steps: number[] = [];
    const registration = new SipRegistration({
      accounts: { current: () => account } as unknown as SipAccountStore,
      settings: () => ({ iceServers: [] }) as never,
      bridge: new MediaBridge(createEventHub()),
      timings: { ...DEFAULT_TIMINGS, reconnectFirstMs: STEP_MS, reconnectFastMs: STEP_MS, serverWatchFastMs: 10 },
      now: Date.now,
      onInvite: () => undefined,
      onConnectionLost: () => undefined,
      onRegistered: () => undefined,
      onChange: (view: Registration) => {
        if (view.retryAt !== null && view.retryAt !== steps.at(-1)) steps.push(view.retryAt);
      },
    });
    cleanups.push(async () => {
      registration.stop();
      await registration.close();
    });
    const started = Date.now();
    void registration.register();
    await vi.waitFor(() => expect(steps.length).toBeGreaterThanOrEqual(8), { timeout: 10_000 });
    // Per back-off step (at least 80 % of STEP_MS): its attempt, one probe, one early attempt.
    // A slow machine only makes the steps longer; a storm would put many into one step.
    const stepsElapsed = (Date.now() - started) / (STEP_MS * 0.8);
    expect(connections).toBeLessThanOrEqual(3 * Math.ceil(stepsElapsed) + 3);
  });
});
