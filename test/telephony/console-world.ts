import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../../server/db/database.ts';
import { startRig, type Rig, type RigProcessName, type SipUser } from '../rig/rig.ts';
import { waitUntil } from '../rig/wait.ts';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, startSignedInConsole, type SignedInConsole } from '../support/console-fixture.ts';
import { connectContract, type ContractSocket } from '../support/contract-socket.ts';
import { RECORD_NOTIFICATIONS } from '../support/notification-recorder.ts';
import type { Fixture, RunningHub } from '../support/hub-fixture.ts';
import type { RunningWebShell } from '../support/web-shell-process.ts';
import { explainAudioFailuresWith } from './audio.ts';

// The world a telephony test runs in: the real SIP peers (Kamailio, rtpengine, baresip as the
// customer's phone), a hub on PGlite with the small fixture, and one web-shell console per agent,
// each opened in Chromium (fake microphone) and registered with its own SIP account.

export interface AgentConsole {
  readonly sip: SipUser;
  readonly shell: RunningWebShell;
  /** main's contract, spoken from Node (what the UI does, without clicking). */
  readonly socket: ContractSocket;
  readonly context: BrowserContext;
  page: Page;
  /** The page's last console warnings and errors (a failed audio check names them). */
  readonly warnings: readonly string[];
  /** Notifications the page showed (the web shell's incoming-call notification). */
  notifications(): Promise<{ title: string; body: string }[]>;
}

export interface ConsoleWorld {
  readonly rig: Rig;
  readonly db: Database;
  readonly hub: RunningHub;
  readonly fixture: Fixture;
  readonly browser: Browser;
  readonly consoles: AgentConsole[];
  stop(): Promise<void>;
}

export interface ConsoleWorldOptions {
  readonly agents: number;
  /**
   * Each console's wrap-up time (Settings → Phone). 0 unless a test is about it: during the
   * wrap-up time a console answers new calls 486 Busy Here, and the other tests call the same
   * agent again right after a call (test/telephony/wrap-up.test.ts proves the wrap-up time).
   */
  readonly wrapUpSeconds?: number;
}

export async function startConsoleWorld(options: ConsoleWorldOptions): Promise<ConsoleWorld> {
  const rig = await startRig();
  const consoles: AgentConsole[] = [];
  explainAudioFailuresWith(() => peerNotes(rig, consoles));
  const fixtureHub = await startFixtureHub();
  const browser = await launchChromium({ webrtc: true });
  const processes: SignedInConsole[] = [];
  const roles = ['first_line', 'second_line', 'expert'] as const;
  for (let index = 0; index < options.agents; index++) {
    const sip = rig.users.agents[index];
    const role = roles[index];
    if (!sip || !role) throw new Error(`the rig has no SIP user for agent ${index + 1}`);
    const started = await startSignedInConsole(fixtureHub, role, {
      env: {
        LOKET_LOG: process.env.LOKET_TEST_SHELL_LOG === '1' ? 'info' : 'silent',
        // Trust the rig's self-signed certificate for WSS, the way a company's own CA is trusted.
        NODE_EXTRA_CA_CERTS: rig.certPath,
      },
    });
    processes.push(started);
    const { shell } = started;
    const socket = await connectContract(shell);
    await socket.request('settings.set', { wrapUpSeconds: options.wrapUpSeconds ?? 0 });
    await socket.request('phone.account.set', {
      server: rig.sip.wsUrl,
      username: sip.user,
      domain: rig.sip.domain,
      password: sip.password,
      authorizationUser: '',
      displayName: `Agent ${sip.user}`,
    });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['notifications', 'microphone'], { origin: shell.origin });
    await context.addInitScript(RECORD_NOTIFICATIONS);
    const page = await context.newPage();
    const warnings = keepPageWarnings(page, sip.user);
    await page.goto(shell.url);
    const agent: AgentConsole = {
      sip,
      shell,
      socket,
      context,
      page,
      warnings,
      notifications: () => agent.page.evaluate(() => (window as unknown as { __shownNotifications: { title: string; body: string }[] }).__shownNotifications ?? []),
    };
    consoles.push(agent);
  }
  for (const agent of consoles) await waitRegistered(agent.page);
  return {
    rig,
    db: fixtureHub.db,
    hub: fixtureHub.hub,
    fixture: fixtureHub.fixture,
    browser,
    consoles,
    stop: async () => {
      explainAudioFailuresWith(null);
      for (const agent of consoles) agent.socket.close();
      for (const started of processes) await started.stop();
      await browser.close();
      await fixtureHub.close();
      await rig.stop();
    },
  };
}

const PAGE_WARNINGS_KEPT = 20;

/** The page's last console warnings and errors, kept for a failure to name (all of its console with LOKET_TEST_SHELL_LOG=1). */
export function keepPageWarnings(page: Page, user: string): readonly string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (process.env.LOKET_TEST_SHELL_LOG === '1') console.log(`[page ${user}] ${message.text()}`);
    if (message.type() !== 'warning' && message.type() !== 'error') return;
    warnings.push(`${new Date().toISOString().slice(11, 23)} ${message.text()}`);
    if (warnings.length > PAGE_WARNINGS_KEPT) warnings.shift();
  });
  return warnings;
}

/**
 * The media peers' view after a failed audio check: a summary first (a run's failure recap shows
 * an error's first lines), then the pages' warnings, Kamailio's routing of the calls (which
 * branches, which rtpengine flags) and the last lines rtpengine and baresip logged.
 */
async function peerNotes(rig: Rig, consoles: readonly AgentConsole[]): Promise<string> {
  const lines = (name: RigProcessName) =>
    rig
      .logs(name)
      .split(/[\r\n]+/)
      // baresip rewrites a status line in place ("[0:00:07] audio=...") many times a second.
      .filter((line) => line.trim() !== '' && !/^\s*\[\d+:\d\d:\d\d\]\s+audio=/.test(line));
  const answer = <T>(promise: Promise<T>) => promise.catch((error: unknown) => `(no answer: ${String(error)})`);
  const [calls, audioDebug, sessions] = await Promise.all([answer(rig.baresip.listCalls()), answer(rig.baresip.command('audio_debug')), answer(rig.rtpengineSessions())]);
  const rtpengine = lines('rtpengine');
  const complaints = rtpengine.filter((line) => /\b(ERR|WARNING|CRIT)\b/.test(line)).slice(-3);
  return [
    `baresip calls ${JSON.stringify(calls)}; rtpengine sessions ${sessions}`,
    `baresip audio_debug: ${String(audioDebug).replace(/\s+/g, ' ').slice(0, 400)}`,
    `rtpengine complaints: ${complaints.length > 0 ? complaints.join(' | ') : 'none'}`,
    ...consoles.map((agent) => `--- page of agent ${agent.sip.user}, last warnings ---\n${agent.warnings.join('\n') || '(none)'}`),
    `--- kamailio, calls routed ---\n${lines('kamailio')
      .filter((line) => /REQ INVITE|REPLY \d+ .* for INVITE|BRANCH INVITE|rtpengine (offer|answer)/.test(line))
      .slice(-20)
      .join('\n')}`,
    `--- rtpengine, last lines ---\n${rtpengine.slice(-40).join('\n')}`,
    `--- baresip, last lines ---\n${lines('baresip').slice(-25).join('\n')}`,
  ].join('\n');
}

export async function waitRegistered(page: Page, timeout = 20_000): Promise<void> {
  await page.locator('[data-testid="phone-status"][data-registration="registered"]').waitFor({ timeout });
}

/** A codec in use, from the page's getStats (renderer/media/stats.ts, CodecInUse). */
export interface PageCodec {
  mimeType: string;
  clockRate: number | null;
  channels: number | null;
  sdpFmtpLine: string | null;
}

/** The media figures of a call in the page's engine (see renderer/media: window.__loketMedia). */
export interface MediaFigures {
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  direction: string | null;
  currentDirection: string | null;
  /** The peer connection's ICE + DTLS state ('connected': media can flow) and its ICE state alone. */
  connectionState: string;
  iceConnectionState: string;
  signalingState: string;
  iceGatheringState: string;
  /** a=candidate lines in the local and the remote description. */
  localCandidates: number;
  remoteCandidates: number;
  /** inbound-rtp totalAudioEnergy and totalSamplesDuration: the decoded level (test/telephony/audio.ts). */
  audioEnergy: number;
  samplesDuration: number;
  /** media-source: the microphone track the page sends. */
  microphone: { audioEnergy: number; samplesDuration: number } | null;
  receiveCodec: PageCodec | null;
  sendCodec: PageCodec | null;
}

export async function mediaOf(page: Page, callId: string): Promise<MediaFigures | null> {
  return page.evaluate(async (id) => {
    const media = (window as unknown as { __loketMedia?: { stats(callId: string): Promise<MediaFigures | null> } }).__loketMedia;
    return media ? media.stats(id) : null;
  }, callId);
}

export interface PhoneCall {
  id: string;
  state: string;
  direction: string;
  held: boolean;
  muted: boolean;
  recovering: boolean;
  remoteNumber: string;
  endReason: string | null;
  consultFor: string | null;
  sipCallId: string;
  transfers: number;
  transfer: { kind: string; state: string } | null;
}

export async function phoneCalls(agent: AgentConsole): Promise<PhoneCall[]> {
  const status = await agent.socket.request<{ calls: PhoneCall[] }>('phone.status', {});
  return status.calls;
}

/** Who main says is calling on a call (`calls.callers`: matches and the linked customer), if it knows. */
export async function callerOf(agent: AgentConsole, callId: string): Promise<{ matches: { id: string; name: string }[]; customerId: string | null } | undefined> {
  const { callers } = await agent.socket.request<{ callers: { callId: string; matches: { id: string; name: string }[]; customerId: string | null }[] }>('calls.callers', {});
  return callers.find((caller) => caller.callId === callId);
}

/**
 * Hangs up whatever a test left ringing or talking, on baresip and on every console, and waits
 * until no console has a call left, so one test's failure does not carry into the next.
 */
export async function endAllCalls(world: ConsoleWorld): Promise<void> {
  // baresip hangs up its current call per command (two while a transfer is followed).
  for (let attempt = 0; attempt < 4 && (await world.rig.baresip.listCalls()).length > 0; attempt++) {
    await world.rig.baresip.hangup().catch(() => undefined);
  }
  for (const agent of world.consoles) {
    for (const call of await phoneCalls(agent)) {
      if (call.state !== 'ended') await agent.socket.request('phone.hangup', { callId: call.id }).catch(() => undefined);
    }
  }
  await waitUntil(async () => (await Promise.all(world.consoles.map(phoneCalls))).flat().every((call) => call.state === 'ended'), {
    timeoutMs: 10_000,
    what: 'every console without a call',
  });
  await waitUntil(async () => (await world.rig.baresip.listCalls()).length === 0, { timeoutMs: 10_000, what: 'baresip without a call' });
}

/** Polls main's phone status until `predicate` finds a call. */
export async function waitForCall(agent: AgentConsole, predicate: (call: PhoneCall) => boolean, timeout = 10_000): Promise<PhoneCall> {
  const until = Date.now() + timeout;
  for (;;) {
    const call = (await phoneCalls(agent)).find(predicate);
    if (call) return call;
    if (Date.now() > until) throw new Error(`no matching call within ${timeout} ms: ${JSON.stringify(await phoneCalls(agent))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
