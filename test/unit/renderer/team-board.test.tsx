import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../common/hub/roles.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { usePeakModeStore } from '../../../renderer/app/stores/peak-mode-store.ts';
import { clockDuration, contactsSoFar, hourSeries, officeRows, queueRows, sortedAgents, type Agent } from '../../../renderer/features/team/board-model.ts';
import { withAlpha } from '../../../renderer/features/team/board-charts.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The team lead's board over the real main services and a hub on PGlite: agents by state and
// office, escalations waiting per queue, today's figures, the charts' table views, live updates
// from hub events, the "for team leads" state, and peak mode's switch and banner.

const agent = (name: string, status: Agent['status'], office: string, sinceMinutesAgo: number | null): Agent => ({
  id: uuidv7(),
  displayName: name,
  role: 'first_line',
  office: { code: office, name: office.toUpperCase() },
  status,
  since: sinceMinutesAgo === null ? null : new Date(Date.now() - sinceMinutesAgo * 60_000).toISOString(),
});

describe('board helpers', () => {
  it('reads durations like a clock, groups offices by size and lists free agents first, longest waiting first', () => {
    expect(clockDuration(42_000)).toBe('0:42');
    expect(clockDuration(12 * 60_000 + 5_000)).toBe('12:05');
    expect(clockDuration(3_723_000)).toBe('1:02:03');
    expect(clockDuration(-5_000)).toBe('0:00');
    const agents = [agent('Zoë', 'offline', 'ams', null), agent('Ans', 'available', 'ams', 2), agent('Bo', 'available', 'col', 20), agent('Cas', 'on_call', 'ams', 1)];
    expect(sortedAgents(agents).map((a) => a.displayName)).toEqual(['Bo', 'Ans', 'Cas', 'Zoë']);
    const offices = officeRows(agents);
    expect(offices.map((o) => [o.code, o.total, o.counts.available])).toEqual([
      ['ams', 3, 1],
      ['col', 1, 1],
    ]);
  });

  it('shows every queue, draws today only up to now, and sums the day so far', () => {
    expect(queueRows([{ queue: 'expert', waiting: 3, oldestAt: null }]).map((row) => [row.queue, row.waiting])).toEqual([
      ['second_line', 0],
      ['expert', 3],
      ['team_lead', 0],
    ]);
    const today = Array.from({ length: 24 }, (_, hour) => (hour >= 9 && hour <= 11 ? 5 : 0));
    const lastYear = Array.from({ length: 24 }, (_, hour) => (hour >= 6 && hour <= 20 ? 2 : 0));
    const series = hourSeries({ today, lastYear }, 10);
    expect(series.hours[0]).toBe(6);
    expect(series.hours.at(-1)).toBe(20);
    expect(series.today[series.hours.indexOf(10)]).toBe(5);
    expect(series.today[series.hours.indexOf(11)]).toBeNull();
    expect(contactsSoFar({ today, lastYear }, 10)).toEqual({ today: 10, lastYear: 10 });
    expect(withAlpha('#0b6e69', 0.5)).toBe('rgba(11, 110, 105, 0.5)');
    expect(withAlpha('#fff', 1)).toBe('rgba(255, 255, 255, 1)');
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
/** Whether a moment falls on the office's today (Amsterdam): the board counts its day, whatever the test machine's zone. */
const amsterdamDay = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
const todayInOffice = (minutes: number) => (amsterdamDay(minutesAgo(minutes)) === amsterdamDay(new Date()) ? 1 : 0);

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  // A second office with two agents: one on a call for 7 minutes, one on a break.
  const cologne = uuidv7();
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, 'cgn', 'Köln', 'DE', 'Europe/Berlin')`, [cologne]);
  const [onCall, onBreak] = [uuidv7(), uuidv7()];
  for (const [id, name] of [[onCall, 'Lena Koch'], [onBreak, 'Tom Berger']] as const) {
    await db.query(`insert into agent (id, office_id, email, display_name, role, languages, password_hash) values ($1, $2, $3, $4, 'first_line', '{de}', 'x')`, [
      id,
      cologne,
      `${name.split(' ')[0]?.toLowerCase()}@shop.example`,
      name,
    ]);
  }
  const { agents, customers } = fixture;
  await db.query(`insert into presence (agent_id, status, since) values ($1, 'on_call', $2), ($3, 'break', $4), ($5, 'available', $6), ($7, 'available', $8)`, [
    onCall,
    minutesAgo(7),
    onBreak,
    minutesAgo(12),
    agents.second_line.id,
    minutesAgo(30),
    agents.expert.id,
    minutesAgo(3),
  ]);
  // Two escalations wait for the expert (the oldest 45 minutes), one is claimed by second line.
  await db.query(
    `insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash, created_at, claimed_at, assigned_to) values
      ($1, $4, $6, 'expert', 'open', 'Vitamin D dose', 'e1', $7, null, null),
      ($2, $5, $6, 'expert', 'open', 'Allergy question', 'e2', $8, null, null),
      ($3, $4, $6, 'second_line', 'claimed', 'Refund twice', 'e3', $8, $8, $9)`,
    [uuidv7(), uuidv7(), uuidv7(), customers.anna.id, customers.bram.id, agents.first_line.id, minutesAgo(45), minutesAgo(5), agents.second_line.id],
  );
  // Today's contacts: three about an order, one about a return (two of them fixed at first contact).
  await db.query(`insert into reason_code (code, labels, sort) values ('return', '{"en":"Return","nl":"Retour"}', 2)`);
  const started = new Date(Date.now() - 1_000);
  for (const [reasons, fixed] of [['{where_is_my_order}', true], ['{where_is_my_order}', false], ['{where_is_my_order}', null], ['{return}', true]] as const) {
    await db.query(
      `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, ended_at, reasons, outcome, first_contact_fix, request_hash)
       values ($1, $2, $3, 'phone', 'inbound', $4, $4, $5, 'solved', $6, $7)`,
      [uuidv7(), customers.anna.id, agents.first_line.id, started, reasons, fixed, `contact-${reasons}-${String(fixed)}`],
    );
  }
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(resetConsoleState);
afterEach(async () => {
  cleanup();
  act(() => usePeakModeStore.getState().reset());
  await consoles.disposeAll();
});

async function openTeam(role: Role) {
  const services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });
  await renderConsole(inProcessClient(services));
  act(() => useNavigationStore.getState().navigate('team'));
  return services;
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('the team board', () => {
  it('shows a team lead agents by state and office, what waits per queue and today’s figures', async () => {
    await openTeam('team_lead');
    await screen.findByTestId('board');
    // Fixture agents without presence count as offline: 6 roles + 2 in Köln = 8 agents.
    expect(text('board-agents-available')).toBe('2');
    expect(text('board-agents-on_call')).toBe('1');
    expect(text('board-agents-break')).toBe('1');
    expect(text('board-agents-offline')).toBe('4');
    const cologne = screen.getByTestId('board-office-cgn');
    expect(within(cologne).getByRole('rowheader').textContent).toBe('Köln');
    expect(cologne.querySelector('[data-status="on_call"]')?.textContent).toBe('1');
    // The live call runs with a local clock: about 7 minutes.
    const call = screen.getByTestId('board-live-calls');
    expect(call.textContent).toContain('Lena Koch');
    expect(within(call).getByText(/^7:\d\d$/)).toBeTruthy();

    expect(text('board-waiting-expert')).toBe('2');
    expect(text('board-waiting-second_line')).toBe('0');
    expect(text('board-oldest-expert')).toMatch(/^4[56]:\d\d$/);
    expect(text('board-oldest-second_line')).toBe('–');
    // Created 45, 5 and 5 minutes ago, claimed 5 minutes ago: all today unless the day just began.
    expect(text('board-escalations-created')).toBe(String(todayInOffice(45) + 2 * todayInOffice(5)));
    expect(text('board-escalations-claimed')).toBe(String(todayInOffice(5)));
    // 2 of the 3 contacts with the mark set were fixed at first contact.
    expect(text('board-fcr')).toBe('66%');

    // The reasons chart's figures as a table, most frequent first.
    expect(text('board-reasons-chart-summary')).toContain('Where is my order (3 contacts)');
    fireEvent.click(screen.getByTestId('board-reasons-chart-toggle'));
    const rows = within(screen.getByTestId('board-reasons-chart-table')).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual(['Where is my order3', 'Return1']);
    expect(screen.getByTestId('board-reasons-chart-toggle').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('board-hours-chart-toggle'));
    expect(within(screen.getByTestId('board-hours-chart-table')).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Hour',
      'Today',
      'Same weekday last year',
    ]);
  });

  it('follows the hub live: a new escalation and a claim change the numbers without a reload', async () => {
    await openTeam('admin');
    await screen.findByTestId('board');
    const before = Number(text('board-escalations-created'));
    const token = await hub.login(fixture.agents.first_line.email);
    const id = uuidv7();
    const created = await hub.call('PUT', `/escalations/${id}`, {
      token,
      body: { customerId: fixture.customers.bram.id, queue: 'second_line', summary: 'Parcel lost twice' },
    });
    expect(created.status).toBeLessThan(300);
    await waitFor(() => expect(text('board-escalations-created')).toBe(String(before + 1)));
    // The hub may hand it straight to the available second-line agent: either way it is open.
    await waitFor(() => expect(text('board-waiting-second_line')).toBe('1'));
    const claimer = await hub.login(fixture.agents.second_line.email);
    expect((await hub.call('POST', `/escalations/${id}/claim`, { token: claimer })).status).toBe(200);
    const claimedBefore = todayInOffice(5);
    await waitFor(() => expect(text('board-waiting-second_line')).toBe('0'));
    expect(text('board-escalations-claimed')).toBe(String(claimedBefore + 1));
  });

  it('tells agents who are not team leads that the board is for team leads, without asking the hub', async () => {
    await openTeam('first_line');
    expect((await screen.findByText('The team board is for team leads')).closest('.empty-state')).toBeTruthy();
    expect(screen.queryByTestId('board')).toBeNull();
  });
});

describe('peak mode', () => {
  it('a team lead switches it on with a preset and a note; an agent’s banner follows the hub’s event and goes when it is off', async () => {
    await openTeam('first_line');
    await waitFor(() => expect(usePeakModeStore.getState().mode).not.toBeNull());
    expect(screen.queryByTestId('peak-mode-banner')).toBeNull();
    // Another console (the lead's) switches: this one hears it only through the live event.
    const lead = await hub.login(fixture.agents.team_lead.email);
    const on = await hub.call('PUT', '/peak-mode', { token: lead, body: { enabled: true, preset: 'callbacks_only', note: 'Storm in Zeeland, until 14:00' } });
    expect(on.status).toBe(200);
    const banner = await screen.findByTestId('peak-mode-banner');
    expect(banner.dataset.preset).toBe('callbacks_only');
    expect(banner.textContent).toContain('Peak mode: callbacks only');
    expect(banner.textContent).toContain('Storm in Zeeland, until 14:00');
    expect(banner.textContent).toContain('Agent team_lead');
    expect(banner.getAttribute('role')).toBe('status');
    await hub.call('PUT', '/peak-mode', { token: lead, body: { enabled: false } });
    await waitFor(() => expect(screen.queryByTestId('peak-mode-banner')).toBeNull());
  });

  it('the board’s switch turns it on and off for the lead’s own console too', async () => {
    await openTeam('team_lead');
    const panel = await screen.findByTestId('peak-switch');
    expect(within(panel).getByTestId('peak-switch-state').textContent).toBe('Off');
    fireEvent.click(within(panel).getByTestId('peak-preset-all_hands_phone'));
    fireEvent.change(within(panel).getByTestId('peak-note'), { target: { value: 'Black Friday' } });
    fireEvent.click(within(panel).getByTestId('peak-switch-on'));
    const banner = await screen.findByTestId('peak-mode-banner');
    expect(banner.textContent).toContain('all hands on the phone');
    expect(banner.textContent).toContain('Black Friday');
    await waitFor(() => expect(within(panel).getByTestId('peak-switch-state').textContent).toBe('On'));
    fireEvent.click(within(panel).getByTestId('peak-switch-off'));
    await waitFor(() => expect(screen.queryByTestId('peak-mode-banner')).toBeNull());
  });

  it('a first-line agent cannot switch it: the hub refuses, whatever the page sends', async () => {
    const services = await openTeam('first_line');
    const refused = await inProcessClient(services)
      .request('peakMode.set', { enabled: true, preset: 'chat_off' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ code: 'hub.refused', params: { status: 403 } });
    expect((await inProcessClient(services).request('peakMode.get', {})).enabled).toBe(false);
  });
});
