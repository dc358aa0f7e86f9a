import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hardeningRow } from '../support/hardening.ts';
import { ROOT } from '../support/web-shell-process.ts';
import { describeLevels, describeSeconds, expectAudioBothWays, expectAudioEverySecond, type AudioSeconds, type FarEnd } from './audio.ts';
import { endAllCalls, startConsoleWorld, waitForCall, waitRegistered, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// The hiccups that make web softphones drop calls, each on the real peers. The figures the
// open-source Browser-Phone (SIP.js in a page) showed on this same rig are in the README of
// main/telephony: 3.6 s to re-register after a Kamailio restart; "Registered" for over 100 s on
// a silently dead connection; the call lost on a page reload; an orphan call after Kamailio was
// down mid-call. Audio is checked as each end decodes it, both ways (audio.ts); during an
// outage, every second.

let world: ConsoleWorld;
let agent: AgentConsole;
let customer: FarEnd;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  agent = world.consoles[0] as AgentConsole;
  customer = { phone: world.rig.baresip };
}, 120_000);

// A test that failed mid-call leaves it up; the next one starts from no calls, or it would
// measure the wrong call and fail for the first one's cause.
afterEach(async () => {
  if (world) await endAllCalls(world);
});

afterAll(async () => {
  await world?.stop();
});

const registration = (a: AgentConsole) => a.page.getByTestId('phone-status').getAttribute('data-registration');

/** The customer calls, the agent answers in the UI; resolves with the call once audio goes both ways. */
async function answeredCall(): Promise<PhoneCall> {
  const since = Date.now();
  await world.rig.baresip.dial(`sip:${agent.sip.user}@${world.rig.sip.domain}`);
  await agent.page.getByTestId('call-answer').click({ timeout: 10_000 });
  await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
  const call = await waitForCall(agent, (c) => c.state === 'active');
  await expectAudioBothWays(agent.page, call.id, customer);
  return call;
}

async function interactionEnded(sipCallId: string): Promise<boolean> {
  const rows = await world.db.query<{ ended_at: Date | null }>('select ended_at from interaction where sip_call_id = $1', [sipCallId]);
  return rows.length === 1 && rows[0]?.ended_at != null;
}

/**
 * After a signalling outage: the console registers again, repairs the call's dialog, audio
 * still goes both ways, and one side hangs up with both ends knowing. Returns the seconds from
 * `back` until registered.
 */
async function recoversAndHangsUp(call: PhoneCall, hangsUp: 'customer' | 'agent', back: number): Promise<number> {
  await waitRegistered(agent.page, 10_000);
  const registeredAfter = (Date.now() - back) / 1000;
  await expect.poll(async () => (await waitForCall(agent, (c) => c.id === call.id)).recovering, { timeout: 10_000 }).toBe(false);
  await expectAudioBothWays(agent.page, call.id, customer);
  const since = Date.now();
  if (hangsUp === 'customer') {
    await world.rig.baresip.hangup();
    const ended = await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 5_000);
    expect(ended.endReason).toBe('remoteHangup');
  } else {
    await agent.page.getByTestId('call-hangup').click();
    await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    const ended = await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 5_000);
    expect(ended.endReason).toBe('localHangup');
  }
  expect(await world.rig.baresip.listCalls()).toHaveLength(0);
  await expect.poll(() => interactionEnded(call.sipCallId), { timeout: 15_000 }).toBe(true);
  return registeredAfter;
}

describe('recovery', () => {
  it('(a) Kamailio killed and restarted: registered again and takes the next call', async (context) => {
    await world.rig.kamailio.kill();
    await expect.poll(() => registration(agent), { timeout: 10_000 }).toBe('reconnecting');
    await world.rig.kamailio.start();
    const back = Date.now();
    await waitRegistered(agent.page, 10_000);
    const seconds = (Date.now() - back) / 1000;
    console.log(`[recovery a] registered again ${seconds.toFixed(2)} s after Kamailio was back (Browser-Phone: 3.6 s)`);
    expect(seconds).toBeLessThan(3.6);
    const call = await answeredCall();
    await world.rig.baresip.hangup();
    await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended');
    hardeningRow(context, { case: 'PBX crash while idle', fault: 'SIGKILL Kamailio, restart', result: 'registered, next call both ways', figure: `registered ${seconds.toFixed(2)} s after restart` });
  });

  it('(b) the connection dies silently: keep-alives notice within 15 s, the status says so, it reconnects', async (context) => {
    await world.rig.network.blockSip();
    let noticed: number;
    try {
      const blocked = Date.now();
      await expect.poll(() => registration(agent), { timeout: 15_000, interval: 100 }).toBe('reconnecting');
      noticed = (Date.now() - blocked) / 1000;
      console.log(`[recovery b] silent connection loss noticed after ${noticed.toFixed(1)} s (Browser-Phone: still "Registered" after 100 s)`);
      expect(await agent.page.getByTestId('phone-status').getAttribute('data-error')).toBe('phone.keepAliveLost');
      await agent.page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'phone-connection-lost-en.png') });
    } finally {
      await world.rig.network.unblockSip();
    }
    await waitRegistered(agent.page, 10_000);
    const call = await answeredCall();
    await world.rig.baresip.hangup();
    await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended');
    hardeningRow(context, { case: 'silent link loss while idle', fault: 'iptables DROP of SIP WS/WSS', result: 'keepAliveLost shown, reconnected', figure: `noticed after ${noticed.toFixed(1)} s` });
  });

  it('(c) the page reloads mid-call: the call goes on with audio both ways', async (context) => {
    const call = await answeredCall();
    const reloadAt = Date.now();
    await agent.page.reload();
    await agent.page.locator('[data-testid="call-panel"][data-call-state="active"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await waitForCall(agent, (c) => c.id === call.id)).recovering, { timeout: 10_000 }).toBe(false);
    const resumedAfter = Date.now() - reloadAt;
    const audio = await expectAudioBothWays(agent.page, call.id, customer);
    console.log(`[recovery c] call repaired ${resumedAfter} ms after the reload; then levels agent ${audio.agent.level.toFixed(3)} / customer ${audio.customer.level.toFixed(3)}`);
    expect((await world.rig.baresip.listCalls()).length).toBe(1);
    // Hang up from the console: the far end gets its BYE (no one-way silence left behind).
    const since = Date.now();
    await agent.page.getByTestId('call-hangup').click();
    await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    await expect.poll(() => interactionEnded(call.sipCallId), { timeout: 15_000 }).toBe(true);
    hardeningRow(context, {
      case: 'page reload mid-call',
      fault: 'reload the console page',
      result: 'call kept, audio both ways, BYE',
      figure: `repaired in ${resumedAfter} ms; level agent ${audio.agent.level.toFixed(3)} / customer ${audio.customer.level.toFixed(3)}`,
    });
  });

  const OUTAGE_MS = 10_000;
  // Either side's BYE after a gentle stop; after a crash, the customer's (the restarted Kamailio
  // must find the console's new connection for it).
  for (const [how, hangsUp] of [['stopped', 'customer'], ['stopped', 'agent'], ['killed', 'customer']] as const) {
    it(`(d) Kamailio ${how === 'stopped' ? 'stopped (SIGTERM)' : 'killed (SIGKILL)'} for 10 s mid-call: audio goes on both ways every second, the dialog is repaired, the ${hangsUp} hangs up and both ends know`, async (context) => {
      const call = await answeredCall();
      if (how === 'stopped') await world.rig.kamailio.stop();
      else await world.rig.kamailio.kill();
      const down = Date.now();
      let audio: AudioSeconds;
      try {
        // rtpengine carries the media on its own: the conversation does not notice.
        audio = await expectAudioEverySecond(agent.page, call.id, customer, () => Date.now() - down >= OUTAGE_MS, OUTAGE_MS / 1000 + 2);
      } finally {
        // Also when the audio check failed: the next tests need their PBX.
        await world.rig.kamailio.start();
      }
      const registeredAfter = await recoversAndHangsUp(call, hangsUp, Date.now());
      hardeningRow(context, {
        case: `PBX ${how} 10 s mid-call, ${hangsUp} hangs up`,
        fault: `${how === 'stopped' ? 'SIGTERM' : 'SIGKILL'} Kamailio for 10 s`,
        result: `audio both ways ${describeSeconds(audio)}, BYE on both ends`,
        figure: `${describeLevels(audio)}; re-registered ${registeredAfter.toFixed(1)} s`,
      });
    });
  }

  for (const hangsUp of ['customer', 'agent'] as const) {
    it(`(e) the SIP path drops silently mid-call: audio goes on both ways every second, keep-alives notice, it recovers when the path is back, the ${hangsUp} hangs up and both ends know`, async (context) => {
      const call = await answeredCall();
      await world.rig.network.blockSip();
      const blocked = Date.now();
      let noticedAfter: number | null = null;
      let audio: AudioSeconds;
      try {
        // Watch the status bar while the audio is measured second by second.
        let watching = true;
        const watcher = (async () => {
          while (watching && noticedAfter === null) {
            if ((await registration(agent).catch(() => null)) === 'reconnecting') noticedAfter = Date.now() - blocked;
            else await delay(100);
          }
        })();
        try {
          audio = await expectAudioEverySecond(agent.page, call.id, customer, () => noticedAfter !== null, 20);
        } finally {
          watching = false;
          await watcher;
        }
        expect(noticedAfter, 'the console noticed the dead link').not.toBeNull();
        expect(noticedAfter!).toBeLessThan(15_000);
        expect(await agent.page.getByTestId('phone-status').getAttribute('data-error')).toBe('phone.keepAliveLost');
      } finally {
        await world.rig.network.unblockSip();
      }
      const registeredAfter = await recoversAndHangsUp(call, hangsUp, Date.now());
      hardeningRow(context, {
        case: `silent SIP drop mid-call, ${hangsUp} hangs up`,
        fault: 'iptables DROP of SIP WS/WSS until noticed',
        result: `audio both ways ${describeSeconds(audio)}, back in ${registeredAfter.toFixed(1)} s, BYE both ends`,
        figure: `${describeLevels(audio)}; noticed ${(noticedAfter! / 1000).toFixed(1)} s`,
      });
    });
  }
});
