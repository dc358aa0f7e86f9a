import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PeakMode } from '../../common/contract/board.ts';
import type { Role } from '../../common/hub/roles.ts';
import { TeamBoard } from '../../main/board/team-board.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { inProcessClient } from '../support/in-process-client.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { until } from '../support/services-requests.ts';

// Main's board and peak-mode channels against a real hub: what a lead reads and switches, what
// the hub refuses other roles (as `hub.refused` 403, never a half-parsed board), and peak mode
// reaching another console as a live event that carries the whole new state.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into presence (agent_id, status, since) values ($1, 'available', now() - interval '3 minutes')`, [fixture.agents.expert.id]);
  await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'expert', 'open', 'Dose question', 'x1')`, [
    uuidv7(),
    fixture.customers.anna.id,
    fixture.agents.first_line.id,
  ]);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(() => consoles.disposeAll());

async function open(role: Role) {
  const services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD, synced: false });
  await until('signed in', () => services.hub.status().state === 'signedIn');
  return inProcessClient(services);
}
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('main’s team board', () => {
  it('gives a team lead the hub’s board, parsed: agents, queues, figures and peak mode', async () => {
    const lead = await open('team_lead');
    const board = await lead.request('board.get', {});
    expect(board.timezone).toBe('Europe/Amsterdam');
    expect(board.agents).toHaveLength(6);
    expect(board.agents.find((agent) => agent.id === fixture.agents.expert.id)?.status).toBe('available');
    expect(board.escalationsWaiting.find((row) => row.queue === 'expert')?.waiting).toBe(1);
    expect(board.contactsPerHour.today).toHaveLength(24);
    expect(board.peakMode.enabled).toBe(false);
  });

  it('passes on the hub’s refusal to first-line and overflow agents, for the board and the switch', async () => {
    for (const role of ['first_line', 'overflow'] as const) {
      const agent = await open(role);
      expect(await refusal(agent.request('board.get', {}))).toMatchObject({ code: 'hub.refused', params: { status: 403 } });
      expect(await refusal(agent.request('peakMode.set', { enabled: true, preset: 'chat_off' }))).toMatchObject({ code: 'hub.refused', params: { status: 403 } });
      // Everyone may read peak mode: the banner is on every console.
      expect((await agent.request('peakMode.get', {})).enabled).toBe(false);
    }
  });

  it('rejects a note longer than 500 characters before it reaches the hub', async () => {
    const lead = await open('team_lead');
    expect(await refusal(lead.request('peakMode.set', { enabled: true, note: 'x'.repeat(501) }))).toMatchObject({ code: 'request.invalid' });
  });

  it('switches peak mode for the team: another console hears the whole new state as a live event', async () => {
    const lead = await open('team_lead');
    const overflow = await consoles.open({ url: hub.url, email: fixture.agents.overflow.email, password: PASSWORD, synced: true });
    const heard: PeakMode[] = [];
    inProcessClient(overflow).on('hub.live', ({ kind, payload }) => {
      if (kind === 'peak_mode.changed') heard.push(PeakMode.parse(payload));
    });
    const on = await lead.request('peakMode.set', { enabled: true, preset: 'all_hands_phone', note: 'Black Friday' });
    expect(on).toMatchObject({ enabled: true, preset: 'all_hands_phone', note: 'Black Friday', byName: 'Agent team_lead' });
    expect(on.channels).toEqual({ phone: true, chat: false, email: false, callbackRequests: true });
    await expect.poll(() => heard.at(-1), { timeout: 10_000 }).toMatchObject({ enabled: true, preset: 'all_hands_phone', note: 'Black Friday' });
    // Off clears the preset and note, whatever the page sent along.
    const off = await lead.request('peakMode.set', { enabled: false, preset: 'chat_off', note: 'ignored' });
    expect(off.enabled).toBe(false);
    await expect.poll(() => heard.at(-1)?.enabled, { timeout: 10_000 }).toBe(false);
    expect((await lead.request('board.get', {})).peakMode.enabled).toBe(false);
  });

  it('says the hub is unreachable when it is, instead of showing an empty board', async () => {
    const board = new TeamBoard({ request: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(board.board()).rejects.toMatchObject({ code: 'hub.unreachable' });
    await expect(board.peakMode()).rejects.toMatchObject({ code: 'hub.unreachable' });
  });
});
