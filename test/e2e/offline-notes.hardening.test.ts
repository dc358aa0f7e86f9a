import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type FixtureHub, type SignedInConsole } from '../support/console-fixture.ts';
import { ROOT, type RunningWebShell } from '../support/web-shell-process.ts';
import { hardeningRow } from '../support/hardening.ts';

// The hub is gone for two minutes while the agent writes 200 notes in the console. The top bar
// says offline with the number waiting; when the hub is back every note arrives once and the
// counter falls to 0.
const HUB_DOWN_MS = Number(process.env.LOKET_E2E_HUB_DOWN_MS ?? 120_000);
const NOTES = 200;

let hub: FixtureHub;
let browser: Browser;
let agent: SignedInConsole;
let shell: RunningWebShell;

beforeAll(async () => {
  hub = await startFixtureHub();
  browser = await launchChromium();
  agent = await startSignedInConsole(hub, 'first_line');
  shell = agent.shell;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.close();
});

async function openAnna(page: Page): Promise<void> {
  await page.keyboard.press('Alt+2');
  await page.getByTestId('search-input').fill('06 12 34 56 78');
  await page.getByTestId('search-hit').first().waitFor();
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('note-input').waitFor();
}

describe('writing while the hub is down', () => {
  it(`keeps ${NOTES} notes through ${HUB_DOWN_MS / 1000} s without the hub and delivers each once`, async (ctx) => {
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
    await page.goto(shell.url);
    const status = page.getByTestId('sync-status');
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    await openAnna(page);

    await hub.hub.close();
    const downSince = Date.now();

    const input = page.getByTestId('note-input');
    for (let i = 0; i < NOTES; i++) {
      await input.fill(`offline note ${i} written while the hub was down`);
      await page.getByTestId('note-add').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="note-input"]') as HTMLTextAreaElement | null)?.value === '');
    }
    await page.locator(`[data-testid="sync-status"][data-pending="${NOTES}"]`).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="sync-status"][data-connection="offline"]').waitFor({ timeout: 60_000 });
    // The history reloads after each note; wait for the last reload to show them as not yet sent.
    await page.locator('[data-testid="timeline-entry"][data-pending="true"]', { hasText: `offline note ${NOTES - 1} ` }).waitFor({ timeout: 15_000 });
    // The history is virtualised: the rows in the page are the newest ones, all notes not sent yet.
    const shown = await page.locator('[data-testid="timeline-entry"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-pending')));
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.every((pending) => pending === 'true')).toBe(true);
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'offline-pending-en.png') });

    await new Promise((r) => setTimeout(r, Math.max(0, HUB_DOWN_MS - (Date.now() - downSince))));
    await hub.restart();
    const backAt = Date.now();

    await page.locator('[data-testid="sync-status"][data-pending="0"]').waitFor({ timeout: 90_000 });
    expect(await status.getAttribute('data-connection')).toBe('online');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'offline-delivered-en.png') });

    const rows = await hub.db.query<{ note: string; n: number }>(
      `select note, count(*)::int as n from interaction where note like 'offline note % written while the hub was down' group by note`,
    );
    expect(rows).toHaveLength(NOTES);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    hardeningRow(ctx, {
      case: 'hub outage',
      fault: `hub stopped ${HUB_DOWN_MS / 1000} s while ${NOTES} notes are typed`,
      result: `${NOTES} kept as pending, each delivered once`,
      figure: `all delivered ${((Date.now() - backAt) / 1000).toFixed(1)} s after the hub was back`,
    });
  }, HUB_DOWN_MS + 240_000);
});
