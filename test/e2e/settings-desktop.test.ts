import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { screenshotPath, signedInConsoleWorld } from '../support/console-fixture.ts';

// The built console in Chromium: a tel: link handed to the web shell's page (`?link=`) fills the
// dial pad and leaves the address bar; Settings → Desktop in English and German (screenshots),
// its keyboard recorder, and no serious axe finding in the section.

const world = signedInConsoleWorld('first_line');

describe('links and Settings → Desktop in the web shell', () => {
  it('fills the dial pad from a tel: link in the address, dialling nothing', async () => {
    const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const url = new URL(world.agent.shell.url);
    url.searchParams.set('link', 'tel:+31 20 123 4567');
    await page.goto(url.toString());
    const input = page.getByTestId('dial-input');
    await input.waitFor({ timeout: 30_000 });
    await expect.poll(() => input.inputValue()).toBe('+31201234567');
    await expect.poll(() => page.evaluate(() => window.location.search)).toBe('');
    await page.screenshot({ path: screenshotPath('link-dial-pad-en') });
    await context.close();
  });

  it('shows the global shortcuts off by default, records one, and reads well in English and German', async () => {
    const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(world.agent.shell.url);
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Alt+5');
    const section = page.getByTestId('settings-desktop');
    await section.waitFor();
    await section.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('shortcuts-enabled').isChecked()).toBe(false);
    await expect.poll(() => section.textContent()).toContain('Only the desktop app can use global shortcuts.');

    await page.getByTestId('shortcut-hangUp-record').click();
    await page.keyboard.press('Control+Alt+KeyJ');
    await expect.poll(() => page.getByTestId('shortcut-hangUp-keys').textContent()).toBe('Ctrl+Alt+J');

    const axe = await new AxeBuilder({ page }).include('[data-testid="settings-desktop"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await section.screenshot({ path: screenshotPath('settings-desktop-en') });

    await page.getByTestId('settings-language').selectOption('de');
    await section.filter({ hasText: 'Globale Tastenkürzel' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: screenshotPath('settings-desktop-de') });
    await page.getByTestId('settings-language').selectOption('en');
    await context.close();
  });
});
