import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/web-shell-process.ts';
import { audioFlows, startConsoleWorld, waitForCall, waitRegistered, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// The hiccups that make web softphones drop calls, each on the real peers. The figures the
// open-source Browser-Phone (SIP.js in a page) showed on this same rig are in the README of
// main/telephony: 3.6 s to re-register after a Kamailio restart; "Registered" for over 100 s on
// a silently dead connection; the call lost on a page reload; an orphan call after Kamailio was
// down mid-call.

let world: ConsoleWorld;
let agent: AgentConsole;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  agent = world.consoles[0] as AgentConsole;
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

const registration = (a: AgentConsole) => a.page.getByTestId('phone-status').getAttribute('data-registration');

/** The customer calls, the agent answers in the UI; resolves with the call once audio flows. */
async function answeredCall(): Promise<PhoneCall> {
  const since = Date.now();
  await world.rig.baresip.dial(`sip:${agent.sip.user}@${world.rig.sip.domain}`);
  await agent.page.getByTestId('call-answer').click({ timeout: 10_000 });
  await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
  const call = await waitForCall(agent, (c) => c.state === 'active');
  expect((await audioFlows(agent.page, call.id)).received).toBeGreaterThan(2_000);
  return call;
}

async function interactionEnded(sipCallId: string): Promise<boolean> {
  const rows = await world.db.query<{ ended_at: Date | null }>('select ended_at from interaction where sip_call_id = $1', [sipCallId]);
  return rows.length === 1 && rows[0]?.ended_at != null;
}

describe('recovery', () => {
  it('(a) Kamailio killed and restarted: registered again and takes the next call', async () => {
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
  });

  it('(b) the connection dies silently: keep-alives notice within 15 s, the status says so, it reconnects', async () => {
    await world.rig.network.blockSip();
    try {
      const blocked = Date.now();
      await expect.poll(() => registration(agent), { timeout: 15_000, interval: 100 }).toBe('reconnecting');
      const noticed = (Date.now() - blocked) / 1000;
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
  });

  it('(c) the page reloads mid-call: the call goes on with audio', async () => {
    const call = await answeredCall();
    const reloadAt = Date.now();
    await agent.page.reload();
    await agent.page.locator('[data-testid="call-panel"][data-call-state="active"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await waitForCall(agent, (c) => c.id === call.id)).recovering, { timeout: 10_000 }).toBe(false);
    const flowing = await audioFlows(agent.page, call.id);
    console.log(`[recovery c] audio back after the reload (${Date.now() - reloadAt} ms until checked), received +${flowing.received} B, sent +${flowing.sent} B`);
    expect(flowing.received).toBeGreaterThan(2_000);
    expect(flowing.sent).toBeGreaterThan(2_000);
    expect((await world.rig.baresip.listCalls()).length).toBe(1);
    // Hang up from the console: the far end gets its BYE (no one-way silence left behind).
    const since = Date.now();
    await agent.page.getByTestId('call-hangup').click();
    await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    await expect.poll(() => interactionEnded(call.sipCallId), { timeout: 15_000 }).toBe(true);
  });

  for (const hangsUp of ['customer', 'agent'] as const) {
    it(`(d) Kamailio down for 10 s mid-call: audio goes on, the dialog is repaired, the ${hangsUp} hangs up and both ends know`, async () => {
      const call = await answeredCall();
      await world.rig.kamailio.stop();
      const down = Date.now();
      // rtpengine carries the media on its own: the conversation does not notice.
      for (let second = 0; Date.now() - down < 10_000; second++) {
        expect((await audioFlows(agent.page, call.id, 1_000)).received).toBeGreaterThan(1_000);
      }
      await world.rig.kamailio.start();
      await waitRegistered(agent.page, 10_000);
      await expect.poll(async () => (await waitForCall(agent, (c) => c.id === call.id)).recovering, { timeout: 10_000 }).toBe(false);
      const since = Date.now();
      if (hangsUp === 'customer') {
        await world.rig.baresip.hangup();
        const ended = await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 5_000);
        expect(ended.endReason).toBe('remoteHangup');
      } else {
        await agent.page.getByTestId('call-hangup').click();
        await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
      }
      expect(await world.rig.baresip.listCalls()).toHaveLength(0);
      await expect.poll(() => interactionEnded(call.sipCallId), { timeout: 15_000 }).toBe(true);
    });
  }
});
