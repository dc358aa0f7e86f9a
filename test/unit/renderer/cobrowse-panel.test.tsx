import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { useCobrowseStore } from '../../../renderer/features/cobrowse/cobrowse-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole as renderHarness, resetConsoleState } from './console-harness.tsx';

// The co-browse panel on the customer screen over main's real services and a real hub on PGlite,
// with the customer's page played by a plain WebSocket client speaking the protocol: the code to
// read out, going live, control asked / refused / granted / taken back, how a session ended, a
// reloaded page picking the session up, and the viewer iframe's messages (origin and source
// checked; what it sends reaches the customer's page).

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();
const customers: FakeCustomer[] = [];

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

beforeEach(async () => {
  resetConsoleState();
  useCobrowseStore.getState().reset();
  services = await consoles.open({ url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD });
});

afterEach(async () => {
  cleanup();
  for (const customer of customers.splice(0)) customer.close();
  await consoles.disposeAll();
});

const renderConsole = () => renderHarness(inProcessClient(services));

async function openAnna() {
  act(() => openCustomer(fixture.customers.anna.id));
  return waitFor(() => screen.getByTestId('customer-header'), { timeout: 10_000 });
}

const panel = () => screen.getByTestId('cobrowse-panel');
const panelState = (state: string) => waitFor(() => expect(panel().dataset.state).toBe(state), { timeout: 10_000 });

interface FakeCustomer {
  readonly received: Record<string, unknown>[];
  send(message: unknown): void;
  waitFor(match: (frame: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  close(): void;
}

/** The customer's page: joins with the code, says hello with consent, and waits for `live`. */
async function customerJoins(code: string): Promise<FakeCustomer> {
  const joined = await hub.call('POST', '/cobrowse/join', { body: { code } });
  expect(joined.status).toBe(200);
  const { sessionId, customerKey } = joined.body as { sessionId: string; customerKey: string };
  const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/cobrowse/ws/customer?session=${sessionId}`, { perMessageDeflate: true });
  const received: Record<string, unknown>[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const customer: FakeCustomer = {
    received,
    send: (message) => ws.send(JSON.stringify(message)),
    waitFor: async (match, what) => {
      await waitFor(() => expect(received.some(match), `the customer's page got ${what}; it has ${JSON.stringify(received.map((m) => m.t))}`).toBe(true), { timeout: 10_000 });
      return received.find(match) as Record<string, unknown>;
    },
    close: () => ws.close(),
  };
  customers.push(customer);
  customer.send({ t: 'hello', key: customerKey, consent: true, page: { url: 'https://shop.example/checkout', title: 'Checkout — Shop', lang: 'nl', width: 1280, height: 800 } });
  await customer.waitFor((m) => m.t === 'live', 'live');
  return customer;
}

async function startAndReadCode(): Promise<string> {
  fireEvent.click(within(screen.getByTestId('customer-header')).getByTestId('customer-cobrowse'));
  const code = await waitFor(() => screen.getByTestId('cobrowse-code'), { timeout: 10_000 });
  return code.dataset.code ?? '';
}

/**
 * The viewer iframe's window. This DOM loads no iframe documents (the real viewer is tested in
 * Chromium, test/e2e/console-cobrowse-viewer.test.ts): a stand-in window takes its place and
 * keeps what the page posts to it.
 */
function standInViewer(): { window: Window; received: Record<string, unknown>[] } {
  const received: Record<string, unknown>[] = [];
  const stand = { postMessage: (message: Record<string, unknown>) => received.push(structuredClone(message)) } as unknown as Window;
  const iframe = screen.getByTestId('cobrowse-view').querySelector('iframe');
  if (!iframe) throw new Error('no viewer iframe');
  Object.defineProperty(iframe, 'contentWindow', { value: stand, configurable: true });
  return { window: stand, received };
}

/** What the viewer document says, as if from `source` on the console's origin. */
function fromViewer(data: unknown, source: Window, origin = window.location.origin) {
  act(() => {
    window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
  });
}

describe('the co-browse panel', () => {
  it('shows the code in two groups with how long it is valid, and the agent ends the session with one click', async () => {
    await renderConsole();
    await openAnna();
    const code = await startAndReadCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(screen.getByTestId('cobrowse-code').textContent).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(screen.getByTestId('cobrowse-code-expiry').textContent).toMatch(/^Valid for another (10:00|9:[0-5]\d)$/);
    expect(screen.getByTestId('cobrowse-waiting').textContent).toBe('Waiting for the customer to accept…');
    // The header's action now says a session runs instead of starting a second one.
    expect(screen.getByTestId('customer-cobrowse').textContent).toBe('Co-browsing');
    await waitFor(() => expect(panel().textContent).toContain(`Co-browse code: ${[...code].join(' ')}`));

    fireEvent.click(screen.getByTestId('cobrowse-end'));
    await panelState('ended');
    expect(screen.getByTestId('cobrowse-ended').textContent).toBe('You ended the session.');
    // The code is spent: the customer cannot join with it any more.
    expect((await hub.call('POST', '/cobrowse/join', { body: { code } })).status).toBe(404);
    fireEvent.click(screen.getByTestId('cobrowse-close'));
    await waitFor(() => expect(screen.queryByTestId('cobrowse-panel')).toBeNull());
  });

  it("goes live with the customer's page, and follows control asked, refused, granted and taken back", async () => {
    await renderConsole();
    await openAnna();
    const customer = await customerJoins(await startAndReadCode());
    await panelState('live');
    expect(screen.getByTestId('cobrowse-page-title').textContent).toBe('Checkout — Shop');
    expect(screen.getByTestId('cobrowse-page-url').textContent).toBe('https://shop.example/checkout');
    expect(screen.queryByTestId('cobrowse-code')).toBeNull();

    const control = () => screen.getByTestId('cobrowse-control');
    fireEvent.click(screen.getByTestId('cobrowse-ask-control'));
    await customer.waitFor((m) => m.t === 'control.request', 'the control request');
    await waitFor(() => expect(control().dataset.control).toBe('requested'));
    expect(screen.getByTestId('cobrowse-control-waiting').textContent).toBe('Waiting for the customer to allow control…');

    customer.send({ t: 'control', state: 'denied' });
    await waitFor(() => expect(screen.getByTestId('cobrowse-control-answer').textContent).toBe('The customer refused control.'));
    expect(screen.getByTestId('cobrowse-ask-control').textContent).toBe('Ask again');

    // Asked again with the shortcut this time; the customer allows it, then takes it back.
    fireEvent.keyDown(window, { key: 'C', code: 'KeyC', altKey: true, shiftKey: true });
    await waitFor(() => expect(customer.received.filter((m) => m.t === 'control.request')).toHaveLength(2));
    customer.send({ t: 'control', state: 'on' });
    await waitFor(() => expect(control().dataset.control).toBe('on'));
    expect(screen.getByTestId('cobrowse-control-on').textContent).toContain('You have control');
    customer.send({ t: 'control', state: 'off' });
    await waitFor(() => expect(screen.getByTestId('cobrowse-control-answer').textContent).toBe('The customer took back control.'));

    // The customer's page goes away (navigating): the panel says so; its end then shows why.
    customer.close();
    await panelState('away');
    expect(screen.getByTestId('cobrowse-away').textContent).toBe('The customer is changing page…');
  });

  it('shows why it ended when the customer stops sharing, and Alt+Shift+X ends a session the agent started with Alt+Shift+B', async () => {
    await renderConsole();
    await openAnna();
    // The shortcut listens once the customer screen's effects ran, which can be a moment after the
    // header shows: press until it was taken (a press while starting or running does nothing more).
    await waitFor(() => {
      const { startingFor, status } = useCobrowseStore.getState();
      if (startingFor === null && status === null) fireEvent.keyDown(window, { key: 'B', code: 'KeyB', altKey: true, shiftKey: true });
      expect(useCobrowseStore.getState().startingFor ?? useCobrowseStore.getState().status).not.toBeNull();
    });
    const code = await waitFor(() => screen.getByTestId('cobrowse-code').dataset.code ?? '', { timeout: 10_000 });
    const customer = await customerJoins(code);
    await panelState('live');
    customer.send({ t: 'end' });
    await panelState('ended');
    expect(screen.getByTestId('cobrowse-ended').textContent).toBe('The customer stopped sharing.');

    fireEvent.click(screen.getByTestId('cobrowse-start-again'));
    await waitFor(() => expect(screen.getByTestId('cobrowse-code').dataset.code).not.toBe(code), { timeout: 10_000 });
    await panelState('requested');
    fireEvent.keyDown(window, { key: 'X', code: 'KeyX', altKey: true, shiftKey: true });
    await panelState('ended');
    expect(screen.getByTestId('cobrowse-ended').textContent).toBe('You ended the session.');
  });

  it("picks up the running session after a reload, and the viewer's messages reach the customer only from the viewer itself", async () => {
    const started = await services.dispatcher.dispatch('cobrowse.start', { customerId: fixture.customers.anna.id }, { shell: 'web', sender: 'component-test' });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const customer = await customerJoins((started.value as { code: string }).code);

    // A fresh page (as after a reload): it asks main for the running session.
    await renderConsole();
    await openAnna();
    await panelState('live');
    expect(screen.getByTestId('cobrowse-view').dataset.ready).toBe('false');

    // The viewer document says it is ready: the page sets it up in the agent's language, starts it
    // afresh and asks the customer for a fresh full snapshot.
    const viewer = standInViewer();
    const before = customer.received.filter((m) => m.t === 'snapshot').length;
    fromViewer({ type: 'ready' }, viewer.window);
    await waitFor(() => expect(screen.getByTestId('cobrowse-view').dataset.ready).toBe('true'));
    await waitFor(() => expect(customer.received.filter((m) => m.t === 'snapshot').length).toBe(before + 1));
    expect(viewer.received.map((m) => m.type)).toEqual(['setup', 'reset']);
    expect(viewer.received[0]).toMatchObject({ control: 'off', labels: { loading: "Loading the customer's page…" } });

    // The customer's frames go to the viewer verbatim.
    const frame = JSON.stringify({ t: 'ev', e: [{ type: 3, timestamp: 1, data: { source: 2, type: 2, id: 7, x: 1, y: 2 } }] });
    customer.send(JSON.parse(frame));
    await waitFor(() => expect(viewer.received.find((m) => m.type === 'frame')).toEqual({ type: 'frame', data: frame }));

    // The agent's pointer and highlight from the view reach the customer's page…
    fromViewer({ type: 'send', message: { t: 'pointer', x: 120, y: 48 } }, viewer.window);
    fromViewer({ type: 'send', message: { t: 'highlight', x: 300, y: 200 } }, viewer.window);
    await customer.waitFor((m) => m.t === 'highlight' && m.x === 300 && m.y === 200, 'the highlight');
    expect(customer.received.some((m) => m.t === 'pointer' && m.x === 120 && m.y === 48)).toBe(true);

    // …but not from another window, another origin, or in a shape the protocol does not have.
    fromViewer({ type: 'send', message: { t: 'highlight', x: 1, y: 1 } }, window);
    fromViewer({ type: 'send', message: { t: 'highlight', x: 2, y: 2 } }, viewer.window, 'https://evil.example');
    fromViewer({ type: 'send', message: { t: 'act', a: 'key', key: 'ArrowLeft' } }, viewer.window);
    fromViewer({ type: 'send', message: { t: 'highlight', x: 3, y: 3 } }, viewer.window);
    await customer.waitFor((m) => m.t === 'highlight' && m.x === 3, 'the last highlight');
    expect(customer.received.filter((m) => m.t === 'highlight').map((m) => m.x)).toEqual([300, 3]);
    expect(customer.received.some((m) => m.t === 'act')).toBe(false);
  });
});
