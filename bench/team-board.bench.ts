import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { distPaths } from '../main/app-root.ts';
import { createServices, type Services } from '../main/services.ts';
import { buildAll } from '../main/shell/build.ts';
import { startWebShell, type WebShell } from '../main/shell/web/server.ts';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedBoardDay } from '../test/support/board-data.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../test/support/hub-fixture.ts';
import { ROOT } from '../test/support/web-shell-process.ts';
import { defineSuite } from './harness.ts';
import { until } from './screen-pop-hub.ts';

// The team lead's board and peak mode, with a hub (PGlite, in this process) holding 50 agents
// and 500 open escalations, and two consoles (main in this process behind the web shell, pages in
// Chromium): the team lead's and an overflow agent's.
// - Peak mode: the lead's console switches it (a `peakMode.set` request to its main, as the
//   switch's button sends) → the overflow agent's page has painted the banner with that round's
//   note (a MutationObserver, then the frame it is in: requestAnimationFrame and a task after it).
// - Board first render: Alt+4 pressed on the lead's page (from Home) → the board with both
//   charts drawn and painted, timed inside the page.

const AGENTS = 50;
const OPEN_ESCALATIONS = 500;

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let browser: Browser;
const consoles: { services: Services; shell: WebShell; page: Page; dir: string }[] = [];
let round = 0;

async function openConsole(email: string): Promise<(typeof consoles)[number]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loket-bench-board-'));
  const services = await createServices({ shell: 'web', version: 'bench', dataDir: dir, osLocale: 'en', development: false, hub: { method: 'password', url: hub.url, email, password: PASSWORD } });
  await until(() => services.hub.status().state === 'signedIn' && services.data.status().lastSyncedAt !== null, 60_000, `${email} signed in and synced`);
  const shell = await startWebShell({ services, rendererDir: distPaths(ROOT).renderer, port: 0 });
  const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1440, height: 1000 } })).newPage();
  page.on('pageerror', (error) => console.error('[bench] page error', error.message));
  await page.goto(shell.url);
  await page.locator('.connection[data-state="connected"]').waitFor({ timeout: 30_000 });
  const opened = { services, shell, page, dir };
  consoles.push(opened);
  return opened;
}

// Page scripts as source text: the bundler's helpers (e.g. __name) do not exist in the page.
/** In the page: resolves with Date.now() once the banner with `note` in it is painted. */
const bannerPainted = (note: string) => `new Promise((resolve) => {
  const found = () => [...document.querySelectorAll('[data-testid="peak-mode-banner"]')].some((element) => element.textContent.includes(${JSON.stringify(note)}));
  const done = () => requestAnimationFrame(() => setTimeout(() => resolve(Date.now())));
  if (found()) return done();
  const observer = new MutationObserver(() => {
    if (!found()) return;
    observer.disconnect();
    done();
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})`;

/** In the page: from Alt+4 to both board charts drawn (data-drawn) and painted, in ms. */
const BOARD_RENDER = `new Promise((resolve) => {
  const drawn = () => document.querySelectorAll('.board-chart__canvas[data-drawn="true"] canvas').length >= 2;
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
  window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code: 'Digit4', key: '4', bubbles: true }));
})`;

export default defineSuite({
  name: 'team board',
  async setup() {
    await buildAll(ROOT);
    db = await openPglite();
    await migrate(db);
    fixture = await seedFixture(db);
    // The fixture has one agent per role (6): 44 more make the 50.
    const day = await seedBoardDay(db, { agents: AGENTS - 6, openEscalations: OPEN_ESCALATIONS });
    hub = await startHub(db);
    browser = await launchChromium();
    await openConsole(fixture.agents.team_lead.email);
    await openConsole(fixture.agents.overflow.email);
    // The answer is right before it is timed: the board holds every agent and every open escalation.
    const board = await consoles[0]!.services.dispatcher.dispatch('board.get', {}, { shell: 'web', sender: 'bench' });
    const value = (board as { ok: boolean; value?: { agents: unknown[]; escalationsWaiting: { waiting: number }[] } }).value;
    const waiting = value?.escalationsWaiting.reduce((sum, row) => sum + row.waiting, 0);
    if (value?.agents.length !== AGENTS || waiting !== OPEN_ESCALATIONS) throw new Error(`the board shows ${value?.agents.length} agents and ${waiting} open escalations`);
    console.log(`    hub on PGlite with ${AGENTS} agents, ${OPEN_ESCALATIONS} open escalations (${JSON.stringify(day.waiting)})`);
  },
  cases: [
    {
      name: 'peak mode switched on one console → banner painted on another',
      iterations: 20,
      warmup: 2,
      target: { p95Ms: 1_000 },
      async run() {
        const [lead, agent] = consoles;
        if (!lead || !agent) throw new Error('no consoles');
        const note = `Round ${++round} ${Date.now()}`;
        const painted = agent.page.evaluate<number>(bannerPainted(note));
        const sent = Date.now();
        const answer = await lead.services.dispatcher.dispatch('peakMode.set', { enabled: true, preset: round % 2 ? 'chat_off' : 'all_hands_phone', note }, { shell: 'web', sender: 'bench' });
        if (!(answer as { ok: boolean }).ok) throw new Error(`peakMode.set failed: ${JSON.stringify(answer)}`);
        return [(await painted) - sent];
      },
    },
    {
      name: `board first render, ${AGENTS} agents and ${OPEN_ESCALATIONS} open escalations (Alt+4 → both charts painted)`,
      iterations: 20,
      warmup: 2,
      target: { p95Ms: 300 },
      async run() {
        const page = consoles[0]!.page;
        // From Home, with the board gone, so each round mounts it anew.
        await page.keyboard.press('Alt+0');
        await page.waitForFunction(() => !document.querySelector('[data-testid="board"]'), undefined, { polling: 'raf', timeout: 10_000 });
        const ms = await page.evaluate<number>(BOARD_RENDER);
        const shown = await page.getByTestId('board-escalations-waiting').textContent();
        if (shown !== String(OPEN_ESCALATIONS)) throw new Error(`the board shows ${shown} escalations waiting`);
        return [ms];
      },
    },
  ],
  async teardown() {
    for (const { services, shell, dir } of consoles.splice(0)) {
      await shell.close();
      await services.dispose();
      await rm(dir, { recursive: true, force: true });
    }
    await browser?.close();
    await hub?.close();
    await db?.close();
  },
});
