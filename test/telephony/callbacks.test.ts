import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceDueCallbacks } from '../../server/callbacks-due.ts';
import { seedOutboundWork } from '../../server/seed/outbound-work.ts';
import { ingest, seedOutbound, type OutboundFixture } from '../support/outbound-fixture.ts';
import { until } from '../support/services-requests.ts';
import { ROOT } from '../support/web-shell-process.ts';
import { phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// Outbound calls on the real rig: a callback falls due and the console says so (OS notification
// and a toast), the agent's click calls the customer's number, which leaves through the rig's
// trunk to the customer's phone (baresip), and the outcome is stored at the hub. A cart
// follow-up is called and marked recovered; another leaves the list when the shop reports an
// order for it. Both screens pass axe and are photographed in two languages, light and dark.

let world: ConsoleWorld;
let agent: AgentConsole;
let outbound: OutboundFixture;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  [agent] = world.consoles as [AgentConsole];
  outbound = await seedOutbound(world.hub, world.fixture);
  // The seeded callbacks were due before the test: they are not what this test waits for.
  await world.db.query('update callback set due_notified_at = now()');
  // The console's live link to the hub is up once its first sync has run.
  await until('the first sync', async () => (await agent.socket.request<{ lastSyncedAt: string | null }>('sync.status', {})).lastSyncedAt, 30_000);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The call to `number` reaches the customer's phone, which answers it; then the agent hangs up. */
async function talkAndHangUp(number: string, since: number): Promise<void> {
  const { page } = agent;
  const { baresip } = world.rig;
  const call = await waitForCall(agent, (c) => c.direction === 'outbound' && c.remoteNumber === number && c.state === 'active', 15_000);
  const established = await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 10_000, since);
  // The same call at both ends: baresip's Call-ID is the console's.
  expect(established.id).toBe(call.sipCallId);
  await page.getByTestId('call-hangup').click();
  await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 10_000, since);
  await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 10_000);
}

describe('a callback on the rig', () => {
  it('notifies when it falls due, calls the customer only on the click, and stores the outcome at the hub', async () => {
    const { page } = agent;
    const { anna } = world.fixture.customers;
    // A callback Anna asked for, due now; the hub's announcer runs (every 15 s in production).
    const token = await world.hub.login(world.fixture.agents.first_line.email);
    const id = uuidv7();
    const created = await world.hub.call('PUT', `/callbacks/${id}`, { token, body: { customerId: anna.id, dueAt: new Date().toISOString(), phone: anna.phone, note: 'Asked about the refund' } });
    expect(created.status).toBeLessThan(300);
    expect(await announceDueCallbacks(world.hub.hub.context)).toBe(1);

    const toast = page.locator('.toast', { hasText: 'Callback due: Anna de Vries, +31 6 12345678' });
    await toast.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await agent.notifications()).map((shown) => `${shown.title}: ${shown.body}`)).toContain('Callback due: Call Anna de Vries back on +31 6 12345678.');
    // Told, not dialled: no call until the agent clicks.
    expect((await phoneCalls(agent)).filter((call) => call.direction === 'outbound')).toEqual([]);

    const since = Date.now();
    await toast.getByTestId('callback-reminder-call').click();
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('callbacks');
    await talkAndHangUp(anna.phone, since);

    const row = page.locator(`[data-callback-id="${id}"]`);
    await row.getByTestId('callback-outcome').waitFor({ timeout: 5_000 });
    await row.getByTestId('callback-outcome-reached').check();
    await row.getByTestId('callback-outcome-note').fill('Refund explained');
    await row.getByTestId('callback-outcome-save').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const [stored] = await world.db.query<{ status: string; outcome: string; completed_by: string }>('select status, outcome, completed_by from callback where id = $1', [id]);
    expect(stored).toEqual({ status: 'done', outcome: 'reached', completed_by: world.fixture.agents.first_line.id });
  });
});

describe('cart follow-ups on the rig', () => {
  it('calls the customer of the most valuable cart and marks it recovered; a cart the shop reports ordered leaves the list live', async () => {
    const { page } = agent;
    const { anna } = world.fixture.customers;
    await page.keyboard.press('Alt+7');
    const rows = page.getByTestId('cart');
    await expect.poll(() => rows.evaluateAll((found) => found.map((row) => (row as HTMLElement).dataset.cartId))).toEqual([outbound.carts.anna, outbound.carts.sophie, outbound.carts.bram]);

    const since = Date.now();
    const annaRow = page.locator(`[data-cart-id="${outbound.carts.anna}"]`);
    await annaRow.getByTestId('cart-call').click();
    await talkAndHangUp(anna.phone, since);
    // After the call its outcome form is open.
    await page.getByTestId('cart-outcome-recovered').check();
    await page.getByTestId('cart-outcome-save').click();
    await annaRow.waitFor({ state: 'detached', timeout: 10_000 });
    const [stored] = await world.db.query<{ outcome: string; agent_id: string }>('select outcome, agent_id from cart_followup where cart_id = $1', [outbound.carts.anna]);
    expect(stored).toEqual({ outcome: 'recovered', agent_id: world.fixture.agents.first_line.id });

    // Sophie orders from her cart in the shop: it leaves the open list without a click.
    await ingest(world.hub, [
      {
        type: 'order.placed',
        externalId: `order-${uuidv7()}`,
        occurredAt: new Date().toISOString(),
        customer: { email: outbound.sophie.email },
        order: { number: `BE-${Date.now()}`, currency: 'EUR', totalCents: 8_995 },
        cartRef: 'cart-sophie',
      },
    ]);
    await page.locator(`[data-cart-id="${outbound.carts.sophie}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await rows.count()).toBe(1);
  });
});

describe('the outbound screens', () => {
  it('pass axe and are photographed in English and German, light and dark', { timeout: 240_000 }, async () => {
    const { page } = agent;
    const found: string[] = [];
    for (const language of ['en', 'de'] as const) {
      await agent.socket.request('settings.set', { language });
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      for (const theme of ['light', 'dark'] as const) {
        await agent.socket.request('settings.set', { theme });
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);

        await page.keyboard.press('Alt+6');
        await page.getByTestId('callbacks-scope-team').check();
        await page.getByTestId('callbacks-state-due').check();
        await page.getByTestId('callback').first().waitFor({ timeout: 10_000 });
        // The outcome form stays open across screens: open it the first time only.
        const openForm = page.getByTestId('callback').first().getByTestId('callback-outcome-open');
        if ((await openForm.getAttribute('aria-expanded')) !== 'true') await openForm.click();
        await page.getByTestId('callback-outcome-no_answer').check();
        await page.screenshot({ path: shot(`callbacks-${language}-${theme}`) });
        found.push(...(await seriousViolations(page)).map((violation) => `callbacks ${language} ${theme}: ${violation}`));
        await page.getByTestId('callbacks-state-overdue').check();
        await page.getByTestId('callback').first().waitFor({ timeout: 10_000 });
        await page.screenshot({ path: shot(`callbacks-overdue-${language}-${theme}`) });
        found.push(...(await seriousViolations(page)).map((violation) => `callbacks overdue ${language} ${theme}: ${violation}`));

        await page.keyboard.press('Alt+7');
        await page.getByTestId('cart').first().waitFor({ timeout: 10_000 });
        await page.getByTestId('cart').first().getByTestId('cart-outcome-open').click();
        await page.screenshot({ path: shot(`carts-${language}-${theme}`) });
        found.push(...(await seriousViolations(page)).map((violation) => `carts ${language} ${theme}: ${violation}`));
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the demo seed’s cart follow-ups on the rig', () => {
  it('calls a cart the seed left to follow up and marks it recovered', async () => {
    const { page } = agent;
    // The demo's outbound work (consent, carts older than 48 h to call), on this hub's customers.
    await seedOutboundWork(world.db, 15, new Date());
    const seeded = await world.db.query<{ id: string; phone: string }>(
      `select c.id, (select p.e164 from customer_phone p where p.customer_id = c.customer_id order by p.e164 limit 1) as phone
         from cart c join customer cu on cu.id = c.customer_id
        where c.ref like 'demo-cart-%' and cu.contact_consent and c.occurred_at < now() - interval '48 hours'
        order by c.value_cents desc limit 1`,
    );
    const [cart] = seeded;
    if (!cart) throw new Error('the demo seed left no cart to follow up on this hub');
    // Written straight into the database, so no live event: the list is read again on opening.
    await page.keyboard.press('Alt+6');
    await page.keyboard.press('Alt+7');
    const row = page.locator(`[data-cart-id="${cart.id}"]`);
    await row.waitFor({ timeout: 10_000 });

    const since = Date.now();
    await row.getByTestId('cart-call').click();
    await talkAndHangUp(cart.phone, since);
    await page.getByTestId('cart-outcome-recovered').check();
    await page.getByTestId('cart-outcome-save').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const [stored] = await world.db.query<{ outcome: string }>('select outcome from cart_followup where cart_id = $1', [cart.id]);
    expect(stored).toEqual({ outcome: 'recovered' });
  });
});
