import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { hardeningRow } from '../support/hardening.ts';
import { HOSTILE, ORDER_AS_STORED, storeHostileCustomer, type HostileCustomer } from '../support/hostile-data.ts';
import { installXssProbe } from '../support/xss-probe.ts';

// Stored markup in a customer's data is text on every screen that shows it. A colleague stored a
// customer whose name, note, order number, tracking reference and review carry <img onerror>,
// <svg onload>, <script>, <iframe>, <style> and javascript: URLs (support/hostile-data.ts); the
// console syncs them and the agent finds the customer by name and by order number, opens the 360
// header, the orders and the history, and starts a wrap-up. Each place must show the markup as
// literal, visible text (so dropping or mangling it fails too), and the probe must see nothing
// parsed, run, stopped by the CSP or fetched. The screen pop's chooser and the incoming-call
// notification are in test/telephony/stored-xss.hardening.test.ts.

let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;
let eve: HostileCustomer;

beforeAll(async () => {
  hub = await startFixtureHub();
  eve = await storeHostileCustomer(hub, { name: HOSTILE.name, phone: '+31620000666', email: 'eve.mallory@example.nl' });
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

async function search(page: Page, query: string): Promise<Locator> {
  await page.getByTestId('search-input').fill(query);
  const hit = page.locator(`[data-testid="search-hit"][data-customer-id="${eve.id}"]`);
  await hit.waitFor({ timeout: 30_000 });
  return hit;
}

describe('stored markup in customer data', () => {
  it('shows it as text and runs none of it: search, 360 header, orders, history, wrap-up, recent customers', async (ctx) => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const probe = await installXssProbe(context);
    const page = await context.newPage();
    await page.goto(agent.shell.url);
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    // Each place must show the markup as the text it is. A place that shows something else is
    // noted and the test goes on, so that it also reports what the probe saw.
    const places: string[] = [];
    const wrong: string[] = [];
    const shown = async (locator: Locator, expected: string, where: string, read = () => locator.innerText()) => {
      await locator.waitFor({ state: 'attached', timeout: 15_000 });
      try {
        await expect.poll(read, { timeout: 5_000 }).toContain(expected);
        places.push(where);
      } catch {
        wrong.push(`${where} shows ${JSON.stringify(await read())}`);
      }
    };

    // Search by a word of the name. (Search takes order numbers in the shops' NL-2026-0000042
    // shape only, so a hit never names this order.)
    await page.keyboard.press('Alt+2');
    const byName = await search(page, 'Mallory');
    await shown(byName.locator('.search-hit__name'), HOSTILE.name, 'search hit: name');
    await page.getByTestId('search-input').press('Enter');

    // The 360 header: name and last order.
    const header = page.getByTestId('customer-header');
    await header.waitFor();
    expect(await header.getAttribute('data-customer-id')).toBe(eve.id);
    await shown(header.locator('#customer-name'), HOSTILE.name, '360 header: name');
    await shown(page.getByTestId('customer-last-order').locator('strong'), ORDER_AS_STORED, '360 header: last order');

    // Orders: the number and the tracking reference.
    const order = page.getByTestId('order-row').first();
    await shown(order, ORDER_AS_STORED, 'orders: number');
    await shown(order.getByTestId('order-tracking'), HOSTILE.tracking, 'orders: tracking reference');

    // History: the colleague's note, the order and its shipment, the review.
    const entry = (kind: string, text: string) => page.locator(`[data-testid="timeline-entry"][data-kind="${kind}"]`, { hasText: text }).first();
    await shown(entry('interaction', 'Called back'), HOSTILE.note, 'history: note');
    await shown(entry('order', 'Order'), ORDER_AS_STORED, 'history: order');
    await shown(entry('order', 'Tracking number'), HOSTILE.tracking, 'history: shipment tracking');
    await shown(entry('feedback', 'too slow'), HOSTILE.review, 'history: review comment');

    // Wrap-up on demand from the header: its order list names the order.
    await page.getByTestId('wrap-up-open').click();
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor();
    const option = panel.getByTestId('wrap-up-order').locator('option').nth(1);
    await shown(option, ORDER_AS_STORED, 'wrap-up: order choice', async () => (await option.textContent()) ?? '');
    await panel.getByTestId('wrap-up-cancel').click();
    await panel.waitFor({ state: 'detached' });

    // Search again with nothing typed: the recent customers.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('search-input').fill('');
    await shown(page.locator(`[data-testid="recent-customer"][data-customer-id="${eve.id}"] .search-hit__name`), HOSTILE.name, 'recent customers: name');

    // Text everywhere, and nothing parsed, run, stopped by the CSP or fetched.
    expect({ wrong, probe: await probe.findings(page) }).toEqual({ wrong: [], probe: [] });
    await context.close();
    hardeningRow(ctx, {
      case: 'stored XSS in customer data (console screens)',
      fault: '<img onerror>, <svg onload>, <script>, <iframe>, <style>, javascript: in name, note, order no., tracking, review',
      result: `literal text in ${places.length} places; 0 ran, 0 parsed, 0 fetched`,
      figure: `${places.length} places checked`,
    });
  }, 120_000);
});
