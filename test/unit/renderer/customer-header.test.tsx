import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { defaultCallbackTime } from '../../../renderer/features/customer/CustomerActions.tsx';
import { npsBand } from '../../../renderer/features/customer/CustomerFacts.tsx';
import { openCustomer, useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole as renderHarness, resetConsoleState } from './console-harness.tsx';

// The customer screen's header and its actions over the real main services and a real hub on
// PGlite: what the agent sees at a glance, escalating and scheduling a callback (with their
// translated refusals, nothing typed lost), and the recent customers the search screen offers.

describe('header helpers', () => {
  it('reads NPS as the teams do: 0–6 detractor, 7–8 passive, 9–10 promoter', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsBand)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('proposes a callback at the next whole hour at least half an hour away', () => {
    expect(defaultCallbackTime(new Date(2026, 10, 23, 14, 10))).toBe('2026-11-23T15:00');
    expect(defaultCallbackTime(new Date(2026, 10, 23, 14, 40))).toBe('2026-11-23T16:00');
    expect(defaultCallbackTime(new Date(2026, 11, 31, 23, 45))).toBe('2027-01-01T01:00');
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into feedback (id, customer_id, kind, score, occurred_at) values (gen_random_uuid(), $1, 'nps', 4, now() - interval '2 days')`, [
    fixture.customers.anna.id,
  ]);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(async () => {
  resetConsoleState();
  services = await consoles.open({ url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD });
});

afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

const renderConsole = () => renderHarness(inProcessClient(services));

async function openAnna() {
  act(() => openCustomer(fixture.customers.anna.id));
  return waitFor(() => screen.getByTestId('customer-header'), { timeout: 10_000 });
}

const outboxEmpty = () => waitFor(() => expect(services.data.status().pending).toBe(0), { timeout: 15_000 });

describe('the customer header', () => {
  it('shows the last order, the office, colleagues who speak the language and the last NPS', async () => {
    await renderConsole();
    const header = await openAnna();
    expect(within(header).getByTestId('customer-last-order').dataset.number).toBe(fixture.customers.anna.order);
    expect(header.textContent).toContain('Office Amsterdam');
    // Every fixture agent speaks Dutch; nobody has said they are available.
    expect(within(header).getByTestId('customer-language-colleagues').textContent).toBe(`${Object.keys(fixture.agents).length - 1} colleagues speak it, none free now`);
    expect(header.querySelector('.score--detractor')?.textContent).toMatch(/^4 of 10/);
    // The phone is not connected here: calling says why instead of failing.
    expect((within(header).getByTestId('customer-call') as HTMLButtonElement).disabled).toBe(true);
  });

  it('escalates with a summary through the outbox; an empty summary is refused in words, and Esc closes', async () => {
    await renderConsole();
    const header = await openAnna();
    fireEvent.click(within(header).getByTestId('customer-escalate'));
    const form = screen.getByTestId('escalate-form');
    fireEvent.submit(form);
    expect(within(form).getByRole('alert').textContent).toContain('Describe the case');
    fireEvent.change(within(form).getByTestId('escalate-queue'), { target: { value: 'expert' } });
    fireEvent.change(within(form).getByTestId('escalate-summary'), { target: { value: 'Refund promised twice, still not received' } });
    fireEvent.click(within(form).getByTestId('escalate-save'));
    await waitFor(() => expect(screen.queryByTestId('escalate-form')).toBeNull());
    expect(useToastStore.getState().toasts.at(-1)?.message).toContain('Escalation saved on this computer');
    await outboxEmpty();
    expect(await db.query('select queue, summary, status from escalation where customer_id = $1', [fixture.customers.anna.id])).toEqual([
      { queue: 'expert', summary: 'Refund promised twice, still not received', status: 'open' },
    ]);
    await waitFor(() => expect(screen.getByTestId('customer-header').textContent).toContain('1 open escalation'));

    fireEvent.click(within(screen.getByTestId('customer-header')).getByTestId('customer-escalate'));
    fireEvent.keyDown(screen.getByTestId('escalate-summary'), { key: 'Escape' });
    expect(screen.queryByTestId('escalate-form')).toBeNull();
  });

  it('schedules a callback to a number in any notation; a wrong number keeps the form and what was typed', async () => {
    await renderConsole();
    const header = await openAnna();
    fireEvent.click(within(header).getByTestId('customer-callback'));
    const form = screen.getByTestId('callback-form');
    expect((within(form).getByTestId('callback-phone') as HTMLInputElement).value).toBe(fixture.customers.anna.phone);
    fireEvent.change(within(form).getByTestId('callback-phone'), { target: { value: '06 12' } });
    fireEvent.change(within(form).getByTestId('callback-note'), { target: { value: 'About the refund' } });
    fireEvent.click(within(form).getByTestId('callback-save'));
    expect(within(form).getByRole('alert').textContent).toContain('not a number we can call');
    expect((within(form).getByTestId('callback-note') as HTMLInputElement).value).toBe('About the refund');
    fireEvent.change(within(form).getByTestId('callback-phone'), { target: { value: '06 12 34 56 78' } });
    fireEvent.click(within(form).getByTestId('callback-save'));
    await waitFor(() => expect(screen.queryByTestId('callback-form')).toBeNull());
    await outboxEmpty();
    expect(await db.query('select phone, note, status from callback where customer_id = $1', [fixture.customers.anna.id])).toEqual([
      { phone: '+31612345678', note: 'About the refund', status: 'open' },
    ]);
  });
});

describe('recent customers on the search screen', () => {
  it('lists the customers opened last, newest first, and opens one with the keyboard', async () => {
    await renderConsole();
    await openAnna();
    act(() => openCustomer(fixture.customers.bram.id));
    await waitFor(() => expect(screen.getByTestId('customer-header').dataset.customerId).toBe(fixture.customers.bram.id));
    await waitFor(async () => expect((await services.data.customers.recent()).customers.map((c) => c.id)).toEqual([fixture.customers.bram.id, fixture.customers.anna.id]));
    act(() => useNavigationStore.getState().navigate('search'));
    await waitFor(() => expect(screen.getAllByTestId('recent-customer').map((row) => row.dataset.customerId)).toEqual([fixture.customers.bram.id, fixture.customers.anna.id]));
    const input = screen.getByTestId('search-input');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(useCustomerStore.getState().customerId).toBe(fixture.customers.anna.id));
    expect(useNavigationStore.getState().view).toBe('customer');
  });
});
