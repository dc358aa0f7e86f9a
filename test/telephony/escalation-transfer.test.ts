import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/web-shell-process.ts';
import { expectAudioBothWays } from './audio.ts';
import { callerOf, endAllCalls, phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// "Transfer to expert" on the rig: a customer's phone (baresip, calling from the customer's own
// number) reaches the first-line console; the agent escalates to the nutrition expert and hands
// the call on, blind or attended. The expert's console names the customer and shows the
// escalation's summary and sender WHILE the transferred call rings (the hand-off, not the
// number, says which escalation it is), and after answering, audio goes both ways between the
// customer and the expert. baresip 1.0 has no Replaces: the attended transfer completes with a
// plain REFER to the expert after the consult (main/telephony/transfers.ts), which it follows.

let world: ConsoleWorld;
let first: AgentConsole;
let expert: AgentConsole;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);
const addressOf = (agent: AgentConsole) => `sip:${agent.sip.user}@${world.rig.sip.domain}`;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 3 });
  [first, , expert] = world.consoles as [AgentConsole, AgentConsole, AgentConsole];
  // The directory's extensions are the rig's SIP users (the fixture's are placeholders).
  const roles = ['first_line', 'second_line', 'expert'] as const;
  for (const [index, agent] of world.consoles.entries()) {
    await world.db.query('update agent set sip_extension = $1 where id = $2', [agent.sip.user, world.fixture.agents[roles[index]!].id]);
  }
  // Both consoles have synced the fixture's customers.
  for (const agent of [first, expert]) await waitForHits(agent, world.fixture.customers.anna.phone);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

async function waitForHits(agent: AgentConsole, query: string, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout;
  while ((await agent.socket.request<{ hits: unknown[] }>('customers.search', { query })).hits.length === 0) {
    if (Date.now() > until) throw new Error(`agent ${agent.sip.user}'s console has not synced ${query}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The expert is free at the hub: the hub's auto-assignment picks only available agents. */
async function expertAvailable(): Promise<void> {
  await expect
    .poll(async () => (await world.db.query<{ status: string }>('select status from presence where agent_id = $1', [world.fixture.agents.expert.id]))[0]?.status, { timeout: 15_000 })
    .toBe('available');
}


/** The customer calls the first line from their own number; the agent answers on Anna's popped screen. */
async function customerOnTheLine(): Promise<string> {
  const since = Date.now();
  await world.rig.baresip.dialFrom(world.fixture.customers.anna.phone, addressOf(first));
  await first.page.getByTestId('incoming-call').getByTestId('call-answer').click({ timeout: 10_000 });
  await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
  const call = await waitForCall(first, (c) => c.state === 'active' && (c as { customerId?: string | null }).customerId === world.fixture.customers.anna.id);
  await first.page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
  return call.id;
}

/** The escalate form on Anna's screen: the expert queue and a summary, then "Transfer to expert". */
async function transferToExpert(summary: string, kind: 'blind' | 'attended'): Promise<void> {
  const { page } = first;
  await page.getByTestId('customer-escalate').click();
  const form = page.getByTestId('escalate-form');
  await form.getByTestId('escalate-queue').selectOption('expert');
  await form.getByTestId('escalate-summary').fill(summary);
  await form.getByTestId(`transfer-to-expert-${kind}`).click();
}

/** The expert's banner for the ringing call from `remote`: Anna's name, the summary and who sent it, while main says it still rings. */
async function expertSeesHandoffWhileRinging(remote: string, summary: string): Promise<string> {
  const ringing = (await waitForCall(expert, (c) => c.state === 'ringing' && c.remoteNumber === remote, 15_000)).id;
  const banner = expert.page.locator(`[data-testid="incoming-call"][data-call-id="${ringing}"]`);
  await banner.getByTestId('incoming-handoff-summary').filter({ hasText: summary }).waitFor({ timeout: 10_000 });
  expect(await banner.getByTestId('incoming-name').textContent()).toBe('Anna de Vries');
  expect(await banner.getByTestId('incoming-handoff-from').textContent()).toContain('Agent first_line');
  const caller = await callerOf(expert, ringing);
  expect(caller?.customerId).toBe(world.fixture.customers.anna.id);
  // The customer screen opened behind the banner.
  await expert.page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
  expect((await phoneCalls(expert)).find((c) => c.id === ringing)?.state).toBe('ringing');
  return ringing;
}

/** Serious or critical axe findings in the ringing banner (with the hand-off in it). */
async function bannerAxe(agent: AgentConsole): Promise<string[]> {
  const result = await new AxeBuilder({ page: agent.page }).include('[data-testid="incoming-call"]').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function handoffAnswered(summary: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await world.db.query<{ answered_at: Date | null }>(
            'select h.answered_at from handoff h join escalation e on e.id = h.escalation_id where e.summary = $1',
            [summary],
          )
        )[0]?.answered_at ?? null,
      { timeout: 10_000 },
    )
    .not.toBeNull();
}

describe('transfer to expert: the context travels with the call', () => {
  it('blind: the expert sees Anna and the escalation while the call rings, then talks with her both ways', async () => {
    await expertAvailable();
    const summary = 'Blind: rash after the new protein bars, wants to know which ingredient';
    const customerCall = await customerOnTheLine();
    await transferToExpert(summary, 'blind');

    // baresip follows the REFER from its own number: the hand-off held for that number names the call.
    const ringing = await expertSeesHandoffWhileRinging(world.fixture.customers.anna.phone, summary);
    await expert.page.screenshot({ path: shot('handoff-ringing-blind-en') });
    await expert.page.locator(`[data-testid="incoming-call"][data-call-id="${ringing}"]`).getByTestId('call-answer').click();
    await waitForCall(expert, (c) => c.id === ringing && c.state === 'active');
    const ended = await waitForCall(first, (c) => c.id === customerCall && c.state === 'ended', 10_000);
    expect(ended.endReason).toBe('transferred');
    await expectAudioBothWays(expert.page, ringing, { phone: world.rig.baresip });
    await handoffAnswered(summary);
    const [escalation] = await world.db.query<{ assigned_to: string }>('select assigned_to from escalation where summary = $1', [summary]);
    expect(escalation?.assigned_to).toBe(world.fixture.agents.expert.id);
    await endAllCalls(world);
  });

  it('attended: the consult call and then the customer\'s call both show the escalation; the expert ends up talking with the customer', async () => {
    await expertAvailable();
    const summary = 'Attended: allergic to soy, asks whether the shake is safe';
    const customerCall = await customerOnTheLine();
    await transferToExpert(summary, 'attended');

    // The consult call comes from the first-line agent's extension, with X-Loket-Handoff.
    const consultAtExpert = await expertSeesHandoffWhileRinging(first.sip.user, summary);
    await expert.page.screenshot({ path: shot('handoff-ringing-attended-en') });
    expect(await bannerAxe(expert)).toEqual([]);
    // The same banner in German, dark: read for length and contrast.
    await expert.socket.request('settings.set', { language: 'de', theme: 'dark' });
    await expert.page.getByTestId('incoming-handoff-from').filter({ hasText: 'übergibt Ihnen dieses Anliegen' }).waitFor({ timeout: 5_000 });
    await expert.page.screenshot({ path: shot('handoff-ringing-attended-de-dark') });
    expect(await bannerAxe(expert)).toEqual([]);
    await expert.socket.request('settings.set', { language: 'system', theme: 'system' });
    await expert.page.locator(`[data-testid="incoming-call"][data-call-id="${consultAtExpert}"]`).getByTestId('call-answer').click();
    await waitForCall(first, (c) => c.consultFor === customerCall && c.state === 'active');
    await first.page.getByTestId('transfer-complete').click();

    // baresip cannot take Replaces: it is referred to the expert and calls from its own number.
    const ringing = await expertSeesHandoffWhileRinging(world.fixture.customers.anna.phone, summary);
    await expert.page.locator(`[data-testid="incoming-call"][data-call-id="${ringing}"]`).getByTestId('call-answer').click();
    await waitForCall(expert, (c) => c.id === ringing && c.state === 'active');
    const ended = await waitForCall(first, (c) => c.id === customerCall && c.state === 'ended', 10_000);
    expect(ended.endReason).toBe('transferred');
    // The consult call is over on both sides; nothing is left on the first line.
    await waitForCall(expert, (c) => c.id === consultAtExpert && c.state === 'ended', 10_000);
    await expect.poll(async () => (await phoneCalls(first)).filter((c) => c.state !== 'ended').length, { timeout: 10_000 }).toBe(0);
    await expectAudioBothWays(expert.page, ringing, { phone: world.rig.baresip });
    await handoffAnswered(summary);
    await endAllCalls(world);
  });
});
