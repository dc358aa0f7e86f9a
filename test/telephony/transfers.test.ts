import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioFlows, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// Handing a customer on: blind (REFER) to a second console agent, and attended (consult the
// colleague first, then REFER with Replaces, or go back to the customer).

let world: ConsoleWorld;
let first: AgentConsole;
let second: AgentConsole;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 2 });
  [first, second] = world.consoles as [AgentConsole, AgentConsole];
}, 120_000);

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

async function endAll(): Promise<void> {
  if ((await world.rig.baresip.listCalls()).length > 0) await world.rig.baresip.hangup();
  for (const agent of world.consoles) {
    for (const call of await agent.socket.request<{ calls: PhoneCall[] }>('phone.status', {}).then((s) => s.calls)) {
      if (call.state !== 'ended') await agent.socket.request('phone.hangup', { callId: call.id }).catch(() => undefined);
    }
  }
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
    const flowing = await audioFlows(second.page, handed.id);
    expect(flowing.received).toBeGreaterThan(2_000);
    expect(flowing.sent).toBeGreaterThan(2_000);
    await endAll();
  });

  it('attended, cancelled: the consult call ends and the customer is back, off hold', async () => {
    const call = await customerCallsFirst();
    await first.page.getByTestId('call-transfer').click();
    await first.page.getByTestId('transfer-target').fill(second.sip.user);
    await first.page.getByTestId('transfer-consult').click();
    await waitForCall(first, (c) => c.id === call.id && c.held);
    await second.page.getByTestId('call-answer').click({ timeout: 10_000 });
    const consult = await waitForCall(first, (c) => c.consultFor === call.id && c.state === 'active');
    expect((await audioFlows(first.page, consult.id)).received).toBeGreaterThan(2_000);
    await first.page.getByTestId('transfer-cancel').click();
    await waitForCall(first, (c) => c.id === consult.id && c.state === 'ended');
    const back = await waitForCall(first, (c) => c.id === call.id && !c.held && c.state === 'active');
    expect(back.transfer).toBeNull();
    expect((await audioFlows(first.page, call.id)).received).toBeGreaterThan(2_000);
    await endAll();
  });

  // Completing an attended transfer sends the customer's phone a REFER whose Refer-To carries
  // Replaces (RFC 3891/5589); the console's side (REFER, NOTIFY, accepting an INVITE with
  // Replaces) is built. baresip 1.0, the rig's customer phone, has no Replaces support at all (no
  // such header in baresip or its libre), so it refuses the REFER: this case cannot be shown on
  // this rig until its customer phone understands Replaces.
  it.todo('attended, completed: the customer ends up talking with the second agent (needs a customer phone with Replaces)');
});
