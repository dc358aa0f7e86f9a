import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReasonOption } from '../../../common/contract/data.ts';
import type { CallView, PhoneStatus } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import type { LoketClient } from '../../../renderer/bridge/index.ts';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { usePhoneStore } from '../../../renderer/app/stores/phone-store.ts';
import { useToastStore } from '../../../renderer/app/stores/toast-store.ts';
import { filterReasons, reasonLabel, repeatedReasons, sortReasons, suggestFirstContactFix } from '../../../renderer/features/wrap-up/wrap-up-model.ts';
import { useWrapUpStore } from '../../../renderer/features/wrap-up/wrap-up-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The wrap-up over the real main services (cache, outbox, drafts) and a real hub on PGlite: the
// pure decisions first, then the panel as an agent uses it after a call and on demand.


describe('the wrap-up model', () => {
  const reason = (code: string, uses: number, labels: Record<string, string> = { en: code }): ReasonOption => ({ code, labels, uses });

  it('labels a reason in the UI language, else English, else its code', () => {
    const labels = { en: 'Where is my order?', nl: 'Waar blijft mijn bestelling?' };
    expect(reasonLabel({ code: 'wismo', labels }, 'nl')).toBe('Waar blijft mijn bestelling?');
    expect(reasonLabel({ code: 'wismo', labels }, 'nl-BE')).toBe('Waar blijft mijn bestelling?');
    expect(reasonLabel({ code: 'wismo', labels }, 'pl')).toBe('Where is my order?');
    expect(reasonLabel({ code: 'wismo', labels: { de: 'Wo bleibt meine Bestellung?' } }, 'pl')).toBe('wismo');
  });

  it('puts the most used first and keeps the hub’s order among equals', () => {
    const sorted = sortReasons([reason('a', 0), reason('b', 3), reason('c', 0), reason('d', 3), reason('e', 7)]);
    expect(sorted.map((r) => r.code)).toEqual(['e', 'b', 'd', 'a', 'c']);
  });

  it('filters on every word, without caring for case or accents, and never hides a chosen reason', () => {
    const reasons = [reason('complaint', 0, { en: 'Complaint', es: 'Reclamación' }), reason('wismo', 0, { en: 'Where is my order?' }), reason('return', 0, { en: 'Return an order' })];
    expect(filterReasons(reasons, 'reclamacion', 'es').map((r) => r.code)).toEqual(['complaint']);
    expect(filterReasons(reasons, 'ORDER', 'en').map((r) => r.code)).toEqual(['wismo', 'return']);
    expect(filterReasons(reasons, 'order where', 'en').map((r) => r.code)).toEqual(['wismo']);
    expect(filterReasons(reasons, 'order where', 'en', ['complaint']).map((r) => r.code)).toEqual(['complaint', 'wismo']);
    expect(filterReasons(reasons, '  ', 'en')).toHaveLength(3);
  });

  it('warns about a chosen reason of another contact in the last 7 days, the latest first', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const recent = [
      { id: uuidv7(), at: '2026-03-09T09:00:00Z', channel: 'email', reasons: ['return'], outcome: 'solved' },
      { id: uuidv7(), at: '2026-03-07T09:00:00Z', channel: 'phone', reasons: ['wismo', 'return'], outcome: null },
      { id: uuidv7(), at: '2026-03-02T09:00:00Z', channel: 'phone', reasons: ['payment'], outcome: 'solved' },
    ];
    expect(repeatedReasons(['wismo', 'return', 'payment', 'damaged'], recent, now)).toEqual([
      { code: 'return', at: '2026-03-09T09:00:00Z' },
      { code: 'wismo', at: '2026-03-07T09:00:00Z' },
    ]);
    expect(repeatedReasons([], recent, now)).toEqual([]);
  });

  it('suggests a first contact fix only when solved, never transferred and no repeat', () => {
    const repeat = [{ code: 'wismo', at: '2026-03-07T09:00:00Z' }];
    expect(suggestFirstContactFix({ outcome: 'solved', transfers: 0, repeats: [] })).toBe(true);
    expect(suggestFirstContactFix({ outcome: 'solved', transfers: 1, repeats: [] })).toBe(false);
    expect(suggestFirstContactFix({ outcome: 'solved', transfers: 0, repeats: repeat })).toBe(false);
    expect(suggestFirstContactFix({ outcome: 'follow_up', transfers: 0, repeats: [] })).toBe(false);
    expect(suggestFirstContactFix({ outcome: null, transfers: 0, repeats: [] })).toBe(false);
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into reason_code (code, labels, sort) values
    ('payment', '{"en":"Payment question","nl":"Vraag over betaling"}', 2),
    ('return_refund', '{"en":"Return or refund","nl":"Retour of terugbetaling"}', 3),
    ('damaged', '{"en":"Damaged product","nl":"Beschadigd product"}', 4),
    ('address_change', '{"de":"Adressänderung"}', 5)`);
  const { anna, bram } = fixture.customers;
  // This agent said "return or refund" twice lately (about Bram, 10 days ago: no repeat for anyone).
  for (let i = 0; i < 2; i += 1) {
    await db.query(
      `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, reasons, outcome, request_hash)
       values ($1, $2, $3, 'email', 'inbound', now() - interval '10 days', '{return_refund}', 'solved', 'seed')`,
      [uuidv7(), bram.id, fixture.agents.first_line.id],
    );
  }
  // Anna called a colleague about her order 3 days ago.
  await db.query(
    `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, reasons, outcome, request_hash)
     values ($1, $2, $3, 'phone', 'inbound', now() - interval '3 days 1 hour', '{where_is_my_order}', 'follow_up', 'seed')`,
    [uuidv7(), anna.id, fixture.agents.second_line.id],
  );
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

/** Keeps the test's calls in main's phone status (main's softphone is tested on the SIP rig). */
function withCalls(real: LoketClient) {
  let calls: CallView[] = [];
  const merge = (status: PhoneStatus): PhoneStatus => ({ ...status, calls: structuredClone(calls) });
  const client: LoketClient = {
    ...real,
    request: async (channel, payload) => {
      const response = await real.request(channel, payload);
      return (channel === 'phone.status' ? merge(response as PhoneStatus) : response) as never;
    },
    on: (name, listener) => real.on(name, (payload) => (listener as (p: unknown) => void)(name === 'phone.changed' ? merge(payload as PhoneStatus) : payload)),
  };
  return {
    client,
    set(next: CallView[]) {
      calls = next;
      const status = usePhoneStore.getState().status;
      if (!status) throw new Error('no phone status yet');
      act(() => usePhoneStore.getState().receive(merge(status)));
    },
  };
}


async function signInAndSync() {
  act(() => useNavigationStore.getState().navigate('settings'));
  fireEvent.change(screen.getByTestId('hub-url'), { target: { value: hub.url } });
  fireEvent.change(screen.getByTestId('hub-email'), { target: { value: fixture.agents.first_line.email } });
  fireEvent.change(screen.getByTestId('hub-password'), { target: { value: PASSWORD } });
  fireEvent.click(screen.getByTestId('hub-sign-in-submit'));
  await waitFor(() => expect(services.data.syncer?.lastSyncedAt).toBeTruthy(), SLOW);
  await waitFor(() => expect(screen.getByTestId('sync-status').dataset.connection).toBe('online'), SLOW);
  await waitFor(() => expect(usePhoneStore.getState().status).not.toBeNull(), SLOW);
}

function endedCall(patch: Partial<CallView> & Pick<CallView, 'interactionId' | 'customerId' | 'remoteNumber'>): CallView {
  const startedAt = Date.now() - 5 * 60_000;
  return {
    id: `call-${uuidv7().slice(-8)}`,
    direction: 'inbound',
    state: 'ended',
    remoteName: null,
    sipCallId: `sip-${uuidv7()}`,
    startedAt,
    answeredAt: startedAt + 10_000,
    endedAt: startedAt + 4 * 60_000 + 42_000,
    endReason: 'remoteHangup',
    held: false,
    muted: false,
    recovering: false,
    consultFor: null,
    transfer: null,
    transfers: 0,
    quality: null,
    ...patch,
  };
}

const panel = () => screen.getByTestId('wrap-up-panel');
const reasonBoxes = () => within(panel()).getAllByTestId('wrap-up-reason') as HTMLInputElement[];
const codes = () => reasonBoxes().map((box) => box.dataset.code);
const fcf = () => within(panel()).getByTestId('wrap-up-fcf') as HTMLInputElement;
const note = () => within(panel()).getByTestId('wrap-up-note') as HTMLTextAreaElement;
const box = (code: string) => reasonBoxes().find((candidate) => candidate.dataset.code === code) as HTMLInputElement;

describe('the wrap-up over real services and a real hub', () => {
  it('after an answered call: reasons by use and filtered, the repeat warning, the FCF suggestion; the note’s draft survives a reload; saved to the hub', async () => {
    const { anna } = fixture.customers;
    // The call as main logged it at the hub when it came in.
    const interactionId = uuidv7();
    const token = await hub.login(fixture.agents.first_line.email);
    const put = await hub.call('PUT', `/interactions/${interactionId}`, {
      token,
      body: { customerId: anna.id, channel: 'phone', direction: 'inbound', startedAt: new Date(Date.now() - 300_000).toISOString(), remoteNumber: anna.phone },
    });
    expect(put.status).toBe(200);

    const phone = withCalls(inProcessClient(services));
    await renderConsole(phone.client);
    await signInAndSync();
    const call = endedCall({ interactionId, customerId: anna.id, remoteNumber: anna.phone });
    phone.set([call]);
    expect(useWrapUpStore.getState().wrapUps.map((w) => [w.interactionId, w.customerId, w.channel])).toEqual([[interactionId, anna.id, 'phone']]);

    act(() => openCustomer(anna.id));
    await screen.findByTestId('wrap-up-panel');
    expect(within(panel()).getByRole('heading', { level: 2 }).textContent).toBe('Wrap up the call with +31 6 12345678');
    // The agent's most used first, then the hub's order; a reason without an English label by its code.
    await waitFor(() => expect(codes()).toEqual(['return_refund', 'where_is_my_order', 'payment', 'damaged', 'address_change']));
    expect(reasonBoxes().map((b) => b.closest('label')?.textContent)).toEqual(['Return or refund', 'Where is my order', 'Payment question', 'Damaged product', 'address_change']);
    expect(within(panel()).getByTestId('wrap-up-transfers').textContent).toBe('Not transferred');

    // Filter with the keyboard: Enter takes the first match and empties the box.
    const filter = within(panel()).getByTestId('wrap-up-reason-filter') as HTMLInputElement;
    fireEvent.change(filter, { target: { value: 'ORDER' } });
    expect(codes()).toEqual(['where_is_my_order']);
    fireEvent.keyDown(filter, { key: 'Enter' });
    expect(filter.value).toBe('');
    expect(box('where_is_my_order').checked).toBe(true);
    expect(codes()).toHaveLength(5);

    // Anna asked the same 3 days ago: a repeat contact, so no first contact fix suggested.
    const warning = await within(panel()).findByTestId('wrap-up-repeat-warning');
    expect(warning.getAttribute('role')).toBe('status');
    expect(warning.textContent).toContain('Also “Where is my order” 3 days ago');
    fireEvent.click(within(panel()).getByTestId('wrap-up-outcome-solved'));
    expect(fcf().checked).toBe(false);
    expect(within(panel()).queryByTestId('wrap-up-fcf-suggested')).toBeNull();

    // Another reason instead: solved, not transferred, no repeat → suggested, until the agent decides.
    fireEvent.click(box('where_is_my_order'));
    fireEvent.click(box('return_refund'));
    expect(within(panel()).queryByTestId('wrap-up-repeat-warning')).toBeNull();
    expect(fcf().checked).toBe(true);
    expect(fcf().dataset.suggested).toBe('true');
    expect(within(panel()).getByTestId('wrap-up-fcf-suggested').textContent).toBe('Suggested');
    fireEvent.click(fcf());
    expect(fcf().checked).toBe(false);
    expect(fcf().dataset.suggested).toBe('false');
    fireEvent.click(fcf());
    expect(fcf().checked).toBe(true);
    expect(within(panel()).queryByTestId('wrap-up-fcf-suggested')).toBeNull();

    // The order it was about.
    const order = within(panel()).getByTestId('wrap-up-order') as HTMLSelectElement;
    await waitFor(() => expect(order.options).toHaveLength(2));
    expect(order.options[1]?.textContent).toContain(anna.order);
    fireEvent.change(order, { target: { value: order.options[1]?.value } });

    // The note is a draft in main while typed…
    const text = `Refund promised within 5 days ${uuidv7().slice(-6)}`;
    fireEvent.change(note(), { target: { value: text } });
    await waitFor(() => expect(services.data.writes.draft(`wrapup:${interactionId}`)?.text).toBe(text));
    // …so a reload (the window's state gone, the open wrap-up kept) brings it back.
    cleanup();
    act(() => useWrapUpStore.getState().updateForm(interactionId, { note: '' }));
    await renderConsole(phone.client);
    await waitFor(() => expect(usePhoneStore.getState().status).not.toBeNull(), SLOW);
    act(() => openCustomer(anna.id));
    await screen.findByTestId('wrap-up-panel');
    await waitFor(() => expect(note().value).toBe(text));
    expect(box('return_refund').checked).toBe(true);

    fireEvent.keyDown(note(), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('wrap-up-panel')).toBeNull());
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain('Wrap-up saved.');
    expect(services.data.writes.draft(`wrapup:${interactionId}`)).toBeNull();
    // The call reported again (main keeps it a few seconds) opens no second wrap-up.
    phone.set([call]);
    expect(screen.queryByTestId('wrap-up-panel')).toBeNull();

    await expect
      .poll(async () => (await db.query<{ outcome: string | null }>('select outcome from interaction where id = $1', [interactionId]))[0]?.outcome ?? null, SLOW)
      .toBe('solved');
    const [row] = await db.query<{ reasons: string[]; first_contact_fix: boolean; note: string; order_id: string; customer_id: string }>(
      'select reasons, first_contact_fix, note, order_id, customer_id from interaction where id = $1',
      [interactionId],
    );
    const [annaOrder] = await db.query<{ id: string }>('select id from shop_order where number = $1', [anna.order]);
    expect(row).toEqual({ reasons: ['return_refund'], first_contact_fix: true, note: text, order_id: annaOrder?.id, customer_id: anna.id });
  }, 90_000);

  it('wraps up a contact on demand: inline errors keep what was typed, a lost answer keeps the form, and offline it says it will be sent', async () => {
    const { bram } = fixture.customers;
    const real = inProcessClient(services);
    let failNext = true;
    // The request reaches main, but the answer is lost on the way back (a dropped socket).
    const client: LoketClient = {
      ...real,
      request: async (channel, payload) => {
        const response = await real.request(channel, payload);
        if (channel === 'wrapUp.save' && failNext) {
          failNext = false;
          throw new LoketError('bridge.disconnected');
        }
        return response;
      },
    };
    await renderConsole(client);
    await signInAndSync();
    act(() => openCustomer(bram.id));
    fireEvent.click(await screen.findByTestId('wrap-up-open'));
    await screen.findByTestId('wrap-up-panel');
    expect(panel().dataset.onDemand).toBe('true');
    const interactionId = panel().dataset.interactionId as string;
    await waitFor(() => expect(codes()).toHaveLength(5));

    fireEvent.change(note(), { target: { value: 'Asked by mail whether the invoice can be split' } });
    fireEvent.click(within(panel()).getByTestId('wrap-up-save'));
    expect(within(panel()).getByTestId('wrap-up-reasons-problem').textContent).toBe('Choose at least one contact reason.');
    expect(within(panel()).getByTestId('wrap-up-outcome-problem').textContent).toBe('Choose an outcome.');
    expect(note().value).toBe('Asked by mail whether the invoice can be split');

    fireEvent.click(within(panel()).getByTestId('wrap-up-channel-email'));
    fireEvent.click(box('payment'));
    fireEvent.click(within(panel()).getByTestId('wrap-up-outcome-follow_up'));
    expect(within(panel()).queryByTestId('wrap-up-reasons-problem')).toBeNull();
    expect(fcf().checked).toBe(false);

    fireEvent.click(within(panel()).getByTestId('wrap-up-save'));
    const error = await within(panel()).findByTestId('wrap-up-error');
    expect(error.textContent).toBe('The connection to the console service dropped before it answered. Check whether your last action took effect, then try again.');
    expect(note().value).toBe('Asked by mail whether the invoice can be split');
    expect(box('payment').checked).toBe(true);

    // Trying again saves it once.
    fireEvent.click(within(panel()).getByTestId('wrap-up-save'));
    await waitFor(() => expect(screen.queryByTestId('wrap-up-panel')).toBeNull());
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain('Wrap-up saved.');
    await expect
      .poll(async () => (await db.query<{ n: number }>('select count(*)::int as n from interaction where id = $1', [interactionId]))[0]?.n ?? 0, SLOW)
      .toBe(1);
    const [row] = await db.query<{ channel: string; direction: string; reasons: string[]; outcome: string; first_contact_fix: boolean; note: string }>(
      'select channel, direction, reasons, outcome, first_contact_fix, note from interaction where id = $1',
      [interactionId],
    );
    expect(row).toEqual({
      channel: 'email',
      direction: 'inbound',
      reasons: ['payment'],
      outcome: 'follow_up',
      first_contact_fix: false,
      note: 'Asked by mail whether the invoice can be split',
    });
    await waitFor(() => expect(screen.getByTestId('sync-status').dataset.pending).toBe('0'), SLOW);
    // The repeat after the lost answer must be the same request for the hub: nothing set aside.
    expect(await real.request('outbox.setAside', {})).toEqual([]);

    // The hub goes away: the next one is saved here and sent once the hub is back.
    const port = Number(new URL(hub.url).port);
    await hub.close();
    await waitFor(() => expect(screen.getByTestId('sync-status').dataset.connection).not.toBe('online'), SLOW);
    fireEvent.click(screen.getByTestId('wrap-up-open'));
    await screen.findByTestId('wrap-up-panel');
    const offlineId = panel().dataset.interactionId as string;
    expect(offlineId).not.toBe(interactionId);
    fireEvent.click(within(panel()).getByTestId('wrap-up-channel-chat'));
    await waitFor(() => expect(codes()).toHaveLength(5));
    fireEvent.click(box('damaged'));
    fireEvent.click(within(panel()).getByTestId('wrap-up-outcome-solved'));
    expect(fcf().checked).toBe(true); // suggested: nothing about damage lately
    fireEvent.keyDown(within(panel()).getByTestId('wrap-up-outcome-solved'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('wrap-up-panel')).toBeNull());
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toContain('Wrap-up saved. It will be sent to the hub as soon as it can be reached.');
    const page = await real.request('customers.timeline', { customerId: bram.id, limit: 50 });
    expect(page.items.find((item) => item.id === offlineId)?.pending).toBe(true);

    hub = await startHub(db, { port });
    await real.request('sync.now', {}).catch(() => undefined);
    await expect
      .poll(async () => (await db.query<{ channel: string; fcf: boolean }>('select channel, first_contact_fix as fcf from interaction where id = $1', [offlineId]))[0] ?? null, {
        timeout: 30_000,
      })
      .toEqual({ channel: 'chat', fcf: true });
  }, 90_000);

  it('counts the transfers of the case and suggests no first contact fix for a transferred call', async () => {
    const { anna } = fixture.customers;
    const phone = withCalls(inProcessClient(services));
    await renderConsole(phone.client);
    await signInAndSync();
    phone.set([endedCall({ interactionId: uuidv7(), customerId: anna.id, remoteNumber: anna.phone, transfers: 2, endReason: 'transferred' })]);
    act(() => openCustomer(anna.id));
    await screen.findByTestId('wrap-up-panel');
    expect(within(panel()).getByTestId('wrap-up-transfers').textContent).toBe('Transferred 2 times');
    await waitFor(() => expect(codes()).toHaveLength(5));
    fireEvent.click(box('damaged'));
    fireEvent.click(within(panel()).getByTestId('wrap-up-outcome-solved'));
    expect(fcf().checked).toBe(false);
  }, 60_000);
});
