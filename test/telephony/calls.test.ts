import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/web-shell-process.ts';
import { expectAudioBothWays } from './audio.ts';
import { mediaOf, startConsoleWorld, waitForCall, waitRegistered, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// A customer's phone (baresip) calls the agent's console through Kamailio and rtpengine: the
// console rings, the agent answers, Opus audio goes both ways (each end decodes the other's
// audio above silence, see audio.ts), hold and resume change the media
// direction, DTMF digits reach the phone, and either side can hang up. Every call is logged.

let world: ConsoleWorld;
let agent: AgentConsole;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  agent = world.consoles[0] as AgentConsole;
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

describe('an inbound call from the customer', () => {
  it('rings, is answered with audio both ways, holds, resumes, sends DTMF and is hung up by the agent', async () => {
    const { page } = agent;
    const { baresip } = world.rig;
    const since = Date.now();
    await baresip.dial(`sip:${agent.sip.user}@${world.rig.sip.domain}`);

    // Rings in the UI and as an OS notification, before anyone answers.
    await page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    const ringing = await waitForCall(agent, (call) => call.state === 'ringing');
    expect(ringing.direction).toBe('inbound');
    expect(ringing.remoteNumber).toBe(world.rig.users.customer.user);
    await expect.poll(async () => (await agent.notifications()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: shot('phone-ringing-en') });

    await page.getByTestId('call-answer').click();
    await page.locator('[data-testid="call-panel"][data-call-state="active"]').waitFor({ timeout: 10_000 });
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);

    await expectAudioBothWays(page, ringing.id, { phone: baresip });
    await page.screenshot({ path: shot('phone-active-en') });
    // The same call in Dutch and Polish (the language switches live, the call goes on).
    for (const language of ['nl', 'pl'] as const) {
      await agent.socket.request('settings.set', { language });
      await page.locator(`html[lang="${language}"]`).waitFor();
      await page.screenshot({ path: shot(`phone-active-${language}`) });
    }
    await agent.socket.request('settings.set', { language: 'en' });

    // Hold: our side offers sendonly (the customer can still hear music on hold), then resume.
    await page.getByTestId('call-hold').click();
    await page.locator('[data-testid="call-panel"][data-held="true"]').waitFor();
    await expect.poll(async () => (await mediaOf(page, ringing.id))?.currentDirection, { timeout: 5_000 }).toBe('sendonly');
    await page.getByTestId('call-hold').click();
    await page.locator('[data-testid="call-panel"][data-held="false"]').waitFor();
    await expect.poll(async () => (await mediaOf(page, ringing.id))?.currentDirection, { timeout: 5_000 }).toBe('sendrecv');
    // baresip 1.0 records nothing it receives after a hold (audio.ts), hence heldBefore.
    await expectAudioBothWays(page, ringing.id, { phone: baresip, heldBefore: true });

    // DTMF (RFC 4733) from the keypad reaches the customer's phone.
    const dtmfSince = Date.now();
    await page.getByTestId('call-keypad-toggle').click();
    for (const digit of ['4', '2', '#']) {
      await page.getByTestId(`dtmf-${digit}`).click();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await expect.poll(() => baresip.receivedDtmf(dtmfSince), { timeout: 5_000 }).toBe('42#');

    await page.getByTestId('call-hangup').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
    const ended = await waitForCall(agent, (call) => call.id === ringing.id && call.state === 'ended');
    expect(ended.endReason).toBe('localHangup');

    // What the customer's phone received from the agent's (fake) microphone is not silence.
    const heard = await baresip.receivedAudio();
    expect(heard.seconds).toBeGreaterThan(1);
    expect(heard.rms).toBeGreaterThan(0.01); // full scale is 1: above −40 dBFS, not silence

    // The call is an interaction at the hub, sent through the outbox.
    await expect
      .poll(async () => (await world.db.query<{ ended_at: Date | null }>('select ended_at from interaction where sip_call_id = $1', [ringing.sipCallId])).length, { timeout: 15_000 })
      .toBe(1);
  });

  it('talks both ways and ends when the customer hangs up', async () => {
    const { page } = agent;
    const { baresip } = world.rig;
    const since = Date.now();
    await baresip.dial(`sip:${agent.sip.user}@${world.rig.sip.domain}`);
    const ringing = await waitForCall(agent, (call) => call.state === 'ringing');
    await page.getByTestId('call-answer').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
    await expectAudioBothWays(page, ringing.id, { phone: baresip });
    await baresip.hangup();
    const ended = await waitForCall(agent, (call) => call.id === ringing.id && call.state === 'ended', 5_000);
    expect(ended.endReason).toBe('remoteHangup');
    await expect
      .poll(async () => (await world.db.query<{ ended_at: Date | null }>('select ended_at from interaction where sip_call_id = $1', [ringing.sipCallId]))[0]?.ended_at ?? null, { timeout: 15_000 })
      .not.toBeNull();
  });
});

/** The dial pad is a toggle: open it only when it is not open already. */
async function openDialPad(): Promise<void> {
  if (!(await agent.page.getByTestId('dial-input').isVisible())) await agent.page.getByTestId('dial-pad-toggle').click();
  await agent.page.getByTestId('dial-input').waitFor();
}

describe('an outbound call', () => {
  it('dials the customer from the dial pad and talks both ways', async () => {
    const { page } = agent;
    const { baresip } = world.rig;
    const since = Date.now();
    await openDialPad();
    await page.getByTestId('dial-input').fill(world.rig.users.customer.user);
    await page.getByTestId('dial-call').click();
    const call = await waitForCall(agent, (c) => c.direction === 'outbound' && c.state === 'active');
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
    await expectAudioBothWays(page, call.id, { phone: baresip });
    await page.getByTestId('call-hangup').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
  });

  it('refuses a number that is not one, with a message, and sends nothing', async () => {
    const { page } = agent;
    await openDialPad();
    await page.getByTestId('dial-input').fill('+31 6 123');
    await page.getByTestId('dial-call').click();
    await page.getByTestId('dial-error').waitFor();
    expect(await page.getByTestId('dial-error').textContent()).toMatch(/\w/);
    expect((await agent.socket.request<{ calls: unknown[] }>('phone.status', {})).calls.filter((c) => (c as { state: string }).state !== 'ended')).toHaveLength(0);
    // main refuses it too (the UI is not the only gate).
    await expect(agent.socket.request('phone.dial', { target: 'sip-but-not-a-number' })).rejects.toThrow(/phone\.badNumber/);
    await page.keyboard.press('Escape');
  });
});

describe('a wrong SIP password', () => {
  it('says so clearly instead of pretending to be ready', async () => {
    const { page } = agent;
    await agent.socket.request('phone.account.set', {
      server: world.rig.sip.wsUrl,
      username: agent.sip.user,
      domain: world.rig.sip.domain,
      password: 'not-the-password',
      authorizationUser: '',
      displayName: '',
    });
    await page.locator('[data-testid="phone-status"][data-registration="failed"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('phone-status').textContent()).toMatch(/password/i);
    await page.screenshot({ path: shot('phone-auth-failed-en') });
    await agent.socket.request('settings.set', { language: 'de' });
    await page.keyboard.press('Alt+5');
    await page.getByTestId('phone-settings').waitFor();
    await page.getByTestId('phone-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('phone-settings-de'), fullPage: true });
    await agent.socket.request('settings.set', { language: 'en' });
    await agent.socket.request('phone.account.set', {
      server: world.rig.sip.wsUrl,
      username: agent.sip.user,
      domain: world.rig.sip.domain,
      password: agent.sip.password,
      authorizationUser: '',
      displayName: '',
    });
    await waitRegistered(page);
  });
});

describe('over WSS', () => {
  it('registers over TLS and takes a call with audio both ways', async () => {
    const { page } = agent;
    const account = { username: agent.sip.user, domain: world.rig.sip.domain, password: agent.sip.password, authorizationUser: '', displayName: '' };
    await agent.socket.request('phone.account.set', { ...account, server: world.rig.sip.wssUrl });
    // Kamailio's log names the transport each request came in on.
    await expect.poll(() => /REQ REGISTER \S+ from wss:/.test(world.rig.logs('kamailio')), { timeout: 10_000 }).toBe(true);
    await waitRegistered(page);
    const since = Date.now();
    await world.rig.baresip.dial(`sip:${agent.sip.user}@${world.rig.sip.domain}`);
    await page.getByTestId('call-answer').click({ timeout: 10_000 });
    await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
    const call = await waitForCall(agent, (c) => c.state === 'active');
    await expectAudioBothWays(page, call.id, { phone: world.rig.baresip });
    await world.rig.baresip.hangup();
    await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended');
    await agent.socket.request('phone.account.set', { ...account, server: world.rig.sip.wsUrl });
    await waitRegistered(page);
  });
});
