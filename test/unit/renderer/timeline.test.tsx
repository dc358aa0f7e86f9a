import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { App } from '../../../renderer/frame/App.tsx';
import { ClientContext } from '../../../renderer/app/client-context.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { OrdersPanel } from '../../../renderer/features/customer/OrdersPanel.tsx';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { createI18n } from '../../../renderer/i18n/i18n.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { resetConsoleState } from './console-harness.tsx';

// The customer's unified timeline and orders over the real main services and a real hub on
// PGlite: a customer with a long history (hundreds of contacts, orders, feedback), scrolled with
// the mouse and the keyboard, narrowed by channel and by text; their orders as steppers.
//
// happy-dom lays nothing out: the stubs below give the scroller a height and every row the same
// height, which is all the virtualiser reads (clientHeight and scrollHeight of the scroller,
// offsetHeight of a rendered row), and fire "scroll" when a scroll moved, as a browser does.

const SCROLLER_PX = 400;
const ROW_PX = 50;
const CONTACTS = 300;
const CHANNELS = ['phone', 'email', 'chat', 'whatsapp', 'note'] as const;

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();
const carla = { id: uuidv7(), name: 'Carla Timmermans' };
const orders = { delivered: 'NL-2026-0000777', returned: 'NL-2026-0000778', placed: 'NL-2026-0000779' };
const restore: (() => void)[] = [];

function stubLayout() {
  const define = (name: 'clientHeight' | 'offsetHeight' | 'scrollHeight', height: (element: HTMLElement) => number) => {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: function (this: HTMLElement) { return height(this); } });
    restore.push(() => (original ? Object.defineProperty(HTMLElement.prototype, name, original) : delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name]));
  };
  define('clientHeight', (element) => (element.dataset.testid === 'timeline-scroller' ? SCROLLER_PX : 0));
  define('offsetHeight', (element) => (element.dataset.testid === 'timeline-entry' ? ROW_PX : 0));
  // What the scroller holds: the height the virtualiser gave the feed inside it.
  define('scrollHeight', (element) => (element.dataset.testid === 'timeline-scroller' ? Number.parseFloat((element.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0 : 0));
  // A browser keeps scrollTop between 0 and scrollHeight − clientHeight; happy-dom keeps any
  // number. Unclamped, a correction the virtualiser makes while the feed's new height is not yet
  // rendered lands past the end, which it reads as elastic overscroll (a touchpad bouncing): it
  // holds its corrections until the scrolling settles (150 ms) and writes a scroll made meanwhile
  // that much short. Home pressed within 150 ms of End wrote −30: five rows first measured at
  // 50 px instead of the 44 px estimate.
  const scrollTop = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop');
  if (!scrollTop?.get || !scrollTop.set) throw new Error('happy-dom has no scrollTop accessor to clamp');
  const { get: readTop, set: writeTop } = scrollTop;
  Object.defineProperty(HTMLElement.prototype, 'scrollTop', {
    configurable: true,
    get: function (this: HTMLElement) {
      return readTop.call(this);
    },
    set: function (this: HTMLElement, value: number) {
      writeTop.call(this, Math.min(Math.max(0, value), Math.max(0, this.scrollHeight - this.clientHeight)));
    },
  });
  restore.push(() => delete (HTMLElement.prototype as unknown as Record<string, unknown>).scrollTop);
  // A browser says "scroll" when a scroll it was asked for moved something; happy-dom moves silently.
  const scroll = Element.prototype.scroll;
  HTMLElement.prototype.scroll = function (this: HTMLElement, ...args: Parameters<Element['scroll']>) {
    const before = this.scrollTop;
    scroll.apply(this, args);
    if (this.scrollTop !== before) this.dispatchEvent(new Event('scroll'));
  } as Element['scroll'];
  restore.push(() => delete (HTMLElement.prototype as unknown as Record<string, unknown>).scroll);
}

/** Carla's history at the hub: 300 contacts an hour apart over every channel, three orders, feedback, a cart. */
async function seedLongHistory(): Promise<void> {
  await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [carla.id, carla.name, fixture.officeId]);
  await db.query(`insert into customer_phone (customer_id, e164) values ($1, '+31611112222')`, [carla.id]);
  for (let i = 0; i < CONTACTS; i++) {
    const channel = CHANNELS[i % CHANNELS.length] ?? 'note';
    const direction = channel === 'note' ? 'internal' : 'inbound';
    // One old note has a word found nowhere else: the search has to find it beyond the first pages.
    const note = i === 260 ? 'Customer mentioned the zebra print dress' : `Contact number ${i}`;
    await db.query(
      `insert into interaction (id, customer_id, channel, direction, started_at, reasons, outcome, first_contact_fix, transfers, note, request_hash)
       values ($1, $2, $3, $4, now() - make_interval(mins => $5::int), $6, $7, $8, $9, $10, 'seed')`,
      [
        uuidv7(),
        carla.id,
        channel,
        direction,
        30 + i * 60,
        channel === 'phone' ? ['where_is_my_order', 'return_label'] : [],
        channel === 'phone' ? 'solved' : null,
        channel === 'phone' ? i % 2 === 0 : null,
        channel === 'phone' && i % 3 === 0 ? 2 : 0,
        note,
      ],
    );
  }
  const order = async (number: string, status: string, daysAgo: number, events: [string, number, string | null][]) => {
    const id = uuidv7();
    await db.query(
      `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', 12_345, $4, now() - make_interval(days => $5::int))`,
      [id, carla.id, number, status, daysAgo],
    );
    for (const [event, hoursAfter, tracking] of events) {
      await db.query(
        `insert into order_event (id, order_id, status, occurred_at, tracking_ref) values ($1, $2, $3, now() - make_interval(days => $4::int) + make_interval(hours => $5::int), $6)`,
        [uuidv7(), id, event, daysAgo, hoursAfter, tracking],
      );
    }
  };
  await order(orders.delivered, 'delivered', 10, [['placed', 0, null], ['paid', 1, null], ['shipped', 20, '3SCARLA0001'], ['delivered', 44, '3SCARLA0001']]);
  await order(orders.returned, 'returned', 8, [['placed', 0, null], ['paid', 1, null], ['shipped', 20, '3SCARLA0002'], ['delivered', 40, null], ['returned', 100, null]]);
  await order(orders.placed, 'placed', 1, [['placed', 0, null]]);
  await db.query(`insert into feedback (id, customer_id, kind, score, comment, occurred_at) values ($1, $2, 'nps', 9, 'Quick help', now() - interval '2 days')`, [uuidv7(), carla.id]);
  await db.query(`insert into cart (id, customer_id, status, value_cents, currency, occurred_at) values ($1, $2, 'abandoned', 5_000, 'EUR', now() - interval '3 days')`, [uuidv7(), carla.id]);
}

beforeAll(async () => {
  stubLayout();
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await seedLongHistory();
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  for (const undo of restore.reverse()) undo();
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

async function renderWith(children: ReactNode, client: LoketClient = inProcessClient(services)) {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
    </I18nextProvider>,
  );
}

/** The app on Carla's customer screen, once the first page of her history is shown. */
async function openCarla(client?: LoketClient) {
  await renderWith(<App />, client);
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  act(() => openCustomer(carla.id));
  await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: carla.name })).toBeTruthy(), SLOW);
  await waitFor(() => expect(entries().length).toBeGreaterThan(0), SLOW);
}

const entries = () => screen.queryAllByTestId('timeline-entry');
const scroller = () => screen.getByTestId('timeline-scroller');
const positions = () => entries().map((entry) => Number(entry.getAttribute('aria-posinset')));
const count = () => screen.getByTestId('timeline-count').textContent;

/** Scrolls the list the way a wheel does: the offset changes, then the element says so. */
function scrollTo(top: number) {
  act(() => {
    scroller().scrollTop = top;
    fireEvent.scroll(scroller());
  });
}

describe('the customer’s unified timeline', () => {
  it('renders only a window of a long history and loads older pages while scrolling down', async () => {
    await openCarla();
    expect(count()).toBe('50 entries shown, older ones load as you scroll');
    // 400 px of 50 px rows: 8 in view and a few beyond, never the whole page.
    expect(entries().length).toBeGreaterThanOrEqual(8);
    expect(entries().length).toBeLessThan(25);
    expect(positions()[0]).toBe(1);
    expect(entries()[0]?.getAttribute('aria-setsize')).toBe('-1'); // more to come
    const feed = screen.getByRole('feed');
    expect(feed.getAttribute('aria-labelledby')).toBe('timeline-title');

    // Near the end of the first page the next one comes without a click.
    scrollTo(40 * ROW_PX);
    await waitFor(() => expect(count()).toBe('150 entries shown, older ones load as you scroll'), SLOW);
    expect(entries().length).toBeLessThan(30);
    expect(Math.min(...positions())).toBeGreaterThan(30);

    // All the way down: every page, then the end of the history.
    for (let guard = 0; guard < 10 && screen.queryByTestId('timeline-older'); guard++) {
      const shown = Number(/\d+/.exec(count() ?? '')?.[0]);
      scrollTo(shown * ROW_PX - SCROLLER_PX);
      await waitFor(() => expect(count()).not.toBe(`${shown} entries shown, older ones load as you scroll`), SLOW);
    }
    // 300 contacts, 3 orders (one row each, their 10 steps inside), one review, one cart.
    expect(count()).toBe('305 entries shown');
    expect(screen.getByText('No older entries.')).toBeTruthy();
    const last = entries().at(-1) as HTMLElement;
    expect(last.getAttribute('aria-posinset')).toBe('305');
    expect(last.getAttribute('aria-setsize')).toBe('305');
    expect(entries().length).toBeLessThan(30);
  }, 60_000);

  it('moves through the rows with the arrow keys, Page Down, End and Home, loading older entries on the way', async () => {
    await openCarla();
    const first = entries()[0] as HTMLElement;
    // One row is in the Tab order; the others are reached with the keys.
    expect(first.tabIndex).toBe(0);
    expect(entries().filter((entry) => entry.tabIndex === 0)).toHaveLength(1);
    act(() => first.focus());
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2'));
    fireEvent.keyDown(document.activeElement as Element, { key: 'PageDown' });
    // A page is what fits in the scroller (8 rows) less one, so the row left stays in view.
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('9'));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('8'));

    // End: the last row loaded, which scrolls there and so loads the next page.
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('50'));
    expect(scroller().scrollTop).toBeGreaterThan(40 * ROW_PX - SCROLLER_PX);
    await waitFor(() => expect(count()).toBe('150 entries shown, older ones load as you scroll'), SLOW);
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('150'));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('timeline-entry');

    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1'));
    expect(scroller().scrollTop).toBe(0);
  }, 60_000);

  it('shows contact reasons, the outcome and first contact fix on contacts, and the pending badge on a note not sent', async () => {
    await openCarla();
    const call = entries().find((entry) => entry.textContent?.includes('Phone call')) as HTMLElement;
    expect(call.dataset.kind).toBe('interaction');
    expect(call.textContent).toContain('Phone call, incoming · solved');
    // The hub's label where it has one (the fixture labels where_is_my_order), the code as words otherwise.
    await waitFor(() => expect(within(call).getAllByTestId('timeline-reason').map((reason) => reason.textContent)).toEqual(['Where is my order', 'Return label']));
    expect(within(call).getByRole('list', { name: 'Contact reasons' })).toBeTruthy();
    expect(within(call).getByTestId('timeline-tag-fcf').textContent).toMatch(/^(Solved|Not solved) at first contact$/);

    services.data.sender?.stop();
    const note = `Promised a new label ${uuidv7().slice(-6)}`;
    fireEvent.change(screen.getByTestId('note-input'), { target: { value: note } });
    fireEvent.click(screen.getByTestId('note-add'));
    await waitFor(() => expect(entries()[0]?.textContent).toContain(note), SLOW);
    expect(entries()[0]?.dataset.pending).toBe('true');
    expect(within(entries()[0] as HTMLElement).getByText('Not sent yet')).toBeTruthy();
    services.data.sender?.start();
    await waitFor(() => expect(entries()[0]?.dataset.pending).toBe('false'), SLOW);
  }, 60_000);

  it('narrows the history by channel chips and by text, and says when nothing matches', async () => {
    const sent: unknown[] = [];
    const real = inProcessClient(services);
    const client: LoketClient = {
      ...real,
      request: (channel, payload) => {
        if (channel === 'customers.timeline') sent.push(payload);
        return real.request(channel, payload);
      },
    };
    await openCarla(client);
    const all = screen.getByTestId('timeline-filter-all');
    expect(all.getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('timeline-filter-calls'));
    expect(screen.getByTestId('timeline-filter-calls').getAttribute('aria-pressed')).toBe('true');
    expect(all.getAttribute('aria-pressed')).toBe('false');
    await waitFor(() => expect(entries().every((entry) => entry.textContent?.includes('Phone call'))).toBe(true), SLOW);
    expect(sent.at(-1)).toMatchObject({ customerId: carla.id, filters: ['calls'] });
    expect(sent.at(-1)).not.toHaveProperty('before'); // from the first page again

    // A second chip adds its group.
    fireEvent.click(screen.getByTestId('timeline-filter-orders'));
    await waitFor(() => expect(entries().some((entry) => entry.dataset.kind === 'order')).toBe(true), SLOW);
    expect(new Set(entries().map((entry) => entry.dataset.kind))).toEqual(new Set(['interaction', 'order']));
    expect(sent.at(-1)).toMatchObject({ filters: ['calls', 'orders'] });

    fireEvent.click(all);
    await waitFor(() => expect(new Set(entries().map((entry) => entry.textContent?.split(',')[0])).size).toBeGreaterThan(2), SLOW);
    expect(sent.at(-1)).not.toHaveProperty('filters');

    // Text: debounced, then only what contains it, even from far back in the history.
    const search = screen.getByTestId('timeline-search');
    const before = sent.length;
    fireEvent.change(search, { target: { value: 'zeb' } });
    fireEvent.change(search, { target: { value: 'zebra' } });
    await waitFor(() => expect(entries()).toHaveLength(1), SLOW);
    expect(entries()[0]?.textContent).toContain('zebra print dress');
    // One search for both keystrokes (then maybe the next page: older history continues at the hub).
    expect(sent.slice(before)[0]).toEqual({ customerId: carla.id, limit: 50, text: 'zebra' });
    expect(sent.slice(before).every((payload) => (payload as { text?: string }).text === 'zebra')).toBe(true);
    await waitFor(() => expect(count()).toBe('1 entry shown'), SLOW);

    fireEvent.change(search, { target: { value: 'flamingo' } });
    const empty = await screen.findByTestId('timeline-no-match', {}, SLOW);
    expect(empty.textContent).toContain('Nothing in this customer’s history matches “flamingo”.');
    expect(screen.queryByTestId('timeline-empty')).toBeNull();
    fireEvent.click(within(empty).getByTestId('timeline-reset'));
    await waitFor(() => expect(entries().length).toBeGreaterThan(5), SLOW);
    expect((search as HTMLInputElement).value).toBe('');
    expect(count()).toBe('50 entries shown, older ones load as you scroll');

    // Esc in the box clears the search.
    fireEvent.change(search, { target: { value: 'flamingo' } });
    await screen.findByTestId('timeline-no-match', {}, SLOW);
    fireEvent.keyDown(search, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('timeline-no-match')).toBeNull(), SLOW);
  }, 60_000);

  it('says “no history yet” for a customer without any, not “nothing matches”', async () => {
    await renderWith(<App />);
    await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
    act(() => openCustomer(fixture.customers.bram.id));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Bram Jansen' })).toBeTruthy(), SLOW);
    await waitFor(() => expect(screen.getByTestId('timeline-empty').textContent).toBe('No history yet.'), SLOW);
    expect(screen.queryByTestId('timeline-no-match')).toBeNull();
    expect(screen.queryByTestId('timeline-scroller')).toBeNull();
  }, 60_000);
});

describe('the orders panel', () => {
  it('lists the orders newest first with their steps, dates, totals and tracking number', async () => {
    await renderWith(<OrdersPanel customerId={carla.id} />);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(3), SLOW);
    const rows = screen.getAllByTestId('order-row');
    expect(rows.map((row) => row.dataset.number)).toEqual([orders.placed, orders.returned, orders.delivered]);
    const steps = (row: HTMLElement) => within(row).getAllByTestId('order-step').map((step) => `${step.dataset.status}:${step.dataset.done}`);
    expect(steps(rows[0] as HTMLElement)).toEqual(['placed:true', 'paid:false', 'shipped:false', 'delivered:false']);
    expect(steps(rows[1] as HTMLElement)).toEqual(['placed:true', 'paid:true', 'shipped:true', 'delivered:true', 'returned:true']);
    expect(steps(rows[2] as HTMLElement)).toEqual(['placed:true', 'paid:true', 'shipped:true', 'delivered:true']);

    const delivered = rows[2] as HTMLElement;
    expect(delivered.textContent).toContain(`Order ${orders.delivered}`);
    expect(delivered.textContent).toContain('€123.45');
    // Each step done shows when; the current one is marked for screen readers.
    for (const step of within(delivered).getAllByTestId('order-step')) expect(step.querySelector('time')?.getAttribute('dateTime')).toMatch(/^\d{4}-/);
    expect(within(delivered).getAllByTestId('order-step').at(-1)?.getAttribute('aria-current')).toBe('step');
    expect(within(delivered).getByRole('list', { name: `Progress of order ${orders.delivered}` })).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getAllByTestId('order-step')[1]?.textContent).toBe('PaidNot yet');

    expect(within(delivered).getByTestId('order-tracking').textContent).toBe('3SCARLA0001');
    expect(within(rows[0] as HTMLElement).queryByTestId('order-tracking')).toBeNull();
    expect(rows[0]?.textContent).toContain('No tracking number yet');
  }, 60_000);

  it('copies the tracking number with one click', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    await renderWith(<OrdersPanel customerId={carla.id} />);
    const row = await screen.findByText(`Order ${orders.delivered}`, {}, SLOW);
    fireEvent.click(within(row.closest('li') as HTMLElement).getByRole('button', { name: 'Copy tracking number 3SCARLA0001' }));
    await waitFor(() => expect(copied).toEqual(['3SCARLA0001']));
    await waitFor(() => expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain('Tracking number 3SCARLA0001 copied.'));
  }, 60_000);

  it('says when there are no orders, and shows a new one when sync brings it', async () => {
    await renderWith(<OrdersPanel customerId={fixture.customers.bram.id} />);
    await waitFor(() => expect(screen.getByTestId('orders-empty').textContent).toBe('No orders yet.'), SLOW);
    await db.query(
      `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, 'NL-2026-0000900', 'EUR', 1_000, 'placed', now())`,
      [uuidv7(), fixture.customers.bram.id],
    );
    await services.data.syncer?.syncNow();
    await waitFor(() => expect(screen.getByTestId('order-row').dataset.number).toBe('NL-2026-0000900'), SLOW);
  }, 60_000);
});
