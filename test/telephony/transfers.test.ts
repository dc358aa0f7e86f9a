import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioBothWays } from './audio.ts';
import { endAllCalls, phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// Handing a customer on: blind (REFER) to a second console agent, and attended (consult the
// colleague first, then REFER with Replaces, or go back to the customer). Wherever people should
// be talking, audio must go both ways: each end decodes the other above silence (audio.ts).

let world: ConsoleWorld;
let first: AgentConsole;
let second: AgentConsole;
/** A third console playing the customer's phone where baresip cannot (Replaces). */
let customer: AgentConsole;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 3 });
  [first, second, customer] = world.consoles as [AgentConsole, AgentConsole, AgentConsole];
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

async function customerCallsFirst(): Promise<PhoneCall> {
  const since = Date.now();
  await world.rig.baresip.dial(`sip:${first.sip.user}@${world.rig.sip.domain}`);
  await first.page.getByTestId('call-answer').click({ timeout: 10_000 });
  await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
  return waitForCall(first, (c) => c.state === 'active');
}


describe('transfers', () => {
  it('blind: the customer is handed to the second agent, who talks with them', async () => {
    const call = await customerCallsFirst();
    await first.page.getByTestId('call-transfer').click();
    await first.page.getByTestId('transfer-target').fill(second.sip.user);
    await first.page.getByTestId('transfer-blind').click();
    await second.page.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    await second.page.getByTestId('call-answer').click();
    const handed = await waitForCall(second, (c) => c.state === 'active');
    const ended = await waitForCall(first, (c) => c.id === call.id && c.state === 'ended', 10_000);
    expect(ended.endReason).toBe('transferred');
    // baresip follows the REFER with a new call of its own: the meter waits for it (baresip.ts).
    await expectAudioBothWays(second.page, handed.id, { phone: world.rig.baresip });
    await endAllCalls(world);
  });

  // The customer calls from the third console here: held during the consult, baresip 1.0 would
  // record nothing more it receives (audio.ts), while a console decodes both ways throughout.
  it('attended, cancelled: the consult call ends and the customer is back, off hold, talking both ways', async () => {
    await customer.socket.request('phone.dial', { target: first.sip.user });
    await first.page.getByTestId('call-answer').click({ timeout: 10_000 });
    const call = await waitForCall(first, (c) => c.state === 'active' && c.remoteNumber === customer.sip.user);
    const customerCall = await waitForCall(customer, (c) => c.state === 'active' && c.remoteNumber === first.sip.user);
    await first.page.getByTestId('call-transfer').click();
    await first.page.getByTestId('transfer-target').fill(second.sip.user);
    await first.page.getByTestId('transfer-consult').click();
    await waitForCall(first, (c) => c.id === call.id && c.held);
    await second.page.getByTestId('call-answer').click({ timeout: 10_000 });
    const consult = await waitForCall(first, (c) => c.consultFor === call.id && c.state === 'active');
    const colleague = await waitForCall(second, (c) => c.state === 'active');
    await expectAudioBothWays(first.page, consult.id, { page: second.page, callId: colleague.id });
    await first.page.getByTestId('transfer-cancel').click();
    await waitForCall(first, (c) => c.id === consult.id && c.state === 'ended');
    const back = await waitForCall(first, (c) => c.id === call.id && !c.held && c.state === 'active');
    expect(back.transfer).toBeNull();
    await expectAudioBothWays(first.page, call.id, { page: customer.page, callId: customerCall.id });
    await endAllCalls(world);
  });

  // Completing sends the customer's phone a REFER whose Refer-To carries Replaces (RFC 3891/5589).
  // baresip 1.0, the rig's usual customer phone, has no Replaces support at all, so here the
  // customer calls from a third console (a WebRTC phone that follows REFER with Replaces).
  it('attended, completed: the customer ends up talking with the second agent', async () => {
    await customer.socket.request('phone.dial', { target: first.sip.user });
    await first.page.getByTestId('call-answer').click({ timeout: 10_000 });
    const call = await waitForCall(first, (c) => c.state === 'active' && c.remoteNumber === customer.sip.user);
    await first.page.getByTestId('call-transfer').click();
    await first.page.getByTestId('transfer-target').fill(second.sip.user);
    await first.page.getByTestId('transfer-consult').click();
    await second.page.getByTestId('call-answer').click({ timeout: 10_000 });
    await waitForCall(first, (c) => c.consultFor === call.id && c.state === 'active');
    await first.page.getByTestId('transfer-complete').click();

    const ended = await waitForCall(first, (c) => c.id === call.id && c.state === 'ended', 10_000);
    expect(ended.endReason).toBe('transferred');
    // The second agent now talks with the customer (the call that replaced the consult call)…
    const taken = await waitForCall(second, (c) => c.state === 'active' && c.remoteNumber === customer.sip.user, 10_000);
    expect(taken.transfers).toBe(1);
    // …and the customer's phone followed the transfer with a call of its own.
    const followed = await waitForCall(customer, (c) => c.state === 'active' && c.remoteNumber === second.sip.user, 10_000);
    await expectAudioBothWays(second.page, taken.id, { page: customer.page, callId: followed.id });
    // Nothing is left on the first agent's console.
    await expect.poll(async () => (await phoneCalls(first)).filter((c) => c.state !== 'ended').length, { timeout: 10_000 }).toBe(0);
    await endAllCalls(world);
  });
});
