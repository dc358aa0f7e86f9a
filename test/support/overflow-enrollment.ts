import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { RECORD_NOTIFICATIONS } from './notification-recorder.ts';
import type { RunningHub } from './hub-fixture.ts';
import { tempDir } from './temp-dir.ts';
import { startWebShellProcess, type RunningWebShell } from './web-shell-process.ts';

// An overflow agent's first day, as a team lead and the agent live it: the lead asks the hub for
// an enrollment (POST /enrollments/overflow), the agent opens the link it answers with on a
// console that has never seen a hub. Shared by test/telephony/overflow-day-one.test.ts and
// bench/overflow-day-one.bench.ts.

/** What the hub answers a lead's `POST /enrollments/overflow` with (common/hub/access.ts, OverflowEnrollment). */
export interface OverflowEnrollment {
  readonly agentId: string;
  readonly displayName: string;
  readonly code: string;
  readonly codeExpiresAt: string;
  readonly accessExpiresAt: string;
  readonly link: string;
}

/** A SIP subscriber of the rig the hub hands to the new agent (`sipAccount` of the request). */
export interface RigSubscriber {
  readonly server: string;
  readonly domain: string;
  readonly user: string;
  readonly password: string;
}

export interface EnrollmentRequestOptions {
  readonly officeId: string;
  readonly displayName: string;
  readonly sip: RigSubscriber;
  /** Days until the access ends (default 14). */
  readonly accessDays?: number;
  readonly languages?: readonly string[];
}

/** The lead's request through the hub's HTTP API; throws with the hub's answer unless it is 201. */
export async function createOverflowEnrollment(hub: Pick<RunningHub, 'call'>, leadToken: string, options: EnrollmentRequestOptions): Promise<OverflowEnrollment> {
  const accessExpiresAt = new Date(Date.now() + (options.accessDays ?? 14) * 86_400_000).toISOString();
  const response = await hub.call('POST', '/enrollments/overflow', {
    token: leadToken,
    body: {
      displayName: options.displayName,
      languages: options.languages ?? ['de', 'en'],
      officeId: options.officeId,
      accessExpiresAt,
      sipAccount: {
        server: options.sip.server,
        domain: options.sip.domain,
        username: options.sip.user,
        password: options.sip.password,
        authorizationUser: null,
        displayName: options.displayName,
      },
    },
  });
  if (response.status !== 201) throw new Error(`POST /enrollments/overflow: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as OverflowEnrollment;
}

export interface FreshConsole {
  readonly shell: RunningWebShell;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * A web shell on an empty data folder with no hub configured: no `LOKET_HUB_*` reaches it (set
 * empty, which main reads as "none"), so the first screen is the enrollment one.
 */
export async function startFreshConsole(env: Record<string, string> = {}): Promise<FreshConsole> {
  const { dir, cleanup } = await tempDir('loket-fresh-console-');
  let shell: RunningWebShell;
  try {
    shell = await startWebShellProcess({
      LOKET_DATA_DIR: dir,
      LOKET_HUB_URL: '',
      LOKET_HUB_EMAIL: '',
      LOKET_HUB_PASSWORD: '',
      LOKET_LOG: process.env.LOKET_TEST_SHELL_LOG === '1' ? 'info' : 'silent',
      ...env,
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    shell,
    dataDir: dir,
    stop: async () => {
      try {
        await shell.stop();
      } finally {
        await cleanup();
      }
    },
  };
}

/** The web shell's page address carrying a link (`?link=`), as the OS hands a clicked link over. */
export function pageUrlWithLink(shell: RunningWebShell, link: string): string {
  const hash = new URL(shell.url).hash;
  return `${shell.origin}/?link=${encodeURIComponent(link)}${hash}`;
}

/** A browser context for a console's page: English, notifications and the microphone allowed, notifications recorded. */
export async function consoleContext(browser: Browser, shell: RunningWebShell, locale = 'en-GB'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 720 } });
  await context.grantPermissions(['notifications', 'microphone'], { origin: shell.origin });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  return context;
}

/** Every file under `dir`, relative, sorted (what a wipe left behind). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
