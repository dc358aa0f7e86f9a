import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { overflowing } from '../support/layout.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The top bar at the widths agents' screens have (1024 and 1280 px) in English, German and
// Polish, with a long name and a phone that cannot reach its server: the phone's state and the
// agent's name must be whole, not cut. Screenshots land in test-results/screenshots/.
const LONG_NAME = 'Małgorzata Wiśniewska-Kowalczyk';
let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;

beforeAll(async () => {
  hub = await startFixtureHub();
  await hub.db.query('update agent set display_name = $1 where email = $2', [LONG_NAME, hub.fixture.agents.first_line.email]);
  // A phone server that is not there: the longest state ("server unreachable, reconnecting in …").
  const lead = await hub.hub.login(hub.fixture.agents.team_lead.email);
  const account = { server: `ws://127.0.0.1:${await closedPort()}`, domain: 'pbx.example.eu', username: '1001', password: 'not-used', displayName: LONG_NAME };
  const put = await hub.hub.call('PUT', `/agents/${hub.fixture.agents.first_line.id}/sip-account`, { token: lead, body: account });
  expect(put.status).toBe(200);
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

/** A port nothing listens on (taken from the system, then let go). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const PARTS = ['.top-bar', '[data-testid="agent-status"]', '[data-testid="agent-status-text"]', '[data-testid="phone-menu-toggle"]', '[data-testid="phone-status-word"]'];

describe('the top bar at 1024 and 1280 px', () => {
  for (const language of ['en', 'de', 'pl'] as const) {
    it(`shows the phone's state and the agent's whole name in ${language}`, async () => {
      const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(agent.shell.url);
      await page.getByTestId('language-menu').selectOption(language);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      await page.getByTestId('agent-status-text').filter({ hasText: LONG_NAME }).waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="phone-status"][data-registration="reconnecting"]').waitFor({ timeout: 30_000 });

      for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
        await page.setViewportSize(viewport);
        await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(viewport.width);
        expect(await overflowing(page, PARTS), `${language} at ${viewport.width}px`).toEqual([]);
        const top = page.locator('.top-bar');
        await top.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `top-bar-${language}-${viewport.width}.png`) });

        // The details are one keyboard step away: the menu opens from the focused button and says it all.
        await page.getByTestId('phone-menu-toggle').focus();
        await page.keyboard.press('Enter');
        const menu = page.getByTestId('phone-menu');
        await menu.waitFor();
        expect((await page.getByTestId('phone-menu-status').textContent())?.length).toBeGreaterThan(5);
        expect(await overflowing(page, ['[data-testid="phone-menu"]'])).toEqual([]);
        await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `top-bar-menu-${language}-${viewport.width}.png`) });
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'detached' });
      }
      await context.close();
    }, 90_000);
  }
});
