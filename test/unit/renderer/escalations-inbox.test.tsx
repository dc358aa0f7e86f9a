import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useEscalationStore } from '../../../renderer/features/escalations/escalation-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The Escalations screen and the escalate form over the real main services and a real hub on
// PGlite: an escalation raised elsewhere reaches the inbox live, with its count on the
// navigation and a toast when it is assigned to me; claim, reply and resolve from the detail;
// the keyboard moves through the rows; without the hub the screen says it needs the hub; the
// escalate form sends one to a named colleague picked with the keyboard, with its priority.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(() => resetConsoleState());

afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

async function consoleAs(role: keyof Fixture['agents']): Promise<Services> {
  const services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });
  await renderConsole(inProcessClient(services));
  return services;
}

/** The first-line agent raises one at the hub (as their console's outbox would). */
async function raise(fields: { summary: string; assignTo?: string; priority?: string }): Promise<string> {
  const token = await hub.login(fixture.agents.first_line.email);
  const id = uuidv7();
  const answer = await hub.call('PUT', `/escalations/${id}`, { token, body: { customerId: fixture.customers.anna.id, queue: 'expert', ...fields } });
  expect(answer.status).toBeLessThan(300);
  return id;
}

const row = (id: string) => document.querySelector<HTMLButtonElement>(`[data-testid="escalation-row"][data-escalation-id="${id}"]`);

describe('the escalations inbox', () => {
  it('shows one raised elsewhere live in My queue, oldest first, with the count on the navigation; claim, reply and resolve it', async () => {
    await consoleAs('expert');
    act(() => useNavigationStore.getState().navigate('escalations'));
    await screen.findByTestId('escalations-view');
    const older = await raise({ summary: 'Older: which vitamins with a pregnancy?' });
    const id = await raise({ summary: 'Nut allergy and the protein powder', priority: 'urgent' });

    await waitFor(() => expect(row(id)).not.toBeNull());
    const queue = screen.getByTestId('escalations-list-queue');
    expect([...queue.querySelectorAll('[data-testid="escalation-row"]')].map((el) => (el as HTMLElement).dataset.escalationId)).toEqual([older, id]);
    expect(row(id)?.textContent).toContain('Urgent');
    expect(within(row(id) as HTMLElement).getByTestId('sla-timer').textContent).toMatch(/left$/);
    await waitFor(() => expect(screen.getByTestId('nav-escalation-counts').dataset.queue).toBe('2'));

    fireEvent.click(row(id) as HTMLElement);
    const detail = await screen.findByTestId('escalation-detail');
    fireEvent.click(await within(detail).findByTestId('escalation-claim'));
    await waitFor(() => expect(within(detail).getByTestId('escalation-status').textContent).toBe('Claimed'));
    await waitFor(() => expect(within(screen.getByTestId('escalations-list-mine')).queryByText('Nut allergy and the protein powder')).not.toBeNull());
    await waitFor(() => expect(screen.getByTestId('nav-escalation-counts').dataset.mine).toBe('1'));

    fireEvent.change(within(detail).getByTestId('escalation-reply-text'), { target: { value: 'Pea protein is made on a nut-free line.' } });
    fireEvent.click(within(detail).getByTestId('escalation-reply-send'));
    await waitFor(() => expect(within(detail).getByTestId('escalation-thread').textContent).toContain('Pea protein is made on a nut-free line.'));
    // The thread may show the reply first (the live event's re-read can beat the reply's own
    // answer); the box empties when that answer comes.
    await waitFor(() => expect((within(detail).getByTestId('escalation-reply-text') as HTMLTextAreaElement).value).toBe(''));

    fireEvent.click(within(detail).getByTestId('escalation-resolve'));
    const form = within(detail).getByTestId('escalation-resolve-form');
    fireEvent.submit(form);
    expect(within(form).getByText(/Say what was done/)).toBeTruthy();
    fireEvent.change(within(form).getByTestId('escalation-outcome'), { target: { value: 'replacement' } });
    fireEvent.change(within(form).getByTestId('escalation-resolution-text'), { target: { value: 'Sent the nut-free powder' } });
    fireEvent.click(within(form).getByTestId('escalation-resolve-save'));
    await waitFor(() => expect(within(detail).getByTestId('escalation-resolution').textContent).toBe('Replacement sent — Sent the nut-free powder'));
    const [status] = (await db.query(`select status, outcome from escalation where id = $1`, [id])) as { status: string; outcome: string }[];
    expect(status).toEqual({ status: 'resolved', outcome: 'replacement' });
  });

  it('tells me at once when one is assigned to me (a toast beside the OS notification), and the arrow keys move between rows', async () => {
    await consoleAs('expert');
    act(() => useNavigationStore.getState().navigate('escalations'));
    await screen.findByTestId('escalations-view');
    const first = await raise({ summary: 'First for the expert', assignTo: fixture.agents.expert.id });
    await waitFor(() => expect(useToastStore.getState().toasts.some((toast) => toast.message === 'Escalation for you: Anna de Vries: First for the expert')).toBe(true));
    const second = await raise({ summary: 'Second for the expert', assignTo: fixture.agents.expert.id });
    await waitFor(() => expect(row(second)).not.toBeNull());
    expect(row(first)?.closest('[data-testid="escalations-list-mine"]')).not.toBeNull();

    // Rows are in screen order across the lists (the hub may hold rows from other tests): Home
    // goes to the first on screen, Down from it to the next.
    const onScreen = () => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="escalation-row"]')];
    row(first)?.focus();
    fireEvent.keyDown(row(first) as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row(second));
    fireEvent.keyDown(row(second) as HTMLElement, { key: 'Home' });
    expect(document.activeElement).toBe(onScreen()[0]);
    fireEvent.keyDown(onScreen()[0] as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(onScreen()[1]);
    fireEvent.click(row(first) as HTMLElement);
    const detail = await screen.findByTestId('escalation-detail');
    await waitFor(() => expect(within(detail).getByTestId('escalation-summary').textContent).toBe('First for the expert'));
    fireEvent.keyDown(detail, { key: 'Escape' });
    expect(screen.queryByTestId('escalation-detail')).toBeNull();
  });

  it('says the inbox needs the hub when the console cannot reach it, and shows the last answer as such when the hub goes away', async () => {
    const services = await consoles.open({ url: hub.url, email: fixture.agents.expert.email, password: PASSWORD });
    const port = Number(new URL(hub.url).port);
    await hub.close();
    try {
      await renderConsole(inProcessClient(services));
      act(() => useNavigationStore.getState().navigate('escalations'));
      expect(await screen.findByText('The inbox needs the hub')).toBeTruthy();
    } finally {
      hub = await startHub(db, { port });
    }
    // Back: the inbox comes by itself once the console is signed in again; then the hub goes once more.
    await screen.findByTestId('escalations-view', {}, { timeout: 15_000 });
    await hub.close();
    try {
      await readInboxNow(services);
      expect((await screen.findByTestId('escalations-stale')).textContent).toContain('the inbox as it last was');
    } finally {
      hub = await startHub(db, { port });
    }
  });
});

/** A read of the inbox while the hub is away (what a live event or reconnect would start). */
async function readInboxNow(services: Services): Promise<void> {
  await act(() => useEscalationStore.getState().load(inProcessClient(services)));
}

describe('the escalate form', () => {
  it('sends the case to a named colleague picked with the keyboard, with a priority and its SLA', async () => {
    await consoleAs('first_line');
    act(() => openCustomer(fixture.customers.anna.id));
    const header = await screen.findByTestId('customer-header');
    fireEvent.click(within(header).getByTestId('customer-escalate'));
    const form = screen.getByTestId('escalate-form');
    fireEvent.change(within(form).getByTestId('escalate-queue'), { target: { value: 'colleague' } });
    fireEvent.submit(form);
    expect(within(form).getByRole('alert').textContent).toBe('Choose the colleague to send it to.');

    const input = within(form).getByTestId('escalate-colleague-input');
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'second' } });
    await waitFor(() => expect(within(form).getAllByTestId('escalate-colleague-option').map((el) => el.dataset.colleagueId)).toEqual([fixture.agents.second_line.id]));
    expect(input.getAttribute('aria-activedescendant')).toMatch(new RegExp(`${fixture.agents.second_line.id}$`));
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((input as HTMLInputElement).value).toBe('Agent second_line');

    fireEvent.change(within(form).getByTestId('escalate-priority'), { target: { value: 'high' } });
    await waitFor(() => expect(form.textContent).toContain('To be answered within 2 hours'));
    fireEvent.change(within(form).getByTestId('escalate-order'), { target: { value: (within(form).getByTestId('escalate-order') as HTMLSelectElement).options[1]?.value } });
    fireEvent.change(within(form).getByTestId('escalate-summary'), { target: { value: 'Refund promised twice' } });
    fireEvent.click(within(form).getByTestId('escalate-save'));
    await waitFor(() => expect(screen.queryByTestId('escalate-form')).toBeNull());
    const rows = await waitFor(async () => {
      const found = (await db.query(`select e.assigned_to, e.priority, e.queue, o.number from escalation e left join shop_order o on o.id = e.order_id where e.summary = 'Refund promised twice'`)) as unknown[];
      expect(found).toHaveLength(1);
      return found;
    }, { timeout: 15_000 });
    expect(rows[0]).toEqual({ assigned_to: fixture.agents.second_line.id, priority: 'high', queue: 'second_line', number: fixture.customers.anna.order });
  });
});
