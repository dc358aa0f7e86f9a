import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotPath, signedInConsoleWorld } from '../support/console-fixture.ts';

// Settings → About names the console's log file, which the web shell really writes (redacted) in
// its data folder, and copies its location; screenshots in English and German.

const world = signedInConsoleWorld('first_line');

describe('Settings → About', () => {
  it('shows the version, the shell and the log file it writes, and copies its location', async () => {
    const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await page.goto(world.agent.shell.url);
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Alt+5');
    const about = page.getByTestId('about');
    await about.waitFor();

    const logFile = path.join(world.agent.dataDir, 'logs', 'loket.log');
    await expect.poll(() => page.getByTestId('about-log-file').textContent()).toBe(logFile);
    await expect.poll(() => about.textContent()).toContain('Web shell in the browser');
    // The file is real and written from the start; no address or phone number in it.
    const text = await readFile(logFile, 'utf8');
    expect(text).toMatch(/^\S+Z (INFO|WARN|ERROR) \[/m);
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    expect(text).not.toContain(world.hub.fixture.agents.first_line.email);

    await page.getByTestId('about-copy-log').click();
    await page.getByTestId('about-copy-result').filter({ hasText: 'Location copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(logFile);
    await about.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('settings-about-en') });

    await page.getByTestId('settings-language').selectOption('de');
    await page.getByTestId('about').filter({ hasText: 'Über Loket' }).waitFor();
    await expect.poll(() => page.getByTestId('about').textContent()).toContain('Protokolldatei');
    await page.getByTestId('about').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('settings-about-de') });
    await page.getByTestId('settings-language').selectOption('en');
    await context.close();
  });
});
