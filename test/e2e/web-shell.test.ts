import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from '../support/web-shell-process.ts';

// The console as an agent sees it: the built renderer in Chromium, talking to the web shell
// process over its socket. Screenshots go to test-results/screenshots (not committed).
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
let browser: Browser;
let shell: RunningWebShell;
let dataDir: string;
/**
 * A console without a hub opens on the access screens' first screen (test/e2e/access-screens.test.ts);
 * this file is about the console's frame, so each page load takes "Not now".
 */
const pastFirstScreen = (page: Page) => page.getByTestId('access-look-around').click();
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await tempDir();
  dataDir = temp.dir;
  cleanup = temp.cleanup;
  await mkdir(SHOTS, { recursive: true });
  shell = await startWebShellProcess({ LOKET_DATA_DIR: dataDir, LOKET_PORT: '0' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await cleanup?.();
});

async function openConsole(size = { width: 1280, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(shell.url);
  await pastFirstScreen(page);
  await page.locator('.connection[data-state="connected"]').waitFor();
  return page;
}

const savedSettings = async (): Promise<{ language?: string }> =>
  JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8').catch(() => '{}')) as { language?: string };

const navLabels = (page: Page) => page.locator('nav .nav-rail__label').allTextContents();

describe('the console in the web shell', () => {
  it('switches language en → nl → pl, toggles dark mode, and keeps both after a reload', async () => {
    const page = await openConsole();
    expect(page.url()).not.toContain('token='); // the launch token left the address bar
    expect(await navLabels(page)).toEqual(['Home', 'Customer', 'Search', 'Escalations', 'Team', 'Callbacks', 'Cart follow-ups', 'Settings']);
    await expect.poll(() => page.locator('.connection').textContent()).toBe('Connected');
    await page.screenshot({ path: path.join(SHOTS, 'frame-en-light.png') });

    await page.getByTestId('language-menu').selectOption('nl');
    await expect.poll(() => navLabels(page)).toEqual(['Start', 'Klant', 'Zoeken', 'Escalaties', 'Team', 'Terugbelverzoeken', 'Winkelwagens', 'Instellingen']);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.screenshot({ path: path.join(SHOTS, 'frame-nl-light.png') });

    await page.getByTestId('language-menu').selectOption('pl');
    const polish = await navLabels(page).then((labels) => labels.join('|'));
    await expect.poll(() => navLabels(page).then((l) => l.join('|'))).not.toBe('Start|Klant|Zoeken|Escalaties|Team|Terugbelverzoeken|Winkelwagens|Instellingen');
    expect(polish).not.toBe('Home|Customer|Search|Escalations|Team|Callbacks|Cart follow-ups|Settings');
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');

    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(lightBackground);
    await page.screenshot({ path: path.join(SHOTS, 'frame-pl-dark.png') });

    await page.reload();
    await pastFirstScreen(page);
    await page.locator('.connection[data-state="connected"]').waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pl');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.context().close();
  });

  it('works by keyboard: Alt+digit navigation, ? for the shortcut help, Esc to close', async () => {
    const page = await openConsole();
    await page.getByTestId('language-menu').selectOption('en');
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('settings');
    await page.screenshot({ path: path.join(SHOTS, 'settings-en.png') });
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'shortcuts-en.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('language-menu').selectOption('de');
    await page.keyboard.press('Alt+5');
    await page.screenshot({ path: path.join(SHOTS, 'settings-de.png') });
    await page.context().close();
  });

  it('answers the diagnostics ping through the socket', async () => {
    const page = await openConsole();
    await page.getByTestId('language-menu').selectOption('en');
    await page.keyboard.press('Alt+5');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('ping-result').textContent()).toMatch(/^Answered in [\d.]+ ms at /);
    await page.context().close();
  });

  it('keeps its layout with 40% longer text (pseudo-locale) at 1280×720', async () => {
    const page = await openConsole();
    await page.keyboard.press('Alt+5');
    await page.getByTestId('settings-language').selectOption('pseudo');
    await expect.poll(() => navLabels(page).then((labels) => labels[0])).toMatch(/^⟦.*⟧$/);
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.nav-rail__label, .main-pane__title, .section-title, .top-bar__brand')]
        .filter((element) => element.scrollWidth > element.clientWidth + 1)
        .map((element) => element.textContent),
    );
    expect(clipped).toEqual([]);
    const horizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(horizontalScroll).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'settings-pseudo.png') });
    await page.getByTestId('settings-language').selectOption('en');
    await page.context().close();
  });

  it('says honestly when the web shell is gone, and when its restart changed the token', async () => {
    const page = await openConsole();
    await page.getByTestId('language-menu').selectOption('en');
    await expect.poll(() => savedSettings().then((s) => s.language)).toBe('en');
    const port = new URL(shell.origin).port;
    await shell.stop();
    await expect.poll(() => page.locator('.connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    expect(await page.locator('.connection').textContent()).toMatch(/^Offline · retrying in \d+ seconds?$/);
    shell = await startWebShellProcess({ LOKET_DATA_DIR: dataDir, LOKET_PORT: port });
    await expect.poll(() => page.locator('.connection').getAttribute('data-state'), { timeout: 20_000 }).toBe('unauthorized');
    await page.screenshot({ path: path.join(SHOTS, 'connection-unauthorized-en.png') });
    // Pasting the new address (new token) into the same tab brings it back.
    await page.goto(shell.url);
    await pastFirstScreen(page);
    await page.locator('.connection[data-state="connected"]').waitFor();
    await page.context().close();
  });

  // Sixteen full axe scans: about 20 s alone, several times that on a busy machine.
  it('has no serious or critical accessibility violations (axe), light and dark', { timeout: 240_000 }, async () => {
    const page = await openConsole();
    await page.getByTestId('language-menu').selectOption('en');
    const serious = async (where: string) => {
      const result = await new AxeBuilder({ page }).analyze();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    };
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.keyboard.press('Alt+5');
      await page.getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' }).check();
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
      for (const [key, view] of [['Alt+0', 'home'], ['Alt+1', 'customer'], ['Alt+2', 'search'], ['Alt+3', 'escalations'], ['Alt+4', 'team'], ['Alt+6', 'callbacks'], ['Alt+7', 'carts'], ['Alt+5', 'settings']] as const) {
        await page.keyboard.press(key);
        await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe(view);
        found.push(...(await serious(`${view}/${theme}`)));
      }
      await page.keyboard.press('?');
      await page.getByRole('dialog').waitFor();
      found.push(...(await serious(`shortcuts/${theme}`)));
      await page.keyboard.press('Escape');
    }
    expect(found).toEqual([]);
    await page.context().close();
  });
});
