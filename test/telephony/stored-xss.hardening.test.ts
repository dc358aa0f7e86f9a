import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baresipAor, baresipCallerLine } from '../rig/config.ts';
import { hardeningRow } from '../support/hardening.ts';
import { HOSTILE, storeHostileCustomer, type HostileCustomer } from '../support/hostile-data.ts';
import { installXssProbe, type XssProbe } from '../support/xss-probe.ts';
import { callerOf, startConsoleWorld, waitForCall, waitRegistered, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// Stored markup on a ringing call, on the real rig: two customers whose names carry markup share
// the number a customer's phone (baresip) calls from, and that phone sends markup as its SIP
// display name too (the caller chooses it). The screen pop's chooser, the ringing banner and the
// web shell's notification must show all of it as literal text, and the probe
// (support/xss-probe.ts) must see nothing parsed, run, stopped by the CSP or fetched; the
// customer chosen then opens with the name as text. The other screens are in
// test/e2e/stored-xss.hardening.test.ts, the desktop app's notification in
// test/unit/main/notifier.test.ts.

/** What the calling phone sends as its display name (a SIP quoted string: no double quotes). */
const CALLER_NAME = `<img src=/xss/sip onerror=window.__xss='sip'> Mallory & <b>Co</b>`;
const NUMBER = '+31620000777';

let world: ConsoleWorld;
let agent: AgentConsole;
let probe: XssProbe;
let eve: HostileCustomer;
let bob: HostileCustomer;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  [agent] = world.consoles as [AgentConsole];
  const hub = { hub: world.hub, fixture: world.fixture };
  eve = await storeHostileCustomer(hub, { name: HOSTILE.name, phone: NUMBER, email: 'eve.mallory@example.nl', history: false });
  bob = await storeHostileCustomer(hub, { name: HOSTILE.otherName, phone: NUMBER, email: 'bob.mallory@example.nl', history: false });
  // The probe watches pages loaded from now on: load the console again (the call survives in main).
  probe = await installXssProbe(agent.context);
  await agent.page.reload();
  await waitRegistered(agent.page);
  // The screen pop looks in the console's cache: both customers synced.
  const until = Date.now() + 30_000;
  while ((await agent.socket.request<{ hits: unknown[] }>('customers.search', { query: NUMBER })).hits.length !== 2) {
    if (Date.now() > until) throw new Error(`the console did not sync both customers with ${NUMBER}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

describe('stored markup on a ringing call', () => {
  it("shows the customers' names and the caller's display name as text in the chooser, the banner and the notification, and runs none of it", async (ctx) => {
    const { page } = agent;
    const { baresip } = world.rig;
    // The customer's phone, with the display name in its From header, calls the agent.
    await baresip.command('uanew', `"${CALLER_NAME}" ${baresipCallerLine(NUMBER)}`);
    await baresip.command('uafind', baresipAor(NUMBER));
    await baresip.command('dial', `sip:${agent.sip.user}@${world.rig.sip.domain}`);
    const ringing = await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === NUMBER, 10_000);
    const view = ringing as typeof ringing & { remoteName: string | null };
    expect(view.remoteName, 'main got the display name as sent').toBe(CALLER_NAME);
    expect((await callerOf(agent, ringing.id))?.matches.map((match) => match.id).sort()).toEqual([eve.id, bob.id].sort());

    const places: string[] = [];
    const wrong: string[] = [];
    const shown = async (locator: Locator, expected: string, where: string) => {
      await locator.waitFor({ timeout: 10_000 });
      try {
        await expect.poll(() => locator.innerText(), { timeout: 5_000 }).toContain(expected);
        places.push(where);
      } catch {
        wrong.push(`${where} shows ${JSON.stringify(await locator.innerText())}`);
      }
    };
    const chooser = page.getByTestId('screen-pop-chooser');
    const match = (id: string) => chooser.locator(`[data-testid="screen-pop-match"][data-customer-id="${id}"] .screen-pop__match-name`);
    await shown(match(eve.id), HOSTILE.name, 'chooser: first name');
    await shown(match(bob.id), HOSTILE.otherName, 'chooser: second name');
    await shown(chooser.getByTestId('screen-pop-number'), CALLER_NAME, 'chooser: caller display name');
    await shown(page.getByTestId('incoming-name'), CALLER_NAME, 'ringing banner: caller display name');

    // The web shell's notification (recorded by the world's page): plain text, the name intact.
    await expect.poll(async () => (await agent.notifications()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    const notification = (await agent.notifications()).at(-1);
    if (notification?.body.includes(CALLER_NAME)) places.push('notification: caller display name');
    else wrong.push(`notification shows ${JSON.stringify(notification)}`);

    // The agent picks Eve: her screen opens with the name as text.
    await chooser.locator(`[data-testid="screen-pop-match"][data-customer-id="${eve.id}"]`).click();
    await shown(page.getByTestId('customer-header').locator('#customer-name'), HOSTILE.name, '360 header after the chooser: name');

    const since = Date.now();
    await baresip.command('hangup');
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    await waitForCall(agent, (call) => call.id === ringing.id && call.state === 'ended', 10_000);

    expect({ wrong, probe: await probe.findings(page) }).toEqual({ wrong: [], probe: [] });
    hardeningRow(ctx, {
      case: 'stored XSS on a ringing call (screen pop, notification)',
      fault: "markup in two customers' names on one number and in the caller's SIP display name",
      result: `literal text in ${places.length} places; 0 ran, 0 parsed, 0 fetched`,
      figure: `${places.length} places checked`,
    });
  });
});
