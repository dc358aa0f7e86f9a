import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/web-shell-process.ts';
import { phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// The wrap-up time on the real rig: after an answered call the console offers no new call (it
// answers 486 Busy Here, so Kamailio gives the caller busy) until the agent presses "Ready";
// a declined call opens no wrap-up; the form names the call it belongs to, never a later caller.

let world: ConsoleWorld;
let agent: AgentConsole;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);

type LoggedCall = PhoneCall & { interactionId: string };

beforeAll(async () => {
  // 60 s: long enough that it cannot run out by itself while the test calls during it.
  world = await startConsoleWorld({ agents: 1, wrapUpSeconds: 60 });
  agent = world.consoles[0] as AgentConsole;
  // The console has synced the fixture's customers, so each caller opens by name.
  const until = Date.now() + 30_000;
  while ((await agent.socket.request<{ hits: unknown[] }>('customers.search', { query: world.fixture.customers.bram.phone })).hits.length !== 1) {
    if (Date.now() > until) throw new Error('the console never synced the fixture');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

const addressOf = (console: AgentConsole) => `sip:${console.sip.user}@${world.rig.sip.domain}`;

async function hubPresence(): Promise<string | null> {
  const [row] = await world.db.query<{ status: string }>('select status from presence where agent_id = $1', [world.fixture.agents.first_line.id]);
  return row?.status ?? null;
}

/** Every call main put in `phone.changed` since `index` (what the page was told could ring). */
function callsAnnounced(from: number): { id: string; state: string; remoteNumber: string }[] {
  return agent.socket.events.slice(from).flatMap((event) => (event.name === 'phone.changed' ? (event.payload as { calls: PhoneCall[] }).calls : []));
}

let first: LoggedCall;
/** When the customer's phone dialled the call that rings at the end of the first test. */
let thirdDialledAt = 0;

describe('the wrap-up time', () => {
  it('after an answered call no call is offered (the caller hears busy, the console never rings) until "Ready"; then the next call rings', async () => {
    const { page } = agent;
    const { baresip } = world.rig;
    const { anna, bram } = world.fixture.customers;

    // Anna calls, the agent answers and hangs up.
    let since = Date.now();
    await baresip.dialFrom(anna.phone, addressOf(agent));
    first = (await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === anna.phone)) as LoggedCall;
    await page.getByTestId('call-answer').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 10_000, since);
    await page.getByTestId('call-hangup').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 10_000, since);

    // Her wrap-up: named after her call, with the time left; the top bar and the hub say wrap-up.
    const panel = page.locator(`[data-testid="wrap-up-panel"][data-interaction-id="${first.interactionId}"]`);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.locator('h2').textContent()).toMatch(/^Wrap up the call with Anna de Vries \(.*\)$/);
    expect(await panel.getByTestId('wrap-up-contact-id').textContent()).toContain(first.interactionId);
    await page.locator('[data-testid="phone-status"][data-presence="wrapUp"]').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('phone-status').textContent()).toContain('Wrap-up');
    await panel.getByTestId('wrap-up-time').waitFor();
    await expect.poll(hubPresence, { timeout: 10_000 }).toBe('wrap_up');
    await page.screenshot({ path: shot('wrap-up-time-en') });

    // Bram calls during the wrap-up: busy, and nothing rings on the console.
    const eventsBefore = agent.socket.events.length;
    since = Date.now();
    await baresip.dialFrom(bram.phone, addressOf(agent));
    const closed = await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 10_000, since);
    expect(closed.param ?? '').toContain('486');
    expect(callsAnnounced(eventsBefore).filter((call) => call.remoteNumber === bram.phone)).toEqual([]);
    expect((await phoneCalls(agent)).filter((call) => call.state !== 'ended')).toEqual([]);
    expect(await page.getByTestId('incoming-call').count()).toBe(0);
    expect(await page.locator('[data-testid="phone-status"]').getAttribute('data-presence')).toBe('wrapUp');

    // "Ready": calls are offered again, the hub hears available, the form stays until saved.
    await panel.getByTestId('wrap-up-ready').click();
    await page.locator('[data-testid="phone-status"][data-presence="available"]').waitFor({ timeout: 5_000 });
    await expect.poll(hubPresence, { timeout: 10_000 }).toBe('available');
    expect(await panel.count()).toBe(1);

    // Bram calls again: now it rings.
    thirdDialledAt = Date.now();
    await baresip.dialFrom(bram.phone, addressOf(agent));
    const third = await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === bram.phone);
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    expect(third.id).not.toBe(first.id);
  });

  it('a declined call opens no wrap-up and starts no wrap-up time; the open form still names the call it belongs to', async () => {
    const { page } = agent;
    const { baresip } = world.rig;
    const { bram } = world.fixture.customers;
    const ringing = (await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === bram.phone)) as LoggedCall;
    // Bram's customer opened while it rang; the agent declines.
    await page.locator('#customer-name', { hasText: 'Bram Jansen' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('call-decline').click();
    await waitForCall(agent, (call) => call.id === ringing.id && call.state === 'ended');
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 10_000, thirdDialledAt);

    // No wrap-up for Bram's call, and no wrap-up time: presence stays available.
    expect(await page.locator(`[data-testid="wrap-up-panel"][data-interaction-id="${ringing.interactionId}"]`).count()).toBe(0);
    expect(await page.getByTestId('wrap-up-panel').count()).toBe(0);
    expect(await page.locator('[data-testid="phone-status"]').getAttribute('data-presence')).toBe('available');
    const status = await agent.socket.request<{ presence: { state: string } }>('phone.status', {});
    expect(status.presence.state).toBe('available');

    // Anna's unsaved wrap-up is one click away on Bram's screen, and still names her call.
    const others = page.getByTestId('wrap-up-others');
    await others.waitFor({ timeout: 5_000 });
    expect(await others.getByTestId('wrap-up-other').count()).toBe(1);
    expect(await others.getByTestId('wrap-up-other').getAttribute('data-interaction-id')).toBe(first.interactionId);
    await page.screenshot({ path: shot('wrap-up-other-call-en') });
    await others.getByTestId('wrap-up-other-open').click();
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.getAttribute('data-interaction-id')).toBe(first.interactionId);
    expect(await panel.locator('h2').textContent()).toMatch(/^Wrap up the call with Anna de Vries \(.*\)$/);
    expect(await panel.locator('h2').textContent()).not.toContain('Bram');

    // Saved: it goes, and nothing else is waiting.
    await panel.locator('[data-testid="wrap-up-reason"][data-code="where_is_my_order"]').check();
    await panel.getByTestId('wrap-up-outcome-solved').click();
    await panel.getByTestId('wrap-up-save').click();
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await page.getByTestId('wrap-up-others').count()).toBe(0);
  });
});
