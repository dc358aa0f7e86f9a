import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { TimelinePage } from '../../common/contract/data.ts';
import type { DirectoryResponse, EscalationDetail, EscalationInbox, EscalationItem, EscalationSla } from '../../common/contract/escalations.ts';
import type { Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// Main's escalation desk against a real hub (PGlite): the inbox, claim, reply, hand back and
// resolve as two consoles see them, the directory and the SLA setting, the hub's wall around
// other agents' escalations, and "the inbox needs the hub" when it is gone.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(() => consoles.disposeAll());

const consoleFor = (role: keyof Fixture['agents']): Promise<Services> => consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

async function escalate(services: Services, fields: Partial<{ queue: string; assignTo: string | null; priority: string; orderId: string | null; summary: string }> = {}): Promise<string> {
  const id = uuidv7();
  await request(services, 'escalations.create', {
    id,
    customerId: fixture.customers.anna.id,
    interactionId: null,
    queue: 'expert',
    summary: 'Which protein powder is safe with a nut allergy?',
    ...fields,
  });
  return id;
}

describe('the escalation desk', () => {
  it('carries an escalation from the first line to the expert and back: queue, claim, reply (on the customer’s timeline), resolve', async () => {
    const firstLine = await consoleFor('first_line');
    const expert = await consoleFor('expert');
    const id = await escalate(firstLine, { priority: 'high' });

    // Nobody of the queue is available: it waits, unassigned, in the expert's queue.
    const queued = await until('the escalation in the expert’s queue', async () =>
      (await request<EscalationInbox>(expert, 'escalations.inbox', {})).escalations.find((item) => item.id === id),
    );
    expect(queued).toMatchObject({ box: 'queue', status: 'open', priority: 'high', assignedTo: null, customerName: 'Anna de Vries' });
    const sla = await request<EscalationSla>(expert, 'escalations.sla', {});
    expect(Date.parse(queued.slaDueAt ?? '') - Date.parse(queued.createdAt)).toBe(sla.high * 60_000);
    const mine = await request<EscalationInbox>(firstLine, 'escalations.inbox', {});
    expect(mine.escalations.find((item) => item.id === id)?.box).toBe('created');

    const claimed = await request<EscalationItem>(expert, 'escalations.claim', { id });
    expect(claimed).toMatchObject({ status: 'claimed', box: 'mine', assignedTo: { id: fixture.agents.expert.id } });
    expect((await request<EscalationInbox>(expert, 'escalations.inbox', {})).counts).toMatchObject({ mine: 1 });

    // The same reply id twice (an answer lost on the way) stores one reply.
    const replyId = uuidv7();
    const text = 'Take the pea protein; the whey one is made on a line that also handles nuts.';
    await request(expert, 'escalations.reply', { id, replyId, text });
    const replied = await request<EscalationDetail>(expert, 'escalations.reply', { id, replyId, text });
    expect(replied.thread.map((entry) => entry.text)).toEqual([text]);
    expect((await request<EscalationDetail>(firstLine, 'escalations.get', { id })).thread).toMatchObject([{ authorId: fixture.agents.expert.id, text }]);
    // The reply is a note in the customer's history: the first line's console syncs it in.
    await until('the reply on the first line’s timeline', async () => {
      const page = await request<TimelinePage>(firstLine, 'customers.timeline', { customerId: fixture.customers.anna.id, limit: 50 });
      return page.items.some((entry) => JSON.stringify(entry).includes('pea protein'));
    });

    const resolved = await request<EscalationDetail>(expert, 'escalations.resolve', { id, outcome: 'solved', resolution: 'Advised pea protein' });
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'solved', resolution: 'Advised pea protein' });
    expect((await request<EscalationInbox>(firstLine, 'escalations.inbox', {})).escalations.find((item) => item.id === id)?.status).toBe('resolved');
  });

  it('sends one to a named colleague picked from the directory, who can hand it back to the queue', async () => {
    const firstLine = await consoleFor('first_line');
    const secondLine = await consoleFor('second_line');
    const directory = await request<DirectoryResponse>(firstLine, 'directory.list', {});
    const colleague = directory.colleagues.find((entry) => entry.role === 'second_line');
    expect(colleague).toMatchObject({ id: fixture.agents.second_line.id, office: { code: 'ams' } });
    expect(directory.colleagues.some((entry) => entry.id === fixture.agents.first_line.id)).toBe(false);

    const id = await escalate(firstLine, { queue: 'second_line', assignTo: colleague?.id ?? null, summary: 'Refund promised twice' });
    const assigned = await until('the escalation assigned to the colleague', async () =>
      (await request<EscalationInbox>(secondLine, 'escalations.inbox', {})).escalations.find((item) => item.id === id),
    );
    expect(assigned).toMatchObject({ box: 'mine', assignedTo: { id: fixture.agents.second_line.id } });

    const handedBack = await request<EscalationDetail>(secondLine, 'escalations.handBack', { id, note: 'Needs a lead' });
    expect(handedBack).toMatchObject({ status: 'open', assignedTo: null, box: 'queue' });
  });

  it('keeps other agents’ escalations behind the hub’s wall: the overflow agent is refused one it did not raise', async () => {
    const firstLine = await consoleFor('first_line');
    const overflow = await consoleFor('overflow');
    const id = await escalate(firstLine);
    await until('the escalation at the hub', async () => (await request<EscalationInbox>(firstLine, 'escalations.inbox', {})).escalations.some((item) => item.id === id));
    const refused = await refusal(request(overflow, 'escalations.get', { id }));
    expect(refused.code).toBe('hub.refused');
    expect(refused.message).toContain('auth.forbidden');
    expect((await request<EscalationInbox>(overflow, 'escalations.inbox', {})).escalations.some((item) => item.id === id)).toBe(false);
    expect((await refusal(request(overflow, 'escalations.claim', { id }))).code).toBe('hub.refused');
  });

  it('says the inbox needs the hub when the hub cannot be reached', async () => {
    const expert = await consoleFor('expert');
    const port = Number(new URL(hub.url).port);
    await hub.close();
    try {
      expect((await refusal(request(expert, 'escalations.inbox', {}))).code).toBe('hub.unreachable');
      expect((await refusal(request(expert, 'directory.list', {}))).code).toBe('hub.unreachable');
    } finally {
      hub = await startHub(db, { port });
    }
  });
});
