import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedInConsoleWorld } from '../support/console-fixture.ts';
import { ROOT } from '../support/web-shell-process.ts';

// A page that reloads in the middle of a note — the desktop app reloads a crashed renderer, the
// web shell's agent presses F5 — comes back on the same customer with the half-typed note: main
// remembered what was open (ui.remember / ui.restore, memory only) and kept the draft.

const world = signedInConsoleWorld('first_line');

describe('a page reload mid-note', () => {
  it('opens the same customer again with the note draft back in the box', async () => {
    const page = await world.browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    await page.goto(world.agent.shell.url);
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });

    // Bram, not the first search hit of an empty box: the restore must bring back this customer.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('search-input').fill('Bram Jansen');
    await page.getByTestId('search-hit').filter({ hasText: 'Bram Jansen' }).first().click();
    const header = page.getByTestId('customer-header');
    await header.waitFor();
    const customerId = await header.getAttribute('data-customer-id');
    expect(customerId).toMatch(/^[0-9a-f-]{36}$/);

    const draft = 'Called about the late parcel, promised to check with the carri';
    await page.getByTestId('note-input').fill(draft);
    // Stored by main after the typing pause: the status line says so.
    await page.getByTestId('draft-status').filter({ hasText: 'Draft saved' }).waitFor({ timeout: 15_000 });

    await page.reload();

    await page.locator(`[data-testid="customer-header"][data-customer-id="${customerId}"]`).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toBe(draft);
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'crash-restore-en.png') });
  });
});
