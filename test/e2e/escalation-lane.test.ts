import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The escalation lane with three consoles on one hub, each in its own browser context: the
// first line escalates to the nutrition expert picked by name; the expert's console notifies
// (toast and Web Notification), claims, replies (the reply shows on the first line's customer
// timeline) and resolves; the team lead's board counts each step live. Axe on the inbox, and
// screenshots of it in English and German, light and dark.

let hub: FixtureHub;
let browser: Browser;
const consoles: Partial<Record<'first_line' | 'expert' | 'team_lead', SignedInConsole>> = {};

beforeAll(async () => {
  hub = await startFixtureHub();
  browser = await launchChromium();
  const [firstLine, expert, lead] = await Promise.all([
    startSignedInConsole(hub, 'first_line'),
    startSignedInConsole(hub, 'expert'),
    startSignedInConsole(hub, 'team_lead'),
  ]);
  Object.assign(consoles, { first_line: firstLine, expert, team_lead: lead });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(consoles).map((c) => c?.stop()));
  await hub?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', `${name}.png`) });

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A console in a browser context of its own; Web Notifications allowed and recorded in `window.loketNotified`. */
async function openConsole(console: SignedInConsole | undefined, options: { language?: string; theme?: 'light' | 'dark' } = {}): Promise<Page> {
  if (!console) throw new Error('console not started');
  const context = await browser.newContext({ locale: options.language ?? 'en', viewport: { width: 1280, height: 800 }, colorScheme: options.theme ?? 'light' });
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const notified: string[] = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, init?: NotificationOptions) {
        super(title, init);
        notified.push(`${title}: ${init?.body ?? ''}`);
      }
    }
    Object.assign(window, { loketNotified: notified, Notification: Recorded });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(console.shell.url);
  await page.getByTestId('language-menu').selectOption(options.language ?? 'en');
  await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
  return page;
}

/** A number on the board, as shown. */
const boardNumber = async (page: Page, testId: string) => Number((await page.getByTestId(testId).first().textContent())?.replace(/\D/g, '') || '0');
const expectBoard = (page: Page, testId: string, value: number) => expect.poll(() => boardNumber(page, testId), { timeout: 10_000 }).toBe(value);

describe('the escalation lane across three consoles', () => {
  it('escalated by the first line → the expert is notified → claims, replies (seen on the first line’s timeline), resolves → the lead’s board counts each step', async () => {
    const { anna } = hub.fixture.customers;
    const firstLine = await openConsole(consoles.first_line);
    const expert = await openConsole(consoles.expert);
    const lead = await openConsole(consoles.team_lead);

    await lead.keyboard.press('Alt+4');
    await lead.getByTestId('board-escalations-created').waitFor({ timeout: 30_000 });
    const before = {
      created: await boardNumber(lead, 'board-escalations-created'),
      claimed: await boardNumber(lead, 'board-escalations-claimed'),
      resolved: await boardNumber(lead, 'board-escalations-resolved'),
      waiting: await boardNumber(lead, 'board-waiting-expert'),
    };

    // The first line opens Anna and escalates to the expert, picked by name in the directory.
    await firstLine.keyboard.press('Alt+2');
    await firstLine.getByTestId('search-input').fill(anna.email);
    await firstLine.locator(`[data-testid="search-hit"][data-customer-id="${anna.id}"]`).waitFor();
    await firstLine.getByTestId('search-input').press('Enter');
    await firstLine.getByTestId('customer-header').waitFor();
    await firstLine.getByTestId('customer-escalate').click();
    await firstLine.getByTestId('escalate-queue').selectOption('colleague');
    await firstLine.getByTestId('escalate-colleague-input').fill('expert');
    await firstLine.locator(`[data-testid="escalate-colleague-option"][data-colleague-id="${hub.fixture.agents.expert.id}"]`).waitFor();
    // The form with the colleague picker open: axe clean, and photographed.
    expect(await seriousViolations(firstLine)).toEqual([]);
    await shot(firstLine, 'escalate-form-colleague-picker-en-light');
    await firstLine.getByTestId('escalate-colleague-input').press('Enter');
    await firstLine.getByTestId('escalate-priority').selectOption('urgent');
    const summary = 'Nut allergy: which protein powder is safe?';
    await firstLine.getByTestId('escalate-summary').fill(summary);
    await firstLine.getByTestId('escalate-save').click();
    await firstLine.getByTestId('escalate-form').waitFor({ state: 'detached' });

    // The expert's console says so at once: a toast in the window and main's (urgent) notification,
    // drawn by the page as a Web Notification.
    await expert.getByTestId('escalation-news-assigned').waitFor({ timeout: 15_000 });
    expect(await expert.locator('.toast').filter({ hasText: summary }).count()).toBeGreaterThan(0);
    await expect.poll(() => expert.evaluate(() => (window as unknown as { loketNotified: string[] }).loketNotified)).toContain(`Urgent escalation assigned to you: Anna de Vries: ${summary}`);
    await expectBoard(lead, 'board-escalations-created', before.created + 1);
    await expectBoard(lead, 'board-waiting-expert', before.waiting + 1);

    await expert.keyboard.press('Alt+3');
    const row = expert.getByTestId('escalations-list-mine').getByTestId('escalation-row').filter({ hasText: summary });
    await row.click();
    await expert.getByTestId('escalation-claim').click();
    await expect.poll(() => expert.getByTestId('escalation-status').textContent()).toBe('Claimed');
    await expectBoard(lead, 'board-escalations-claimed', before.claimed + 1);
    await expectBoard(lead, 'board-waiting-expert', before.waiting);

    const reply = 'The pea protein is made on a nut-free line: that one is safe.';
    await expert.getByTestId('escalation-reply-text').fill(reply);
    await expert.getByTestId('escalation-reply-text').press('Control+Enter');
    await expert.getByTestId('escalation-thread').filter({ hasText: reply }).waitFor();
    // The first line sees the reply in Anna's history and is told.
    await firstLine.getByTestId('timeline-entry').filter({ hasText: reply }).waitFor({ timeout: 15_000 });
    await firstLine.getByTestId('escalation-news-replied').waitFor({ timeout: 15_000 });

    // The inbox, checked by axe and photographed before it is resolved.
    expect(await seriousViolations(expert)).toEqual([]);
    await shot(expert, 'escalations-inbox-en-light');

    await expert.getByTestId('escalation-resolve').click();
    await expert.getByTestId('escalation-outcome').selectOption('solved');
    await expert.getByTestId('escalation-resolution-text').fill('Advised the pea protein');
    await expert.getByTestId('escalation-resolve-save').click();
    await expert.getByTestId('escalation-resolution').waitFor();
    await expectBoard(lead, 'board-escalations-resolved', before.resolved + 1);
    await expect.poll(() => lead.getByTestId('board-sla').first().textContent(), { timeout: 10_000 }).toMatch(/100\s?%/);
    await firstLine.getByTestId('escalation-news-resolved').waitFor({ timeout: 15_000 });
  }, 180_000);

  it('shows the inbox in German and in the dark theme, with SLA timers amber and red, axe clean', async () => {
    // Two more in the expert's queue: one with under a quarter of its SLA left, one past it.
    const token = await hub.hub.login(hub.fixture.agents.first_line.email);
    for (const [summary, createdAgo, dueIn] of [['Parcel arrived open, powder spilled', 110, 10], ['Wrong dosage on the label', 200, -20]] as const) {
      const id = uuidv7();
      const answer = await hub.hub.call('PUT', `/escalations/${id}`, { token, body: { customerId: hub.fixture.customers.bram.id, queue: 'expert', priority: 'high', summary } });
      expect(answer.status).toBeLessThan(300);
      await hub.db.query(`update escalation set created_at = now() - $2::int * interval '1 minute', sla_due_at = now() + $3::int * interval '1 minute' where id = $1`, [id, createdAgo, dueIn]);
    }
    for (const [language, theme] of [['de', 'dark'], ['en', 'dark'], ['de', 'light']] as const) {
      const page = await openConsole(consoles.expert, { language, theme });
      await page.keyboard.press('Alt+3');
      await page.getByTestId('escalations-view').waitFor();
      await page.locator('[data-testid="sla-timer"][data-sla="red"]').waitFor();
      await page.locator('[data-testid="sla-timer"][data-sla="amber"]').waitFor();
      await page.getByTestId('escalations-list-mine').getByTestId('escalation-row').first().click();
      await page.getByTestId('escalation-thread').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `escalations-inbox-${language}-${theme}`);
      await page.context().close();
    }
  }, 120_000);
});
