import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../common/hub/roles.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from './hub-fixture.ts';
import { tempDir } from './temp-dir.ts';
import { launchChromium } from './chromium.ts';
import { ROOT, startWebShellProcess, type RunningWebShell } from './web-shell-process.ts';

// What most end-to-end tests start with: a hub with the small fixture, and consoles (web-shell
// processes) signed in to it as one of the fixture's agents.

export interface FixtureHub {
  readonly db: Database;
  readonly fixture: Fixture;
  /** The running hub; replaced by `restart`. */
  hub: RunningHub;
  /** Starts the hub again on the same port and database (after a test stopped it). */
  restart(): Promise<RunningHub>;
  close(): Promise<void>;
}

/** A hub on in-memory PGlite, migrated and seeded with the fixture, on a real port. */
export async function startFixtureHub(): Promise<FixtureHub> {
  const db = await openPglite();
  await migrate(db);
  const fixture = await seedFixture(db);
  const running: FixtureHub = {
    db,
    fixture,
    hub: await startHub(db),
    restart: async () => {
      running.hub = await startHub(db, { port: Number(new URL(running.hub.url).port) });
      return running.hub;
    },
    close: async () => {
      await running.hub.close();
      await db.close();
    },
  };
  return running;
}

export interface SignedInConsole {
  readonly shell: RunningWebShell;
  readonly dataDir: string;
  /** Stops the process and removes its data folder (unless the caller gave the folder). */
  stop(): Promise<void>;
}

/** A web-shell console signed in as the fixture's agent with `role`; its own data folder unless one is given. */
export async function startSignedInConsole(
  hub: FixtureHub,
  role: Role,
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<SignedInConsole> {
  const own = options.dataDir === undefined ? await tempDir() : null;
  const dataDir = options.dataDir ?? (own as { dir: string }).dir;
  let shell: RunningWebShell;
  try {
    shell = await startWebShellProcess({
      LOKET_DATA_DIR: dataDir,
      LOKET_HUB_URL: hub.hub.url,
      LOKET_HUB_EMAIL: hub.fixture.agents[role].email,
      LOKET_HUB_PASSWORD: PASSWORD,
      ...options.env,
    });
  } catch (error) {
    // The process has exited (startWebShellProcess rejects only then): nothing writes there any more.
    await own?.cleanup();
    throw error;
  }
  return {
    shell,
    dataDir,
    stop: async () => {
      try {
        await shell.stop();
      } finally {
        await own?.cleanup();
      }
    },
  };
}

export interface ConsoleWorld {
  readonly hub: FixtureHub;
  readonly browser: Browser;
  readonly agent: SignedInConsole;
}

/**
 * The usual start of an end-to-end file: the fixture hub, Chromium and one console signed in as
 * `role`, started before the file's tests and stopped after them. Read its parts inside tests
 * (they exist once `beforeAll` has run).
 */
export function signedInConsoleWorld(role: Role): ConsoleWorld {
  let hub: FixtureHub | undefined;
  let browser: Browser | undefined;
  let agent: SignedInConsole | undefined;
  beforeAll(async () => {
    hub = await startFixtureHub();
    browser = await launchChromium();
    agent = await startSignedInConsole(hub, role);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await hub?.close();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the console world is used before its beforeAll ran');
    return part;
  };
  return {
    get hub() {
      return started(hub);
    },
    get browser() {
      return started(browser);
    },
    get agent() {
      return started(agent);
    },
  };
}

/** Where end-to-end tests put the screenshots people look at. */
export const screenshotPath = (name: string): string => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);
