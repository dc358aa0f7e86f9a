import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessStatus } from '../../common/contract/access.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { launchChromium } from '../support/chromium.ts';
import { startFixtureHub, type FixtureHub } from '../support/console-fixture.ts';
import { connectContract, type ContractSocket } from '../support/contract-socket.ts';
import {
  consoleContext,
  createOverflowEnrollment,
  listFiles,
  pageUrlWithLink,
  startFreshConsole,
  type FreshConsole,
  type OverflowEnrollment,
} from '../support/overflow-enrollment.ts';
import { shownNotifications } from '../support/notification-recorder.ts';
import { ROOT } from '../support/web-shell-process.ts';
import { waitRegistered, type PhoneCall } from './console-world.ts';

// An overflow agent's first day on the real rig, end to end: a team lead makes an enrollment on
// the hub with a rig subscriber as the agent's SIP account; a console that has never seen a hub
// opens the link (the web shell's `?link=`), shows "ready" and needs one confirm; it registers on
// Kamailio and rings with a Web Notification when the customer's phone (baresip) calls; a `tel:`
// link fills the dial pad without dialling; the lead ends the access during the call, and the
// console waits for the hang-up before it wipes its cache and secrets and says why.

interface AccessTexts {
  ready: { title: string };
  ending: { waiting: string };
  ended: { reason: { expired: string } };
}
const accessTexts = (language: string) => JSON.parse(readFileSync(path.join(ROOT, `locales/${language}/access.json`), 'utf8')) as AccessTexts;
/** What the page says in English (the test's browser locale) and in German (screenshots in a second language). */
const ACCESS_EN = accessTexts('en');
const ACCESS_DE = accessTexts('de');

/** The subscriber the hub hands the new agent: nobody else registers it. */
const OVERFLOW_SIP = { user: '1104', password: 'pw1104' };

let rig: Rig;
let hub: FixtureHub;
let browser: Browser;
let fresh: FreshConsole;
let socket: ContractSocket;
let page: Page;
let enrollment: OverflowEnrollment;
let leadToken: string;
let answeredCall: PhoneCall;

/** What main hands the web shell's page to show as a Web Notification (`notifications.show`). */
interface MainNotice {
  id: string;
  title: string;
  body: string;
  urgent: boolean;
  actions: { action: string; title: string }[];
}

const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);
const cacheFiles = () => ['loket-cache.db', 'loket-cache.db-wal', 'loket-cache.db-shm'].map((file) => path.join(fresh.dataDir, 'cache', file));
const accessStatus = () => socket.request<AccessStatus>('access.status', {});
const phoneCalls = async () => (await socket.request<{ calls: PhoneCall[] }>('phone.status', {})).calls;
/** Every call main announced on `phone.changed` since the socket connected, by id. */
const callsSeen = () => {
  const seen = new Map<string, PhoneCall>();
  for (const event of socket.events) if (event.name === 'phone.changed') for (const call of (event.payload as { calls: PhoneCall[] }).calls) seen.set(call.id, call);
  return [...seen.values()];
};

/** Runs `look` with the console in German, then back to the browser's language. */
async function inGerman(look: () => Promise<void>): Promise<void> {
  await socket.request('settings.set', { language: 'de' });
  try {
    await look();
  } finally {
    await socket.request('settings.set', { language: 'system' });
  }
}

beforeAll(async () => {
  rig = await startRig({ extraUsers: [OVERFLOW_SIP] });
  hub = await startFixtureHub();
  browser = await launchChromium({ webrtc: true });
  leadToken = await hub.hub.login(hub.fixture.agents.team_lead.email);
  fresh = await startFreshConsole({ NODE_EXTRA_CA_CERTS: rig.certPath });
  socket = await connectContract(fresh.shell);
  const context = await consoleContext(browser, fresh.shell);
  page = await context.newPage();
  if (process.env.LOKET_TEST_SHELL_LOG === '1') page.on('console', (message) => console.log(`[page] ${message.text()}`));
}, 180_000);

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await fresh?.stop();
  await hub?.close();
  await rig?.stop();
});

describe("an overflow agent's day one, from the lead's link to the wipe", () => {
  it('a console with no hub opens the link, shows ready, and after one confirm is registered on Kamailio', async () => {
    expect((await accessStatus()).state).toBe('none');
    enrollment = await createOverflowEnrollment(hub.hub, leadToken, {
      officeId: hub.fixture.officeId,
      displayName: 'Lena Hoffmann',
      sip: { server: rig.sip.wsUrl, domain: rig.sip.domain, user: OVERFLOW_SIP.user, password: OVERFLOW_SIP.password },
    });
    expect(enrollment.link).toMatch(/^loket:\/\/enroll\?/);

    // The person's first step: open the link.
    await page.goto(pageUrlWithLink(fresh.shell, enrollment.link));
    const ready = page.getByTestId('access-ready');
    await ready.waitFor({ timeout: 60_000 });
    expect(await ready.textContent()).toContain('Lena Hoffmann');
    // The page has taken the link out of its address.
    expect(new URL(page.url()).searchParams.has('link')).toBe(false);
    const status = await accessStatus();
    expect(status).toMatchObject({ state: 'ready', agentName: 'Lena Hoffmann', phone: 'registered' });
    expect(status.state === 'ready' && status.accessEndsAt !== null && Date.parse(status.accessEndsAt)).toBe(Date.parse(enrollment.accessExpiresAt));
    expect((await rig.contacts(OVERFLOW_SIP.user)).length).toBeGreaterThan(0);
    await page.screenshot({ path: shot('overflow-day-one-ready-en') });
    await inGerman(async () => {
      await ready.getByText(ACCESS_DE.ready.title.replace('{{name}}', 'Lena Hoffmann')).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: shot('overflow-day-one-ready-de') });
    });

    // The person's second and last step: the one confirm.
    await page.getByTestId('access-confirm').click();
    await expect.poll(async () => (await accessStatus()).state, { timeout: 10_000 }).toBe('active');
    await waitRegistered(page);
    expect((await rig.contacts(OVERFLOW_SIP.user)).length).toBeGreaterThan(0);
  });

  it("rings with a Web Notification when the customer's phone calls, and takes the call", async () => {
    const { baresip } = rig;
    const since = Date.now();
    await baresip.dial(`sip:${OVERFLOW_SIP.user}@${rig.sip.domain}`);
    await page.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const [shown] = await shownNotifications(page);
    // The page drew main's notice (the one notification policy), urgent, with Answer and Decline.
    const notices = socket.events.filter((event) => event.name === 'notifications.show').map((event) => event.payload as MainNotice);
    const ringing = notices.find((notice) => notice.urgent && notice.title === shown?.title);
    expect(ringing, `main's notices: ${JSON.stringify(notices)}; the page showed ${JSON.stringify(shown)}`).toBeDefined();
    expect(shown?.body).toBe(ringing?.body);
    expect(`${shown?.title} ${shown?.body}`).toContain('2001');
    expect(ringing?.actions.map((action) => action.action).sort()).toEqual(['answer', 'decline']);

    await page.getByTestId('call-answer').click();
    await page.locator('[data-testid="call-panel"][data-call-state="active"]').waitFor({ timeout: 10_000 });
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 10_000, since);
    const live = (await phoneCalls()).filter((call) => call.state !== 'ended');
    expect(live).toHaveLength(1);
    answeredCall = live[0] as PhoneCall;
    expect(answeredCall.direction).toBe('inbound');
    // Answered: the ringing notice is withdrawn.
    await expect.poll(() => socket.events.some((event) => event.name === 'notifications.close' && (event.payload as { id: string }).id === ringing?.id), { timeout: 10_000 }).toBe(true);
  });

  it('a tel: link fills the dial pad with the number and dials nothing', async () => {
    const sessionsBefore = await rig.rtpengineSessions();
    const opened = await socket.request<{ ok: boolean; kind?: string }>('links.open', { url: 'tel:+31-20-555-0147' });
    expect(opened).toEqual({ ok: true, kind: 'dial' });
    const input = page.getByTestId('dial-input');
    await input.waitFor({ timeout: 10_000 });
    // Filled in whatever notation the pad shows (spaces or not), with the number the link carried.
    await expect.poll(async () => (await input.inputValue()).replace(/\s/g, ''), { timeout: 5_000 }).toBe('+31205550147');
    await page.screenshot({ path: shot('overflow-day-one-tel-link-en') });
    // Filled, not called: main has the answered call only, and no outbound call ever appeared.
    const live = (await phoneCalls()).filter((call) => call.state !== 'ended');
    expect(live.map((call) => call.id)).toEqual([answeredCall.id]);
    expect(callsSeen().filter((call) => call.direction === 'outbound')).toEqual([]);
    expect(await rig.rtpengineSessions()).toBe(sessionsBefore);
    await page.keyboard.press('Escape');
  });

  it('the lead ends access during the call: the console waits for the hang-up, then wipes its cache and secrets and says why', async () => {
    expect(cacheFiles()[0] && existsSync(cacheFiles()[0] as string)).toBe(true);
    const ended = await hub.hub.call('POST', `/overflow-agents/${enrollment.agentId}/end-access`, { token: leadToken, body: {} });
    expect(ended.status).toBe(200);

    // Locked, waiting for the agent to finish the call; nothing wiped yet.
    await expect.poll(accessStatus, { timeout: 20_000 }).toMatchObject({ state: 'ending', reason: 'expired', waitingForCall: true });
    const banner = page.locator('[data-testid="access-ending"][data-waiting="true"]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(ACCESS_EN.ending.waiting);
    await page.screenshot({ path: shot('overflow-day-one-ending-en') });
    expect(existsSync(cacheFiles()[0] as string)).toBe(true);
    expect((await phoneCalls()).find((call) => call.id === answeredCall.id)?.state).toBe('active');
    const secretsBefore = (await listFiles(fresh.dataDir)).filter((file) => file.endsWith('.secret'));
    expect(secretsBefore.length).toBeGreaterThan(0);

    // The customer hangs up: now the console signs out and wipes.
    const since = Date.now();
    await rig.baresip.hangup();
    await rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 10_000, since);
    await expect.poll(accessStatus, { timeout: 30_000 }).toMatchObject({ state: 'ended', reason: 'expired' });
    const why = page.getByTestId('access-ended').getByTestId('access-ended-reason');
    await why.waitFor({ timeout: 10_000 });
    expect(await why.getAttribute('data-reason')).toBe('expired');
    expect(await why.textContent()).toContain(ACCESS_EN.ended.reason.expired);
    await page.screenshot({ path: shot('overflow-day-one-ended-en') });
    // The language setting outlives the wipe (only what identifies the agent goes).
    await inGerman(async () => {
      await why.getByText(ACCESS_DE.ended.reason.expired).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: shot('overflow-day-one-ended-de') });
    });

    // Nothing dropped silently: what could not be sent (the call's record, refused with the
    // session) is on screen, and reported to the hub when it said so.
    const final = await accessStatus();
    if (final.state !== 'ended') throw new Error(`not ended: ${JSON.stringify(final)}`);
    expect(Number(await page.getByTestId('access-unsent').getAttribute('data-count'))).toBe(final.unsent.count);
    const reports = await hub.hub.call('GET', `/overflow-agents/${enrollment.agentId}/unsent`, { token: leadToken });
    expect(reports.status).toBe(200);
    const reported = (reports.body as { reports: { reason: string; items: unknown[] }[] }).reports;
    if (final.unsent.reported) expect(reported.map((report) => [report.reason, report.items.length])).toEqual([['expired', final.unsent.count]]);
    else expect(final.unsent.items).toHaveLength(final.unsent.count);

    const left = await listFiles(fresh.dataDir);
    for (const file of cacheFiles()) expect(left, `${path.relative(fresh.dataDir, file)} is gone`).not.toContain(path.relative(fresh.dataDir, file));
    expect(left.filter((file) => /\.secret$|\.db(-wal|-shm)?$|sip-account\.json$/.test(file)), `left in the data folder: ${left.join(', ')}`).toEqual([]);
    // What remains says why, for a restart: no customer data.
    expect(left).toContain('access-ended.json');
    // And the phone is off Kamailio.
    await expect.poll(() => rig.contacts(OVERFLOW_SIP.user), { timeout: 10_000 }).toEqual([]);
  });
});
