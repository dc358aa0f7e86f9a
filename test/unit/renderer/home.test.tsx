import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../common/hub/roles.ts';
import type { Services } from '../../../main/services.ts';
import { useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { chartHours, dayBounds, fcrRate } from '../../../renderer/features/home/home-model.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The Home screen over the real main services and a hub on PGlite: the agent's callbacks due
// today, today's calls, open escalations, contacts and first contact fix — and empty days.

describe('home helpers', () => {
  it('takes the local day, the first contact fix rate and the chart’s hours', () => {
    const { dayStart, dayEnd } = dayBounds(new Date(2026, 2, 2, 14, 30).getTime());
    expect(new Date(dayStart)).toEqual(new Date(2026, 2, 2));
    expect(new Date(dayEnd)).toEqual(new Date(2026, 2, 3));
    expect(fcrRate({ wrappedUp: 0, fixed: 0 })).toBeNull();
    expect(fcrRate({ wrappedUp: 4, fixed: 3 })).toBe(0.75);
    const perHour = Array.from({ length: 24 }, (_, hour) => (hour === 6 || hour === 20 ? 1 : 0));
    expect(chartHours(perHour, 12)).toEqual({ first: 6, last: 20 });
    expect(chartHours(Array.from({ length: 24 }, () => 0), 12)).toEqual({ first: 8, last: 17 });
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();
const { dayStart, dayEnd } = dayBounds(Date.now());
/** Earlier today, however early "now" is. */
const earlierToday = (fraction: number) => new Date(dayStart + Math.floor((Date.now() - dayStart) * fraction));

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  const me = fixture.agents.first_line.id;
  const { anna, bram } = fixture.customers;
  await db.query(
    `insert into callback (id, customer_id, created_by, assigned_to, due_at, status, phone, note, request_hash) values
      ($1, $3, $5, $5, $6, 'open', '+31612345678', 'About the refund', 'h1'),
      ($2, $4, $5, $5, $7, 'open', '+31698765432', null, 'h2')`,
    [uuidv7(), uuidv7(), anna.id, bram.id, me, earlierToday(0.5), new Date(dayEnd + 3_600_000)],
  );
  await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'expert', 'open', 'Allergic reaction to the vitamin D', 'h3')`, [
    uuidv7(),
    anna.id,
    me,
  ]);
  // Two phone contacts wrapped up as fixed at first contact; Bram called again later, so his is no fix.
  await db.query(
    `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, ended_at, reasons, outcome, first_contact_fix, request_hash) values
      ($1, $4, $6, 'phone', 'inbound', $7, $7, '{where_is_my_order}', 'solved', true, 'h4'),
      ($2, $5, $6, 'phone', 'outbound', $8, $8, '{return}', 'solved', true, 'h5'),
      ($3, $5, null, 'email', 'inbound', $9, null, '{}', null, null, 'h6')`,
    [uuidv7(), uuidv7(), uuidv7(), anna.id, bram.id, me, earlierToday(0.2), earlierToday(0.3), earlierToday(0.4)],
  );
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

async function signedIn(role: Role) {
  services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });
  await renderConsole(inProcessClient(services));
  act(() => useNavigationStore.getState().navigate('home'));
  return waitFor(() => screen.getByTestId('home'), { timeout: 10_000 });
}

beforeEach(resetConsoleState);
afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

describe('the Home screen', () => {
  it('is the first screen a fresh window opens, with Alt+0 to come back', () => {
    expect(useNavigationStore.getInitialState().view).toBe('home');
  });

  it('shows my callbacks due today, my calls, my open escalations, my contacts and the first contact fix', async () => {
    await signedIn('first_line');
    const callbacks = screen.getByTestId('home-callbacks');
    expect(within(callbacks).getAllByTestId('home-callback')).toHaveLength(1);
    const callback = within(callbacks).getByTestId('home-callback');
    expect(callback.textContent).toContain('Anna de Vries');
    expect(callback.textContent).toContain('About the refund');
    expect(callback.dataset.overdue).toBe('true');
    // The phone is not set up here: the one-click call back says so instead of failing.
    const callBack = within(callback).getByTestId('home-call-back') as HTMLButtonElement;
    expect(callBack.disabled).toBe(true);
    expect(callBack.getAttribute('aria-label')).toBe('Call back Anna de Vries');

    const calls = within(screen.getByTestId('home-calls')).getAllByTestId('home-call');
    expect(calls.map((call) => call.textContent)).toEqual([expect.stringContaining('Bram'), expect.stringContaining('Anna de Vries')]);
    expect(calls[0]?.textContent).toContain('Outgoing');

    expect(within(screen.getByTestId('home-escalations')).getByTestId('home-escalation').textContent).toContain('Allergic reaction');

    expect(screen.getByTestId('home-contacts-total').textContent).toBe('2');
    expect(screen.getByTestId('home-fcr').textContent).toBe('50%');
    expect(screen.getByTestId('home-fcr-explained').textContent).toBe(
      '1 of 2 wrapped-up contacts solved at once, with no new contact from that customer within 7 days.',
    );
    expect(screen.getByTestId('home-chart').textContent).toContain('Contacts per hour');

    // A name opens the customer.
    fireEvent.click(within(callback).getByTestId('home-open-customer'));
    expect(useNavigationStore.getState().view).toBe('customer');
    expect(useCustomerStore.getState().customerId).toBe(fixture.customers.anna.id);
  });

  it('says what would be there on an empty day', async () => {
    await signedIn('second_line');
    for (const section of ['home-callbacks', 'home-calls', 'home-escalations']) {
      expect(within(screen.getByTestId(section)).getByTestId(`${section}-empty`)).toBeTruthy();
      expect(screen.getByTestId(`${section}-count`).textContent).toBe('0');
    }
    expect(screen.getByTestId('home-calls-empty').textContent).toBe('No calls yet today.');
    expect(screen.getByTestId('home-fcr').textContent).toBe('—');
    expect(screen.getByTestId('home-fcr-explained').textContent).toBe('Shown after your first wrap-up today.');
    expect(screen.queryByTestId('home-chart')).toBeNull();
  });
});
