import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallerMatch } from '../../../common/contract/telephony.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { openCustomer, useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { checkNewCustomer, customerDefaults, knownCustomer, popKind } from '../../../renderer/features/screen-pop/screen-pop-model.ts';
import { useScreenPopStore } from '../../../renderer/features/screen-pop/screen-pop-store.ts';
import { useCallersStore, type Caller } from '../../../renderer/app/stores/callers-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { useWrapUpStore } from '../../../renderer/features/wrap-up/wrap-up-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { callView, phoneStandIn, renderConsole, resetConsoleState, type TestCall } from './console-harness.tsx';

// The screen pop over the real main services (cache, sync, outbox) and a real hub on PGlite.
// Calls are set in the phone store the way main reports them (main's softphone is tested on the
// real SIP rig); `phone.linkCustomer` is answered by the same stand-in, everything else by main.


let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let removeDir: () => Promise<void>;
/** Bea shares Bram's number (a household). */
const bea = { id: uuidv7(), name: 'Bea Jansen', email: 'bea@example.nl' };

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [bea.id, bea.name, fixture.officeId]);
  await db.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [bea.id, fixture.customers.bram.phone]);
  await db.query('insert into customer_email (customer_id, email) values ($1, $2)', [bea.id, bea.email]);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(async () => {
  resetConsoleState();
  const temp = await tempDir();
  removeDir = temp.cleanup;
  services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true });
});

afterEach(async () => {
  cleanup();
  await services?.dispose();
  await removeDir?.();
});

const SLOW = { timeout: 15_000 };

function inbound(patch: Partial<TestCall> & Pick<TestCall, 'remoteNumber' | 'matches'>): TestCall {
  const id = patch.id ?? `call-${uuidv7().slice(-8)}`;
  return {
    id,
    direction: 'inbound',
    state: 'ringing',
    remoteName: null,
    sipCallId: `sip-${id}`,
    startedAt: Date.now(),
    answeredAt: null,
    endedAt: null,
    endReason: null,
    held: false,
    muted: false,
    recovering: false,
    consultFor: null,
    transfer: null,
    transfers: 0,
    quality: null,
    interactionId: uuidv7(),
    customerId: patch.matches.length === 1 ? (patch.matches[0]?.id ?? null) : null,
    ...patch,
  };
}

/** The screen pop's matches as main finds them: the cached customers with the caller's number. */
async function matchesFor(number: string): Promise<CallerMatch[]> {
  const { hits } = await inProcessClient(services).request('customers.search', { query: number, limit: 20 });
  return hits.filter((hit) => hit.matchedOn === 'phone').map((hit) => ({ id: hit.id, name: hit.name, country: hit.country, language: hit.language, emails: hit.emails }));
}


async function signInAndSync() {
  act(() => useNavigationStore.getState().navigate('settings'));
  fireEvent.change(screen.getByTestId('hub-url'), { target: { value: hub.url } });
  fireEvent.change(screen.getByTestId('hub-email'), { target: { value: fixture.agents.first_line.email } });
  fireEvent.change(screen.getByTestId('hub-password'), { target: { value: PASSWORD } });
  fireEvent.click(screen.getByTestId('hub-sign-in-submit'));
  await waitFor(() => expect(services.data.syncer?.lastSyncedAt).toBeTruthy(), SLOW);
  await waitFor(() => expect(screen.getByTestId('sync-status').dataset.connection).toBe('online'), SLOW);
}

async function start() {
  const phone = phoneStandIn(inProcessClient(services));
  await renderConsole(phone.client);
  await signInAndSync();
  return phone;
}

const customerName = () => document.getElementById('customer-name')?.textContent ?? null;
const entries = () => screen.queryAllByTestId('timeline-entry');

describe('the screen pop model', () => {
  const match = (id: string): CallerMatch => ({ id, name: id, country: 'NL', language: 'nl', emails: [] });
  it('knows the customer of a linked call or of a number with one match, and asks otherwise', () => {
    expect(knownCustomer({ customerId: null, matches: [match('a')] })).toBe('a');
    expect(knownCustomer({ customerId: 'b', matches: [match('a'), match('c')] })).toBe('b');
    expect(popKind({ customerId: null, matches: [match('a'), match('c')], remoteNumber: '+31687654321' })).toBe('chooser');
    expect(popKind({ customerId: null, matches: [], remoteNumber: '+31611122233' })).toBe('unknown');
    expect(popKind({ customerId: null, matches: [], remoteNumber: 'anonymous' })).toBe('unknown');
    // While the hub is still asked: "looking up", no "new customer" that would make a duplicate.
    expect(popKind({ customerId: null, matches: [], remoteNumber: '+31611122233', pending: true })).toBe('lookingUp');
    expect(popKind({ customerId: null, matches: [match('a'), match('c')], remoteNumber: '+31687654321', pending: true })).toBe('chooser');
    // A colleague's extension: nobody to name, no pop.
    expect(popKind({ customerId: null, matches: [], remoteNumber: '2001' })).toBeNull();
    expect(popKind({ customerId: null, matches: [match('a')], remoteNumber: '+31612345678' })).toBeNull();
  });

  it('decides from the caller, whether it comes before or after the ringing call, and opens a customer once, with its call', () => {
    const store = useScreenPopStore.getState();
    store.reset();
    const caller = (callId: string, matches: CallerMatch[]): Caller => ({
      callId,
      number: '+31612345678',
      matches,
      customerId: matches.length === 1 ? (matches[0]?.id ?? null) : null,
      customer: null,
      source: 'cache',
      pending: false,
      hubUnreachable: false,
      receivedAt: Date.now(),
      unnamed: false,
    });
    const view = (id: string) => callView(inbound({ id, remoteNumber: '+31612345678', matches: [] }));
    // The ringing call first: nothing to decide until its caller comes.
    const first = view('call-1');
    expect(store.follow([first], {})).toEqual([]);
    expect(useScreenPopStore.getState().pops).toEqual([]);
    expect(store.follow([first], { 'call-1': caller('call-1', [match('a')]) })).toEqual(['a']);
    // The caller first (main sends it a moment before the call): the customer opens with the
    // ringing call (banner and header in one render), and only once.
    const callers = { 'call-2': caller('call-2', [match('b')]) };
    expect(store.follow([], callers)).toEqual([]);
    expect(store.follow([view('call-2')], callers)).toEqual(['b']);
    expect(store.follow([view('call-2')], callers)).toEqual([]);
    // Several matches: the question, with the caller's matches.
    expect(store.follow([view('call-3')], { 'call-3': caller('call-3', [match('c'), match('d')]) })).toEqual([]);
    expect(useScreenPopStore.getState().pops.map((pop) => [pop.call.id, pop.call.matches.map((m) => m.id)])).toEqual([['call-3', ['c', 'd']]]);
  });

  it("defaults a new customer's country and language from the number, else the office", () => {
    expect(customerDefaults('+32470123456', 'NL')).toEqual({ country: 'BE', language: 'nl' });
    expect(customerDefaults('+48601234567', 'NL')).toEqual({ country: 'PL', language: 'pl' });
    expect(customerDefaults('anonymous', 'DE')).toEqual({ country: 'DE', language: 'de' });
    expect(customerDefaults('1001', 'FR')).toEqual({ country: 'FR', language: 'fr' });
  });

  it('checks the new-customer form per field', () => {
    expect(checkNewCustomer({ name: ' ', phone: '06 1234', email: 'nope', country: 'NL' })).toEqual({
      name: 'nameMissing',
      phone: 'phoneInvalid',
      email: 'emailInvalid',
    });
    expect(checkNewCustomer({ name: 'Chris', phone: '06 11 12 22 33', email: '', country: 'NL' })).toEqual({});
  });
});

describe('the screen pop over real services and a real hub', () => {
  it('opens the one customer with the number while it rings, once: leaving them keeps them left', async () => {
    const phone = await start();
    const { anna } = fixture.customers;
    act(() => useNavigationStore.getState().navigate('search'));
    // Main's caller carries Anna's 360 from its cache.
    const customer = await inProcessClient(services).request('customers.get', { id: anna.id });
    const call = inbound({ remoteNumber: anna.phone, matches: await matchesFor(anna.phone), customer });
    expect(call.matches.map((m) => m.id)).toEqual([anna.id]);
    const asked = phone.requests('customers.get');
    phone.set([call]);

    expect(useNavigationStore.getState().view).toBe('customer');
    expect(useCustomerStore.getState().customerId).toBe(anna.id);
    await waitFor(() => expect(customerName()).toBe('Anna de Vries'));
    // The header is painted from that 360: the customer screen did not ask main for it again.
    expect(phone.requests('customers.get')).toBe(asked);
    expect(screen.getByTestId('incoming-call')).toBeTruthy();
    expect(screen.queryByTestId('screen-pop-chooser')).toBeNull();
    expect(screen.queryByTestId('screen-pop-unknown')).toBeNull();

    // The agent looks something up elsewhere during the call: answering does not pull them back.
    act(() => useNavigationStore.getState().navigate('search'));
    phone.patch(call.id, { state: 'active', answeredAt: Date.now() });
    expect(useNavigationStore.getState().view).toBe('search');
  }, 60_000);

  it("shows the caller's header in the same commit as the ringing banner when the caller comes a moment before the call", async () => {
    const phone = await start();
    const { anna } = fixture.customers;
    act(() => useNavigationStore.getState().navigate('search'));
    const customer = await inProcessClient(services).request('customers.get', { id: anna.id });
    const call = inbound({ remoteNumber: anna.phone, matches: await matchesFor(anna.phone), customer });
    // Main's first message: the caller alone. Nothing opens yet: the ringing call follows at once.
    act(() => useCallersStore.getState().receive([{ callId: call.id, number: call.remoteNumber, matches: [...call.matches], customerId: anna.id, customer, source: 'cache', pending: false, hubUnreachable: false }]));
    expect(useNavigationStore.getState().view).toBe('search');
    expect(document.querySelector('[data-testid="customer-header"]')).toBeNull();
    // When the banner enters the document, the header must already be there (the same commit).
    let headerWithBanner: boolean | null = null;
    const observer = new MutationObserver(() => {
      if (headerWithBanner === null && document.querySelector('[data-testid="incoming-call"]')) {
        headerWithBanner = document.querySelector(`[data-testid="customer-header"][data-customer-id="${anna.id}"]`) !== null;
      }
    });
    observer.observe(document.body, { subtree: true, childList: true });
    const asked = phone.requests('customers.get');
    phone.set([call]);
    await waitFor(() => expect(headerWithBanner).not.toBeNull());
    observer.disconnect();
    expect(headerWithBanner).toBe(true);
    expect(customerName()).toBe('Anna de Vries');
    expect(phone.requests('customers.get')).toBe(asked);
  }, 60_000);

  it('paints the banner and the header alone first: the note box, the history and their requests to main come after that frame', async () => {
    const phone = await start();
    const { anna, bram } = fixture.customers;
    // The agent is on another customer's screen (the last caller's), as between two calls.
    act(() => openCustomer(bram.id));
    await waitFor(() => expect(customerName()).toBe('Bram Jansen'));
    await waitFor(() => expect(screen.getByTestId('note-input')).toBeTruthy());
    const customer = await inProcessClient(services).request('customers.get', { id: anna.id });
    const call = inbound({ remoteNumber: anna.phone, matches: await matchesFor(anna.phone), customer });
    const asked = () => ({ timeline: phone.requests('customers.timeline'), drafts: phone.requests('drafts.get'), opened: phone.requests('customers.opened') });
    const before = asked();
    let firstCommit: { header: boolean; note: boolean; asked: ReturnType<typeof asked> } | null = null;
    const observer = new MutationObserver(() => {
      if (firstCommit !== null || !document.querySelector('[data-testid="incoming-call"]')) return;
      firstCommit = {
        header: document.querySelector(`[data-testid="customer-header"][data-customer-id="${anna.id}"]`) !== null,
        note: document.querySelector('[data-testid="note-input"]') !== null,
        asked: asked(),
      };
    });
    observer.observe(document.body, { subtree: true, childList: true });
    phone.set([call]);
    await waitFor(() => expect(firstCommit).not.toBeNull());
    observer.disconnect();
    expect(firstCommit).toEqual({ header: true, note: false, asked: before });
    // Then the rest of the screen, as for any customer: the note box (with its draft), the history.
    await waitFor(() => expect(screen.getByTestId('note-input')).toBeTruthy());
    await waitFor(() => expect(entries().length).toBeGreaterThan(0));
    const after = asked();
    expect(after.timeline).toBeGreaterThan(before.timeline);
    expect(after.drafts).toBeGreaterThan(before.drafts);
    await waitFor(() => expect(phone.requests('customers.opened')).toBeGreaterThan(before.opened));
    expect(customerName()).toBe('Anna de Vries');
  }, 60_000);

  it('offers a chooser for a shared number: arrows and Enter link the call and open the one chosen; Esc hides it', async () => {
    const phone = await start();
    const { bram } = fixture.customers;
    const matches = await matchesFor(bram.phone);
    expect(matches.map((m) => m.id).sort()).toEqual([bram.id, bea.id].sort());
    const call = inbound({ remoteNumber: bram.phone, matches });
    phone.set([call]);

    const chooser = await screen.findByTestId('screen-pop-chooser');
    expect(chooser.textContent).toContain('2 customers have this number: who is calling?');
    const options = within(chooser).getAllByTestId('screen-pop-match');
    expect(options.map((o) => o.dataset.customerId).sort()).toEqual([bram.id, bea.id].sort());
    expect(within(chooser).getByText(bea.email)).toBeTruthy();
    expect(useCustomerStore.getState().customerId).toBeNull(); // nothing opened on a guess

    const beaIndex = options.findIndex((o) => o.dataset.customerId === bea.id);
    const list = within(chooser).getByRole('listbox');
    if (beaIndex === 1) fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(options[beaIndex]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(list, { key: 'Enter' });

    await waitFor(() => expect(useCustomerStore.getState().customerId).toBe(bea.id));
    expect(phone.linked).toEqual([{ callId: call.id, customerId: bea.id }]);
    await waitFor(() => expect(screen.queryByTestId('screen-pop-chooser')).toBeNull());
    await waitFor(() => expect(customerName()).toBe('Bea Jansen'));

    // A second call from the number: Esc hides its chooser.
    const again = inbound({ remoteNumber: bram.phone, matches });
    phone.set([again]);
    const second = await screen.findByTestId('screen-pop-chooser');
    fireEvent.keyDown(within(second).getByRole('listbox'), { key: 'Escape' });
    expect(screen.queryByTestId('screen-pop-chooser')).toBeNull();
  }, 60_000);

  it('makes an unknown caller a new customer: errors inline without losing what was typed, then created, linked, opened and found', async () => {
    const phone = await start();
    const number = '+32470112233';
    expect(await matchesFor(number)).toEqual([]);
    const call = inbound({ remoteNumber: number, matches: [] });
    phone.set([call]);

    const pop = await screen.findByTestId('screen-pop-unknown');
    expect(pop.textContent).toContain('Unknown caller');
    expect(pop.textContent).toContain('+32 470 11 22 33');
    fireEvent.click(within(pop).getByTestId('screen-pop-new'));
    expect((screen.getByTestId('new-customer-phone') as HTMLInputElement).value).toBe(number);
    // A Belgian number: Belgium and Dutch, whatever the office.
    expect((screen.getByTestId('new-customer-country') as HTMLSelectElement).value).toBe('BE');
    expect((screen.getByTestId('new-customer-language') as HTMLSelectElement).value).toBe('nl');

    fireEvent.change(screen.getByTestId('new-customer-email'), { target: { value: 'chris at example' } });
    fireEvent.click(screen.getByTestId('new-customer-save'));
    expect(screen.getByTestId('new-customer-name-problem').textContent).toBe('Enter the customer’s name.');
    expect(screen.getByTestId('new-customer-email-problem').textContent).toBe('Enter an e-mail address like name@example.com, or leave it empty.');
    expect((screen.getByTestId('new-customer-email') as HTMLInputElement).value).toBe('chris at example');
    expect(screen.getByTestId('new-customer-name').getAttribute('aria-invalid')).toBe('true');

    // Esc goes back a step and keeps what was typed.
    fireEvent.keyDown(screen.getByTestId('new-customer-email'), { key: 'Escape' });
    expect(screen.queryByTestId('new-customer-name')).toBeNull();
    fireEvent.click(screen.getByTestId('screen-pop-new'));
    expect((screen.getByTestId('new-customer-email') as HTMLInputElement).value).toBe('chris at example');

    fireEvent.change(screen.getByTestId('new-customer-name'), { target: { value: 'Chris Peeters' } });
    fireEvent.change(screen.getByTestId('new-customer-email'), { target: { value: 'chris.peeters@example.be' } });
    fireEvent.click(screen.getByTestId('new-customer-save'));

    await waitFor(() => expect(customerName()).toBe('Chris Peeters'), SLOW);
    const created = useCustomerStore.getState().customerId;
    expect(phone.linked).toEqual([{ callId: call.id, customerId: created }]);
    expect(screen.queryByTestId('screen-pop-unknown')).toBeNull();
    await waitFor(() => expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain('Chris Peeters has been added as a customer.'));

    // Found by the number as agents type it, here and (once sent) at the hub.
    expect((await matchesFor('0032 470 11 22 33')).map((m) => m.id)).toEqual([created]);
    act(() => useNavigationStore.getState().navigate('search'));
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: '+32 470 11 22 33' } });
    await waitFor(() => expect(screen.getByTestId('search-hit').textContent).toContain('Chris Peeters'));
    await expect
      .poll(async () => (await db.query<{ id: string }>('select customer_id as id from customer_phone where e164 = $1', [number])).map((r) => r.id), SLOW)
      .toEqual([created]);
  }, 60_000);

  it('links an unknown caller to a known customer: the number is added, so the next call pops them', async () => {
    const phone = await start();
    const number = '+31655544433';
    const { bram } = fixture.customers;
    const call = inbound({ remoteNumber: number, matches: [] });
    phone.set([call]);
    fireEvent.click(within(await screen.findByTestId('screen-pop-unknown')).getByTestId('screen-pop-link'));
    const search = screen.getByTestId('link-customer-search');
    expect(document.activeElement).toBe(search); // the agent asked for it
    expect(screen.getByText('The number +31 6 55544433 will be added to the customer you pick, so their next call is recognised.')).toBeTruthy();
    fireEvent.change(search, { target: { value: 'jansen' } });
    await waitFor(() => expect(screen.getAllByTestId('link-customer-hit')).toHaveLength(2));
    const hits = screen.getAllByTestId('link-customer-hit');
    const bramIndex = hits.findIndex((hit) => hit.dataset.customerId === bram.id);
    for (let i = 0; i < bramIndex; i += 1) fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'Enter' });

    await waitFor(() => expect(customerName()).toBe('Bram Jansen'), SLOW);
    expect(phone.linked).toEqual([{ callId: call.id, customerId: bram.id }]);
    expect(screen.queryByTestId('screen-pop-unknown')).toBeNull();
    expect((await matchesFor(number)).map((m) => m.id)).toEqual([bram.id]);
    await expect
      .poll(async () => (await db.query<{ id: string }>('select customer_id as id from customer_phone where e164 = $1', [number])).map((r) => r.id), SLOW)
      .toEqual([bram.id]);

    // The next call from that number opens Bram at once.
    act(() => useNavigationStore.getState().navigate('search'));
    phone.set([inbound({ remoteNumber: number, matches: await matchesFor(number) })]);
    expect(useNavigationStore.getState().view).toBe('customer');
    expect(useCustomerStore.getState().customerId).toBe(bram.id);
  }, 60_000);

  it('stays after an answered call ends until the caller is named, and the wrap-up then opens on that customer', async () => {
    const phone = await start();
    const { anna } = fixture.customers;
    const number = '+31677788899';
    const call = inbound({ remoteNumber: number, matches: [] });
    phone.set([call]);
    await screen.findByTestId('screen-pop-unknown');
    phone.patch(call.id, { state: 'active', answeredAt: Date.now() });
    phone.patch(call.id, { state: 'ended', endedAt: Date.now(), endReason: 'remoteHangup' });
    // Main forgets the ended call after a few seconds; the question stays.
    phone.set([]);
    const pop = await screen.findByTestId('screen-pop-unknown');
    expect(pop.dataset.callState).toBe('ended');
    expect(pop.textContent).toContain('The call has ended. Say who it was, so you can wrap it up.');
    expect(useWrapUpStore.getState().wrapUps.map((w) => [w.interactionId, w.customerId])).toEqual([[call.interactionId, null]]);

    fireEvent.click(within(pop).getByTestId('screen-pop-link'));
    fireEvent.change(screen.getByTestId('link-customer-search'), { target: { value: 'anna' } });
    fireEvent.click(await screen.findByTestId('link-customer-hit'));
    await waitFor(() => expect(customerName()).toBe('Anna de Vries'), SLOW);
    expect(screen.queryByTestId('screen-pop-unknown')).toBeNull();
    const panel = await screen.findByTestId('wrap-up-panel');
    expect(panel.dataset.interactionId).toBe(call.interactionId);
    expect((await matchesFor(number)).map((m) => m.id)).toEqual([anna.id]);
  }, 60_000);
});
