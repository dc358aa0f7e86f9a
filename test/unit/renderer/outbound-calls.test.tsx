import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../common/hub/roles.ts';
import type { Services } from '../../../main/services.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { useCallbacksStore } from '../../../renderer/features/callbacks/callbacks-store.ts';
import { defaultRetryInput, localInputToIso, retryProblem } from '../../../renderer/features/callbacks/callbacks-model.ts';
import { announceDueCallbacks } from '../../../server/callbacks-due.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { seedOutbound, type OutboundFixture } from '../../support/outbound-fixture.ts';
import { until } from '../../support/services-requests.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The Callbacks and Cart follow-ups screens over the real main services and a hub on PGlite:
// the lists and their filters, overdue ones marked in words, the outcome forms by keyboard, a
// due callback's reminder, and what an overflow agent sees.

describe('callback helpers', () => {
  it('retries at the next full hour by default and refuses a time that has passed', () => {
    const now = new Date(2026, 11, 6, 14, 20).getTime();
    expect(defaultRetryInput(now)).toBe('2026-12-06T15:00');
    expect(defaultRetryInput(new Date(2026, 11, 6, 23, 40).getTime())).toBe('2026-12-07T00:00');
    expect(localInputToIso('2026-12-06T15:00')).toBe(new Date(2026, 11, 6, 15, 0).toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(retryProblem('', now)).toBe('missing');
    expect(retryProblem('2026-12-06T14:00', now)).toBe('past');
    expect(retryProblem('2026-12-06T15:00', now)).toBeNull();
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let outbound: OutboundFixture;
let services: Services;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  // Seeding talks HTTP to the hub from this page-like environment (the reset lifts its same-origin rule).
  resetConsoleState();
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  outbound = await seedOutbound(hub, fixture);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(() => {
  resetConsoleState();
  useCallbacksStore.setState(useCallbacksStore.getInitialState());
});
afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

async function signedIn(role: Role, view: 'callbacks' | 'carts') {
  services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD, synced: false });
  await until('the sign-in', () => services.hub.status().state === 'signedIn');
  await renderConsole(inProcessClient(services));
  act(() => useNavigationStore.getState().navigate(view));
}

const rowOf = (id: string) => document.querySelector<HTMLElement>(`[data-callback-id="${id}"]`);

describe('the Callbacks screen', () => {
  it('shows my callbacks due today, then the overdue ones marked in words, then the team’s with the web shop’s request', async () => {
    await signedIn('first_line', 'callbacks');
    await waitFor(() => expect(screen.getAllByTestId('callback')).toHaveLength(1), { timeout: 10_000 });
    expect(rowOf(outbound.callbacks.due)?.textContent).toContain('Bram Jansen');
    expect(screen.getByTestId('callbacks-count').textContent).toBe('1 callback');

    fireEvent.click(screen.getByTestId('callbacks-state-overdue'));
    await waitFor(() => expect(rowOf(outbound.callbacks.overdue)).not.toBeNull());
    const overdue = rowOf(outbound.callbacks.overdue);
    expect(overdue?.dataset.overdue).toBe('true');
    expect(within(overdue!).getByTestId('callback-overdue').textContent).toBe('Overdue');
    expect(overdue?.textContent).toContain('Wants to hear about the refund');
    // The phone is not set up here: Call says why instead of dialling.
    const call = within(overdue!).getByTestId('callback-call') as HTMLButtonElement;
    expect(call.disabled).toBe(true);
    expect(call.title).toBe('The phone is not connected');
    expect(call.getAttribute('aria-label')).toBe('Call Anna de Vries back on +31 6 12345678');

    fireEvent.click(screen.getByTestId('callbacks-scope-team'));
    fireEvent.click(screen.getByTestId('callbacks-state-due'));
    await waitFor(() => expect(rowOf(outbound.callbacks.webShop)).not.toBeNull());
    const request = rowOf(outbound.callbacks.webShop)!;
    expect(request.textContent).toContain('Sophie Lambert');
    expect(request.textContent).toContain('Web shop request');
    expect(request.textContent).toMatch(/Preferred \d.+–\d/);
    expect(request.textContent).toContain('Speaks French');
    expect(request.textContent).toContain('Not assigned yet');
    expect(rowOf(outbound.callbacks.colleagues)?.textContent).toContain('For Agent second_line');
    expect((await services.phone.status()).calls).toEqual([]);
  });

  it('records an outcome by keyboard: no answer retries at the next hour, reached takes it off the list', async () => {
    await signedIn('first_line', 'callbacks');
    fireEvent.click(await screen.findByTestId('callbacks-state-overdue', {}, { timeout: 10_000 }));
    await waitFor(() => expect(rowOf(outbound.callbacks.overdue)).not.toBeNull());
    const row = () => rowOf(outbound.callbacks.overdue)!;

    fireEvent.click(within(row()).getByTestId('callback-outcome-open'));
    const form = within(row()).getByTestId('callback-outcome');
    // The first outcome has the focus, and Esc closes the form.
    expect(document.activeElement).toBe(within(form).getByTestId('callback-outcome-reached'));
    fireEvent.keyDown(form, { key: 'Escape' });
    expect(within(row()).queryByTestId('callback-outcome')).toBeNull();

    fireEvent.click(within(row()).getByTestId('callback-outcome-open'));
    fireEvent.click(within(row()).getByTestId('callback-outcome-no_answer'));
    const retry = within(row()).getByTestId('callback-outcome-retry') as HTMLInputElement;
    const suggested = retry.value;
    expect(suggested).toBe(defaultRetryInput(Date.now()));
    fireEvent.click(within(row()).getByTestId('callback-outcome-save'));
    await waitFor(async () => {
      const [stored] = await db.query<{ due_at: Date; attempts: number }>('select due_at, attempts from callback where id = $1', [outbound.callbacks.overdue]);
      expect(stored?.attempts).toBe(1);
      expect(stored?.due_at.toISOString()).toBe(localInputToIso(suggested));
    });
    await screen.findByText('Callback to Anna de Vries: “No answer” saved.');
    // No longer overdue: it left this list.
    await waitFor(() => expect(rowOf(outbound.callbacks.overdue)).toBeNull());

    fireEvent.click(screen.getByTestId('callbacks-state-due'));
    await waitFor(() => expect(rowOf(outbound.callbacks.due)).not.toBeNull());
    fireEvent.click(within(rowOf(outbound.callbacks.due)!).getByTestId('callback-outcome-open'));
    fireEvent.click(within(rowOf(outbound.callbacks.due)!).getByTestId('callback-outcome-reached'));
    fireEvent.click(within(rowOf(outbound.callbacks.due)!).getByTestId('callback-outcome-save'));
    await waitFor(() => expect(rowOf(outbound.callbacks.due)).toBeNull());
    fireEvent.click(screen.getByTestId('callbacks-state-done'));
    await waitFor(() => expect(rowOf(outbound.callbacks.due)?.textContent).toContain('Reached'));
  });

  it('reminds me of a due callback with a toast whose Call opens it with its outcome form', async () => {
    await signedIn('first_line', 'carts');
    // The live link is up once the first sync is done; then a callback of mine falls due.
    await waitFor(() => expect(services.data.syncer?.lastSyncedAt).toBeTruthy(), { timeout: 10_000 });
    const token = await hub.login(fixture.agents.first_line.email);
    const id = uuidv7();
    await hub.call('PUT', `/callbacks/${id}`, { token, body: { customerId: fixture.customers.bram.id, dueAt: new Date(Date.now() - 1_000).toISOString(), phone: fixture.customers.bram.phone } });
    expect(await announceDueCallbacks(hub.hub.context)).toBeGreaterThan(0);
    const toast = await screen.findByText('Callback due: Bram Jansen, +31 6 87654321', {}, { timeout: 10_000 });
    fireEvent.click(within(toast.closest('.toast') as HTMLElement).getByTestId('callback-reminder-call'));
    expect(useNavigationStore.getState().view).toBe('callbacks');
    expect(useCallbacksStore.getState().focus).toBe(id);
    await waitFor(() => expect(within(rowOf(id)!).getByTestId('callback-outcome')).toBeTruthy());
    // The agent goes on by keyboard: the first outcome has the focus.
    await waitFor(() => expect(document.activeElement).toBe(within(rowOf(id)!).getByTestId('callback-outcome-reached')));
  });
});

describe('the Cart follow-ups screen', () => {
  it('lists the carts to call by value and takes one off when recovered', async () => {
    await signedIn('first_line', 'carts');
    await waitFor(() => expect(screen.getAllByTestId('cart').length).toBeGreaterThan(0), { timeout: 10_000 });
    const order = () => screen.getAllByTestId('cart').map((row) => row.dataset.cartId);
    expect(order()).toEqual([outbound.carts.anna, outbound.carts.sophie, outbound.carts.bram]);
    const anna = screen.getAllByTestId('cart')[0]!;
    expect(within(anna).getByTestId('cart-value').textContent).toBe('€120.00');
    expect(within(anna).getByTestId('cart-last-outcome').textContent).toBe('Not called yet');
    expect(screen.getByTestId('carts-count').textContent).toBe('3 carts to follow up');
    expect(screen.getByRole('columnheader', { name: 'Cart value' })).toBeTruthy();

    fireEvent.click(within(anna).getByTestId('cart-outcome-open'));
    fireEvent.click(screen.getByTestId('cart-outcome-recovered'));
    fireEvent.click(screen.getByTestId('cart-outcome-save'));
    await waitFor(() => expect(order()).toEqual([outbound.carts.sophie, outbound.carts.bram]));
    const [stored] = await db.query<{ outcome: string; agent_id: string }>('select outcome, agent_id from cart_followup where cart_id = $1', [outbound.carts.anna]);
    expect(stored).toEqual({ outcome: 'recovered', agent_id: fixture.agents.first_line.id });
  });

  it('is not offered to an overflow agent, and says so when reached anyway', async () => {
    await signedIn('overflow', 'carts');
    await waitFor(() => expect(screen.getByTestId('carts-error').textContent).toContain("Cart follow-ups are for the team's own agents"), { timeout: 10_000 });
    const rail = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(rail.querySelector('[data-view="carts"]')).toBeNull();
    expect(rail.querySelector('[data-view="callbacks"]')).not.toBeNull();
  });
});

describe('without the hub', () => {
  it('says the lists need the hub instead of showing them empty', async () => {
    // A hub address where nothing answers (a port just closed).
    const gone = await startHub(db);
    const url = gone.url;
    await gone.close();
    services = await consoles.open({ url, email: fixture.agents.first_line.email, password: PASSWORD, synced: false });
    await renderConsole(inProcessClient(services));
    act(() => useNavigationStore.getState().navigate('callbacks'));
    await waitFor(() => expect(screen.getByTestId('callbacks-error').textContent).toContain('The callback list comes from the hub, which cannot be reached right now.'), { timeout: 10_000 });
    expect(screen.queryByText('No callbacks due today')).toBeNull();
    act(() => useNavigationStore.getState().navigate('carts'));
    await waitFor(() => expect(screen.getByTestId('carts-error').textContent).toContain('The cart list comes from the hub, which cannot be reached right now.'));
  });
});
