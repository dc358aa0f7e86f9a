import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { launchChromium } from '../support/chromium.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from '../support/web-shell-process.ts';

// What `npm start` sets up: a hub, and the console signed in to it. The top bar names the agent.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let browser: Browser;
const shells: RunningWebShell[] = [];
/** Each console's data folder, removed once its process has stopped. */
const dataCleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const shell of shells) await shell.stop();
  for (const cleanup of dataCleanups) await cleanup();
  await hub?.close();
  await db?.close();
});

async function consoleWith(env: Record<string, string>) {
  const data = await tempDir();
  dataCleanups.push(data.cleanup);
  const shell = await startWebShellProcess({ LOKET_DATA_DIR: data.dir, LOKET_PORT: '0', ...env });
  shells.push(shell);
  const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
  await page.goto(shell.url);
  return page;
}

describe('the console signed in to the hub', () => {
  it('names the signed-in agent in the top bar, in the agent’s language', async () => {
    const page = await consoleWith({ LOKET_HUB_URL: hub.url, LOKET_HUB_EMAIL: fixture.agents.first_line.email, LOKET_HUB_PASSWORD: PASSWORD });
    await page.locator('.agent-status[data-state="signedIn"]').waitFor();
    expect(await page.locator('.agent-status').textContent()).toContain('Agent first_line');
    expect(await page.locator('.agent-status').getAttribute('title')).toBe('Signed in as Agent first_line (First line)');
    await page.getByTestId('language-menu').selectOption('de');
    await expect.poll(() => page.locator('.agent-status').getAttribute('title')).toBe('Angemeldet als Agent first_line (First Level)');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'hub-signed-in-de.png') });
    await page.close();
  });

  it('says so when the hub refuses the account', async () => {
    const page = await consoleWith({ LOKET_HUB_URL: hub.url, LOKET_HUB_EMAIL: fixture.agents.first_line.email, LOKET_HUB_PASSWORD: 'wrong' });
    await page.locator('.agent-status[data-state="error"]').waitFor();
    expect(await page.locator('.agent-status span:last-child').textContent()).toBe('Hub refused the sign-in');
    expect(await page.locator('.agent-status').getAttribute('title')).toContain('auth.invalidCredentials');
    await page.close();
  });
});
