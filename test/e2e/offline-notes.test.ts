import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { launchChromium } from '../support/chromium.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from '../support/web-shell-process.ts';

// The hub is gone for two minutes while the agent writes 200 notes in the console. The top bar
// says offline with the number waiting; when the hub is back every note arrives once and the
// counter falls to 0.
const HUB_DOWN_MS = Number(process.env.LOKET_E2E_HUB_DOWN_MS ?? 120_000);
const NOTES = 200;

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let browser: Browser;
let shell: RunningWebShell;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  browser = await launchChromium();
  const data = await tempDir();
  cleanup = data.cleanup;
  shell = await startWebShellProcess({
    LOKET_DATA_DIR: data.dir,
    LOKET_HUB_URL: hub.url,
    LOKET_HUB_EMAIL: fixture.agents.first_line.email,
    LOKET_HUB_PASSWORD: PASSWORD,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await hub?.close();
  await db?.close();
  await cleanup?.();
});

async function openAnna(page: Page): Promise<void> {
  await page.keyboard.press('Alt+2');
  await page.getByTestId('search-input').fill('06 12 34 56 78');
  await page.getByTestId('search-hit').first().waitFor();
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('note-input').waitFor();
}

describe('writing while the hub is down', () => {
  it(`keeps ${NOTES} notes through ${HUB_DOWN_MS / 1000} s without the hub and delivers each once`, async () => {
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
    await page.goto(shell.url);
    const status = page.getByTestId('sync-status');
    await page.locator('[data-testid="sync-status"][data-connection="online"]').waitFor({ timeout: 30_000 });
    await openAnna(page);

    const port = Number(new URL(hub.url).port);
    await hub.close();
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
    await page.locator('[data-testid="timeline-entry"][data-pending="true"]').nth(Math.min(NOTES, 50) - 1).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'offline-pending-en.png') });

    await new Promise((r) => setTimeout(r, Math.max(0, HUB_DOWN_MS - (Date.now() - downSince))));
    hub = await startHub(db, { port });

    await page.locator('[data-testid="sync-status"][data-pending="0"]').waitFor({ timeout: 90_000 });
    expect(await status.getAttribute('data-connection')).toBe('online');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'offline-delivered-en.png') });

    const rows = await db.query<{ note: string; n: number }>(
      `select note, count(*)::int as n from interaction where note like 'offline note % written while the hub was down' group by note`,
    );
    expect(rows).toHaveLength(NOTES);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  }, HUB_DOWN_MS + 240_000);
});
