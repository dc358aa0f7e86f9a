import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessStatus } from '../../common/contract/access.ts';
import { phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';

// The end of access during a real call on the rig: the lead revokes the console's device while
// the agent talks to a customer. The console does not cut the call: it locks (`ending`), answers
// every new caller 486 Busy Here (Kamailio gives them busy, nothing rings), and wipes only after
// the agent hangs up.

let world: ConsoleWorld;
let agent: AgentConsole;

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 1 });
  agent = world.consoles[0] as AgentConsole;
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

const access = () => agent.socket.request<AccessStatus>('access.status', {});

async function accessUntil(predicate: (status: AccessStatus) => boolean, timeoutMs = 20_000): Promise<AccessStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const status = await access();
    if (predicate(status)) return status;
    if (Date.now() > end) throw new Error(`access status stayed ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('access ending during a call', () => {
  it('keeps the call until the hang-up, turns new callers away with 486, then wipes and says why', async () => {
    const { baresip } = world.rig;
    const { anna, bram } = world.fixture.customers;
    const address = `sip:${agent.sip.user}@${world.rig.sip.domain}`;
    expect(await access()).toMatchObject({ state: 'active' });

    // Anna calls; the agent answers.
    let since = Date.now();
    await baresip.dialFrom(anna.phone, address);
    const call = await waitForCall(agent, (c) => c.state === 'ringing' && c.remoteNumber === anna.phone);
    await agent.socket.request('phone.answer', { callId: call.id });
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 10_000, since);

    // The lead revokes the console's device mid-call.
    const [device] = await world.db.query<{ id: string }>('select id from device where agent_id = $1 and revoked_at is null order by enrolled_at desc limit 1', [
      world.fixture.agents.first_line.id,
    ]);
    const lead = await world.hub.login(world.fixture.agents.team_lead.email);
    expect((await world.hub.call('POST', `/devices/${device?.id}/revoke`, { token: lead })).status).toBe(200);
    await accessUntil((status) => status.state === 'ending' && status.waitingForCall);
    expect((await phoneCalls(agent)).find((c) => c.id === call.id)?.state).toBe('active');

    // Bram calls meanwhile: busy at once, and nothing rings on the console.
    const announced: PhoneCall[] = [];
    const before = agent.socket.events.length;
    since = Date.now();
    await baresip.dialFrom(bram.phone, address);
    const closed = await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED' && (event.param ?? '').includes('486'), 10_000, since);
    expect(closed.param ?? '').toContain('486');
    for (const event of agent.socket.events.slice(before)) if (event.name === 'phone.changed') announced.push(...(event.payload as { calls: PhoneCall[] }).calls);
    expect(announced.filter((c) => c.remoteNumber === bram.phone)).toEqual([]);
    expect(await access()).toMatchObject({ state: 'ending', waitingForCall: true });

    // The agent finishes the sentence and hangs up: now the console wipes and says why.
    await agent.socket.request('phone.hangup', { callId: call.id });
    const ended = await accessUntil((status) => status.state === 'ended', 30_000);
    expect(ended).toMatchObject({ state: 'ended', reason: 'revoked' });
    expect(await agent.socket.request<{ state: string }>('hub.status', {})).toEqual({ state: 'off' });
  });
});
