import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The history as an agent reads it, over the real main services and a real hub on PGlite: one
// row per order with its steps inside (not a row per step), the whole text of a mail or a call
// note one click or key away, and each row's date and time in full.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();
const dorien = { id: uuidv7(), name: 'Dorien Bakker' };
const orders = { delivered: 'NL-2026-0000501', cancelled: 'NL-2026-0000502' };
/** A mail of several paragraphs: far more than the two lines a folded row shows. */
const MAIL = [
  'Dear customer service,',
  'The parcel with the winter coat arrived with a torn box and the left sleeve is stained. I attached three photos.',
  'I would like a replacement in the same size (M, dark green) rather than a refund, because it was a birthday present.',
  'Please call me after 17:00 on weekdays; the mornings I am at work and cannot pick up.',
  'Kind regards, Dorien',
].join('\n');
const CALL_NOTE = 'Promised a replacement coat; courier picks up the damaged one on Friday between 9 and 13.';

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [dorien.id, dorien.name, fixture.officeId]);
  const contact = (channel: string, hoursAgo: number, note: string) =>
    db.query(
      `insert into interaction (id, customer_id, channel, direction, started_at, reasons, note, request_hash)
       values ($1, $2, $3, 'inbound', now() - make_interval(hours => $4::int), '{}', $5, 'seed')`,
      [uuidv7(), dorien.id, channel, hoursAgo, note],
    );
  await contact('email', 30, MAIL);
  await contact('phone', 2, CALL_NOTE);
  const order = async (number: string, status: string, daysAgo: number, steps: [string, number, string | null][]) => {
    const id = uuidv7();
    await db.query(
      `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', 8_995, $4, now() - make_interval(days => $5::int))`,
      [id, dorien.id, number, status, daysAgo],
    );
    for (const [step, hoursAfter, tracking] of steps) {
      await db.query(
        `insert into order_event (id, order_id, status, occurred_at, tracking_ref) values ($1, $2, $3, now() - make_interval(days => $4::int) + make_interval(hours => $5::int), $6)`,
        [uuidv7(), id, step, daysAgo, hoursAfter, tracking],
      );
    }
  };
  await order(orders.delivered, 'delivered', 6, [['placed', 0, null], ['paid', 1, null], ['shipped', 20, '3SDORIEN01'], ['delivered', 44, null]]);
  await order(orders.cancelled, 'cancelled', 4, [['placed', 0, null], ['cancelled', 2, null]]);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(async () => {
  resetConsoleState();
  services = await consoles.open({ url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD });
}, 60_000);

afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

const SLOW = { timeout: 15_000 };
const entries = () => screen.queryAllByTestId('timeline-entry');
const rowOf = (kind: string, text: string) => entries().find((entry) => entry.dataset.kind === kind && entry.textContent?.includes(text)) as HTMLElement;

async function openDorien() {
  await renderConsole(inProcessClient(services));
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  act(() => openCustomer(dorien.id));
  await waitFor(() => expect(screen.getByTestId('timeline-count').textContent).toBe('4 entries shown'), SLOW);
}

describe('the history’s rows', () => {
  it('shows one row per order with its current step and a stepper that dates each step, not a row per step', async () => {
    await openDorien();
    // Two contacts and two orders: the six order steps are inside the order rows.
    expect(entries().map((entry) => entry.dataset.kind)).toEqual(['interaction', 'interaction', 'order', 'order']);

    const delivered = rowOf('order', orders.delivered);
    expect(delivered.textContent).toContain(`Order ${orders.delivered} · €89.95 · delivered`);
    expect(delivered.textContent).toContain('Tracking number 3SDORIEN01');
    const steps = within(delivered).getAllByTestId('timeline-order-step');
    expect(steps.map((step) => `${step.dataset.status}:${step.dataset.done}`)).toEqual(['placed:true', 'paid:true', 'shipped:true', 'delivered:true']);
    // Each step with its own date, in step order; the current one marked for screen readers.
    const dates = steps.map((step) => step.querySelector('time')?.getAttribute('dateTime') ?? '');
    expect(dates.every((date) => /^\d{4}-/.test(date))).toBe(true);
    expect([...dates].sort()).toEqual(dates);
    expect(steps.at(-1)?.getAttribute('aria-current')).toBe('step');
    expect(within(delivered).getByRole('list', { name: `Progress of order ${orders.delivered}` })).toBeTruthy();

    const cancelled = rowOf('order', orders.cancelled);
    expect(cancelled.textContent).toContain('· cancelled');
    const cancelledSteps = within(cancelled).getAllByTestId('timeline-order-step');
    expect(cancelledSteps.map((step) => `${step.dataset.status}:${step.dataset.done}`)).toEqual(['placed:true', 'cancelled:true']);
    expect(cancelledSteps.at(-1)?.getAttribute('aria-current')).toBe('step');

    // The "orders" chip shows the same rows, one per order.
    fireEvent.click(screen.getByTestId('timeline-filter-orders'));
    await waitFor(() => expect(entries().map((entry) => entry.dataset.kind)).toEqual(['order', 'order']), SLOW);
    // A tracking number finds its order's row.
    fireEvent.click(screen.getByTestId('timeline-filter-all'));
    fireEvent.change(screen.getByTestId('timeline-search'), { target: { value: '3sdorien' } });
    await waitFor(() => expect(entries()).toHaveLength(1), SLOW);
    expect(entries()[0]?.textContent).toContain(orders.delivered);
  }, 60_000);

  it('unfolds a row to the whole text of the mail with a click, Enter and Space, and tells screen readers', async () => {
    await openDorien();
    const mail = () => rowOf('interaction', 'E-mail');
    const toggle = () => within(mail()).getByTestId('timeline-toggle');
    const detail = () => within(mail()).getByTestId('timeline-detail');
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(toggle().getAttribute('aria-controls')).toBe(detail().id);
    expect(toggle().textContent).toContain('E-mail, incoming');
    expect(detail().className).not.toContain('timeline-entry__detail--full');

    // A click anywhere on the row: the whole mail, every paragraph.
    fireEvent.click(within(mail()).getByTestId('timeline-time'));
    await waitFor(() => expect(toggle().getAttribute('aria-expanded')).toBe('true'));
    expect(mail().dataset.expanded).toBe('true');
    expect(detail().className).toContain('timeline-entry__detail--full');
    expect(detail().textContent).toBe(MAIL);

    // From the keyboard: the row is focused, Enter folds it, Space unfolds it again.
    act(() => mail().focus());
    fireEvent.keyDown(mail(), { key: 'Enter' });
    await waitFor(() => expect(toggle().getAttribute('aria-expanded')).toBe('false'));
    fireEvent.keyDown(mail(), { key: ' ' });
    await waitFor(() => expect(toggle().getAttribute('aria-expanded')).toBe('true'));
    // The arrow keys still move between rows, and the other row stays folded.
    fireEvent.keyDown(mail(), { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1'));
    const call = rowOf('interaction', 'Phone call');
    expect(within(call).getByTestId('timeline-toggle').getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(call, { key: 'Enter' });
    await waitFor(() => expect(within(rowOf('interaction', 'Phone call')).getByTestId('timeline-detail').textContent).toBe(CALL_NOTE));
    expect(within(rowOf('interaction', 'Phone call')).getByTestId('timeline-toggle').getAttribute('aria-expanded')).toBe('true');
    // The mail kept its state while the focus moved.
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    // A screen reader hears how: the feed's description names Enter.
    const feed = screen.getByRole('feed');
    expect(document.getElementById(feed.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Enter or Space shows an entry’s whole text');
  }, 60_000);

  it('shows every row’s date and time in full, not a relative or cut time', async () => {
    await openDorien();
    for (const entry of entries()) {
      const time = within(entry).getByTestId('timeline-time');
      const at = new Date(time.getAttribute('dateTime') ?? '');
      const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(at);
      const clock = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(at);
      expect(time.textContent).toBe(`${date} ${clock}`);
      expect(time.getAttribute('title')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short' }).format(at));
    }
  }, 60_000);
});
