import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overflowing } from '../support/layout.ts';
import { ROOT } from '../support/web-shell-process.ts';
import { startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// The screens an agent looks at during a call, at the two laptop sizes contact centres hand out
// (1024×768, 1280×720) in three languages with long words (en, de, pl): the incoming-call banner
// naming the caller over the customer screen the pop opened, and that screen with its history
// after the caller gave up. Each is checked by axe and written to test-results/screenshots/ for a
// human to look at; the top bar must not overflow at either size.

let world: ConsoleWorld;
let agent: AgentConsole;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  [agent] = world.consoles as [AgentConsole];
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The top bar's parts (as test/e2e/top-bar-layout.test.ts checks them without a call). */
const TOP_BAR = ['.top-bar', '[data-testid="agent-status"]', '[data-testid="agent-status-text"]', '[data-testid="phone-menu-toggle"]', '[data-testid="phone-status-word"]'];
const BANNER = ['[data-testid="incoming-call"]', '[data-testid="incoming-name"]'];

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
] as const;

describe("the agent's screens during a call", () => {
  for (const language of ['en', 'de', 'pl'] as const) {
    it(`names the caller in the banner over their customer screen, then shows the history, at 1024×768 and 1280×720 in ${language}: axe clean, top bar not clipped`, async () => {
      const { page } = agent;
      const { anna } = world.fixture.customers;
      await page.getByTestId('language-menu').selectOption(language);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        const since = Date.now();
        await world.rig.baresip.dialFrom(anna.phone, `sip:${agent.sip.user}@${world.rig.sip.domain}`);
        const call = await waitForCall(agent, (c) => c.state === 'ringing' && c.remoteNumber === anna.phone, 10_000);

        // The banner names Anna (not only her number) while her screen is already open.
        const banner = page.getByTestId('incoming-call');
        await banner.getByTestId('incoming-name').filter({ hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
        await page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
        await page.getByTestId('timeline-entry').first().waitFor({ timeout: 10_000 });
        await page.screenshot({ path: shot(`call-banner-${language}-${size.width}`) });
        expect(await seriousViolations(page), `banner ${language} ${size.width}`).toEqual([]);
        expect(await overflowing(page, [...TOP_BAR, ...BANNER]), `top bar and banner while ringing ${language} ${size.width}`).toEqual([]);

        // Anna gives up before the agent answers: no wrap-up, her screen and history stay.
        await world.rig.baresip.hangup();
        await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
        await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 10_000);
        await banner.waitFor({ state: 'detached', timeout: 10_000 });
        expect(await page.getByTestId('wrap-up-panel').count()).toBe(0);
        await page.getByTestId('timeline-entry').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot(`customer-history-${language}-${size.width}`) });
        expect(await seriousViolations(page), `customer ${language} ${size.width}`).toEqual([]);
        expect(await overflowing(page, TOP_BAR), `top bar ${language} ${size.width}`).toEqual([]);
      }
    }, 120_000);
  }
});
