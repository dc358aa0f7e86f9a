import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { Registerer, RegistererState, UserAgent, type Core } from 'sip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NETNS_ENV } from '../rig/in-netns.ts';
import { ensureRigPackages } from '../rig/install.ts';
import { RIG_SOCKETS, startRig, type Rig, type SipUser } from '../rig/rig.ts';
import { occupied } from '../rig/sockets.ts';

// The telephony rig itself, on its real peers: Kamailio takes registrations from sip.js in Node
// (what the console's main process runs) with digest auth, baresip is registered and calls,
// rtpengine carries media and DTMF, Kamailio can be stopped and started under a client, the
// network can go silent, and stop() leaves nothing behind. The other telephony tests build on
// exactly these behaviours.

const inNamespace = process.env[NETNS_ENV] === '1';
let rig: Rig;

beforeAll(async () => {
  ensureRigPackages();
  rig = await startRig();
  // sip.js opens its transport with the global WebSocket, which Node 20 lacks: use `ws`, trusting
  // the rig's self-signed certificate for wss:// (it names 127.0.0.1).
  const ca = readFileSync(rig.certPath);
  class RigWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  }
  globalThis.WebSocket = RigWebSocket as unknown as typeof globalThis.WebSocket;
}, 300_000); // a fresh machine installs the Debian packages first

afterAll(async () => {
  await rig?.stop();
});

interface Agent {
  readonly ua: UserAgent;
  readonly registerer: Registerer;
  /** Resolves at the next transport disconnect. */
  disconnected(): Promise<void>;
  stop(): Promise<void>;
}

async function startAgent(user: SipUser, server: string, password = user.password): Promise<Agent> {
  let onDisconnect = () => {};
  const ua = new UserAgent({
    uri: UserAgent.makeURI(user.uri),
    transportOptions: { server },
    authorizationUsername: user.user,
    authorizationPassword: password,
    logBuiltinEnabled: false,
    delegate: { onDisconnect: () => onDisconnect() },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: 300 });
  return {
    ua,
    registerer,
    disconnected: () => new Promise<void>((resolve) => (onDisconnect = resolve)),
    stop: async () => {
      if (registerer.state === RegistererState.Registered && ua.isConnected()) await registered(registerer, 'unregister');
      await ua.stop();
    },
  };
}

/**
 * REGISTER (or un-REGISTER) and resolve on its final response. Not on a Registerer state
 * change: after a reconnect the state is still Registered, and a rejected REGISTER does not
 * reject the Registerer's promise either; the final response comes through the request delegate.
 */
function registered(registerer: Registerer, action: 'register' | 'unregister' = 'register'): Promise<void> {
  return new Promise((resolve, reject) => {
    const requestDelegate: Core.OutgoingRequestDelegate = {
      onAccept: () => resolve(),
      onReject: (response) => reject(new Error(`REGISTER rejected: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
    };
    const sent = action === 'register' ? registerer.register({ requestDelegate }) : registerer.unregister({ requestDelegate });
    sent.catch(reject);
  });
}

/** Resolves with the pong's round trip, or null when none came within `timeoutMs`. */
function ping(ws: WebSocket, timeoutMs: number): Promise<number | null> {
  const sent = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('pong', onPong);
      resolve(null);
    }, timeoutMs);
    const onPong = () => {
      clearTimeout(timer);
      resolve(performance.now() - sent);
    };
    ws.once('pong', onPong);
    ws.ping();
  });
}

/** Processes still running in (or with their working folder under) `dir`. */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        if (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) return false;
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false; // gone, or not ours to look at
      }
    })
    .map(Number);
}

describe('telephony rig', () => {
  it('has registered baresip, the customer phone, with Kamailio', async () => {
    expect(await rig.baresip.registered()).toBe(true);
    const contacts = await rig.contacts(rig.users.customer.user);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatch(/^sip:2001-.*@127\.0\.0\.1:5070$/);
  });

  it('registers an agent from sip.js in Node over WS with digest auth, and unregisters it', async () => {
    const [agent1] = rig.users.agents;
    const agent = await startAgent(agent1!, rig.sip.wsUrl);
    try {
      await registered(agent.registerer);
      const contacts = await rig.contacts(agent1!.user);
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toContain('transport=ws');
      await registered(agent.registerer, 'unregister');
      expect(await rig.contacts(agent1!.user)).toEqual([]);
    } finally {
      await agent.stop();
    }
  });

  it('registers over WSS with the rig certificate', async () => {
    const agent2 = rig.users.agents[1]!;
    const agent = await startAgent(agent2, rig.sip.wssUrl);
    try {
      await registered(agent.registerer);
      expect(await rig.contacts(agent2.user)).toEqual([expect.stringContaining('transport=ws')]);
    } finally {
      await agent.stop();
    }
  });

  it('refuses a wrong password', async () => {
    const agent3 = rig.users.agents[2]!;
    const agent = await startAgent(agent3, rig.sip.wsUrl, 'not-the-password');
    try {
      await expect(registered(agent.registerer)).rejects.toThrow(/REGISTER rejected: (401|403)/);
      expect(await rig.contacts(agent3.user)).toEqual([]);
    } finally {
      await agent.stop();
    }
  });

  it('answers a call to a number nobody registered with 404', async () => {
    const since = Date.now();
    await rig.baresip.dial(rig.users.spare.uri);
    const closed = await rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    expect(closed.param).toBe('404 Not Found');
    expect(await rig.baresip.listCalls()).toEqual([]);
  });

  it('carries audio and DTMF through rtpengine (baresip calling its own number, auto-answered)', async () => {
    // The only media peer in Node is baresip itself: its outgoing call comes back to it through
    // Kamailio and rtpengine as an incoming call, which it answers (answermode=auto).
    const since = Date.now();
    await rig.baresip.dial(rig.users.customer.uri);
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_ESTABLISHED' && e.direction === 'incoming', 5_000, since);
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_RTPESTAB', 5_000, since);
    expect(await rig.rtpengineSessions()).toBe(1);
    const calls = await rig.baresip.listCalls();
    expect(calls.map((call) => call.state)).toEqual(['ESTABLISHED', 'ESTABLISHED']);

    // DTMF from the outgoing leg (line 1) arrives as RFC 4733 events on the incoming leg.
    await rig.baresip.command('line', '1');
    await rig.baresip.sendDtmf('4#2');
    await rig.baresip.waitForEvent(() => rig.baresip.receivedDtmf(since).length === 3, 5_000, since);
    expect(rig.baresip.receivedDtmf(since)).toBe('4#2');

    // Both legs send the 440 Hz tone (RMS 0.17 of full scale); what was received is not silence.
    const audio = await rig.baresip.receivedAudio();
    expect(audio.seconds).toBeGreaterThan(0.5);
    expect(audio.rms).toBeGreaterThan(0.05);

    await rig.baresip.hangup();
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_CLOSED' && e.direction === 'incoming', 5_000, since);
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_CLOSED' && e.direction === 'outgoing', 5_000, since);
    expect(await rig.baresip.listCalls()).toEqual([]);
    expect(await rig.rtpengineSessions()).toBe(0); // --delete-delay=0: gone with the BYE
  });

  it('drops the transport when Kamailio stops; sip.js reconnects and registers again once it is back', async () => {
    const agent1 = rig.users.agents[0]!;
    const agent = await startAgent(agent1, rig.sip.wsUrl);
    try {
      await registered(agent.registerer);
      const disconnected = agent.disconnected();
      await rig.kamailio.stop();
      expect(rig.kamailio.running).toBe(false);
      await disconnected;
      expect(agent.ua.isConnected()).toBe(false);

      await rig.kamailio.start();
      expect(rig.kamailio.running).toBe(true);
      // A fresh Kamailio knows no registration: the rig registered baresip again, sip.js must.
      expect(await rig.contacts(rig.users.customer.user)).toHaveLength(1);
      expect(await rig.contacts(agent1.user)).toEqual([]);
      await agent.ua.reconnect();
      await registered(agent.registerer);
      expect(await rig.contacts(agent1.user)).toHaveLength(1);
    } finally {
      await agent.stop();
    }
  });

  it('restarts Kamailio after a crash (SIGKILL)', async () => {
    await rig.kamailio.kill();
    expect(rig.kamailio.running).toBe(false);
    expect(occupied([{ protocol: 'tcp', port: 8080 }])).toEqual([]);
    await rig.kamailio.start();
    expect(await rig.contacts(rig.users.customer.user)).toHaveLength(1);
  });

  it('keeps a call through a Kamailio restart; the customer phone registers again once it has ended', async () => {
    const since = Date.now();
    await rig.baresip.dial(rig.users.customer.uri);
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_ESTABLISHED' && e.direction === 'incoming', 5_000, since);
    await rig.kamailio.restart();
    // Re-registering re-creates baresip's account, which would end the call: not yet.
    expect(await rig.baresip.listCalls()).toHaveLength(2);
    expect(await rig.contacts(rig.users.customer.user)).toEqual([]);
    // The BYE finds its way through the new Kamailio by the dialog's route set alone.
    await rig.baresip.hangup();
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_CLOSED' && e.direction === 'incoming', 5_000, since);
    await rig.baresip.waitForEvent((e) => e.type === 'CALL_CLOSED' && e.direction === 'outgoing', 5_000, since);
    expect(await rig.baresip.listCalls()).toEqual([]); // waits for the registration the hang-up started
    expect(await rig.contacts(rig.users.customer.user)).toHaveLength(1);
  });

  it.skipIf(!inNamespace)('silences an established WebSocket while SIP is blocked, and restores it after', async () => {
    const ws = new WebSocket(rig.sip.wsUrl, 'sip');
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      expect(await ping(ws, 2_000)).not.toBeNull();
      await rig.network.blockSip();
      expect(rig.network.sipBlocked).toBe(true);
      // On loopback a pong takes ~1 ms; half a second of nothing is silence, not slowness.
      expect(await ping(ws, 500)).toBeNull();
      expect(ws.readyState).toBe(WebSocket.OPEN); // no FIN, no RST: the client cannot tell
      await rig.network.unblockSip();
      expect(rig.network.sipBlocked).toBe(false);
      // TCP retransmits the blocked ping; the connection itself survived.
      expect(await ping(ws, 5_000)).not.toBeNull();
    } finally {
      ws.terminate();
    }
  });

  it.skipIf(inNamespace)('refuses to touch the firewall outside its private network namespace', async () => {
    await expect(rig.network.blockSip()).rejects.toThrow(/private network namespace/);
  });

  it('stops without leaving a process or a listening port behind, and stop() is idempotent', async () => {
    await rig.stop();
    expect(processesIn(rig.dir)).toEqual([]);
    expect(occupied(RIG_SOCKETS)).toEqual([]);
    await rig.stop();
    expect(rig.logs('kamailio')).toContain('REGISTER'); // the logs outlive the temp folder
  });
});
