import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from '../support/web-shell-process.ts';

// The access screens in the built console (web shell, Chromium), in English and German: a fresh
// data folder opens on the first screen; the lead's link given as `?link=` goes through to
// "ready" and leaves the address bar; one confirm opens the console; the lead ends access and the
// page says why. The lead's overflow panel makes a link with its QR code. Axe on each screen,
// screenshots under test-results/screenshots/.

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
let hub: FixtureHub;
let browser: Browser;
let lead: SignedInConsole;
let leadToken: string;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  hub = await startFixtureHub();
  browser = await launchChromium();
  lead = await startSignedInConsole(hub, 'team_lead');
  leadToken = await hub.hub.login(hub.fixture.agents.team_lead.email);
  // Pool accounts, so the lead's form gets a phone account for each new agent.
  const admin = await hub.hub.login(hub.fixture.agents.admin.email);
  const accounts = Array.from({ length: 4 }, (_, index) => ({ server: 'wss://pbx.shop.example:7443', domain: 'pbx.shop.example', username: `pool-e2e-${String(index)}`, password: 'pool-secret' }));
  expect((await hub.hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: hub.fixture.officeId, accounts } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const stop of stops) await stop();
  await lead?.stop();
  await hub?.close();
});

/** A console that has never seen a hub: no LOKET_HUB_* at all. */
async function freshShell(): Promise<RunningWebShell> {
  const data = await tempDir();
  const shell = await startWebShellProcess({ LOKET_DATA_DIR: data.dir, LOKET_PORT: '0' });
  stops.push(async () => {
    await shell.stop();
    await data.cleanup();
  });
  return shell;
}

/** The lead's new overflow agent; its SIP account is dropped, so the phone step ends at "no account" here (the rig's test registers). */
async function newOverflowAgent(displayName: string): Promise<{ agentId: string; link: string }> {
  const made = await hub.hub.call('POST', '/enrollments/overflow', {
    token: leadToken,
    body: { displayName, languages: ['de'], officeId: hub.fixture.officeId, accessExpiresAt: new Date(Date.now() + 21 * 86_400_000).toISOString() },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await hub.db.query('delete from sip_account where agent_id = $1', [made.body.agentId]);
  return made.body as { agentId: string; link: string };
}

const serious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

const WORDS = {
  en: { first: 'Welcome to Loket', ready: "You're ready, ", ended: 'Your access has ended', revoked: 'Your team lead has ended access for this computer.' },
  de: { first: 'Willkommen bei Loket', ready: 'Alles bereit, ', ended: 'Ihr Zugang ist beendet', revoked: 'Ihre Teamleitung hat den Zugang für diesen Computer beendet.' },
} as const;

describe('the access screens in the web shell', () => {
  for (const language of ['en', 'de'] as const) {
    it(`a fresh console: first screen, the lead's ?link= to ready, one confirm, then access ended by the lead (${language})`, async () => {
      const words = WORDS[language];
      const shell = await freshShell();
      const context = await browser.newContext({ locale: language === 'en' ? 'en-GB' : 'de-DE', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();

      await page.goto(shell.url);
      const first = page.getByTestId('access-first');
      await first.waitFor();
      expect(await page.locator('h1').textContent()).toBe(words.first);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('access-link');
      expect(await serious(page)).toEqual([]);
      await shot(page, `access-first-${language}`);

      // The web shell's form of the link: ?link=… before the #token.
      const agent = await newOverflowAgent(language === 'en' ? 'Greta Overflow' : 'Jonas Aushilfe');
      const [origin, hash] = shell.url.split('/#');
      await page.goto(`${origin ?? ''}/?link=${encodeURIComponent(agent.link)}#${hash ?? ''}`);
      const ready = page.getByTestId('access-ready');
      await ready.waitFor({ timeout: 60_000 });
      expect(page.url()).not.toContain('link=');
      expect(await page.locator('h1').textContent()).toContain(words.ready);
      expect(await page.getByTestId('access-phone').getAttribute('data-phone')).toBe('noAccount');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('access-confirm');
      expect(await serious(page)).toEqual([]);
      await shot(page, `access-ready-${language}`);

      // The one confirm, by keyboard.
      await page.keyboard.press('Enter');
      await page.locator('nav').waitFor();

      const device = (await hub.db.query<{ id: string }>('select id from device where agent_id = $1 and revoked_at is null', [agent.agentId]))[0];
      expect(device).toBeTruthy();
      expect((await hub.hub.call('POST', `/devices/${device?.id ?? ''}/revoke`, { token: leadToken })).status).toBe(200);
      const ended = page.getByTestId('access-ended');
      await ended.waitFor({ timeout: 60_000 });
      expect(await page.locator('h1').textContent()).toBe(words.ended);
      expect(await page.getByTestId('access-ended-reason').getAttribute('data-reason')).toBe('revoked');
      expect(await page.getByTestId('access-ended-reason').textContent()).toContain(words.revoked);
      expect(await serious(page)).toEqual([]);
      await shot(page, `access-ended-${language}`);

      await page.getByTestId('access-enrol-again').click();
      await first.waitFor();
      await context.close();
    }, 150_000);

    it(`the lead's overflow panel makes a link with its QR code and plain code (${language})`, async () => {
      const context = await browser.newContext({ locale: language, viewport: { width: 1440, height: 1100 } });
      const page = await context.newPage();
      await page.goto(lead.shell.url);
      await page.getByTestId('language-menu').selectOption(language);
      await page.keyboard.press('Alt+4');
      const panel = page.getByTestId('overflow-panel');
      await panel.waitFor({ timeout: 30_000 });
      await page.getByTestId('overflow-new').click();
      await page.getByTestId('overflow-name').fill(language === 'en' ? 'Piet Pool' : 'Paula Pool');
      await page.getByTestId('overflow-language-de').check();
      await page.getByTestId('overflow-name').press('Enter');
      const card = page.getByTestId('overflow-enrollment');
      await card.waitFor();
      const code = (await page.getByTestId('overflow-code').textContent()) ?? '';
      expect(await page.getByTestId('overflow-link').inputValue()).toContain(`code=${code}`);
      const qr = page.getByTestId('overflow-qr');
      const box = await qr.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(150);
      expect(await serious(page)).toEqual([]);
      await card.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(SHOTS, `overflow-panel-${language}.png`) });
      await context.close();
    }, 90_000);
  }
});
