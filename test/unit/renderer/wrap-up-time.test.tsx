import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerIdentified } from '../../../common/contract/caller-id.ts';
import type { CallView, PhoneStatus, Presence } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { openCustomer, useCustomerStore } from '../../../renderer/app/stores/customer-store.ts';
import { useCallersStore } from '../../../renderer/app/stores/callers-store.ts';
import { useScreenPopStore } from '../../../renderer/features/screen-pop/screen-pop-store.ts';
import { useWrapUpStore } from '../../../renderer/features/wrap-up/wrap-up-store.ts';
import { startStores } from '../../../renderer/start-stores.ts';
import { call, fakeMain, phoneStatus, renderApp, resetStores, type FakeMain } from './phone/phone-fixture.tsx';

// The wrap-up panel and the wrap-up time, over a fake of main's phone (main's policy is unit
// tested in test/unit/main/wrap-up-policy.test.ts and proven on the SIP rig in
// test/telephony/wrap-up.test.ts): the form names the call it belongs to, "Ready" and "Extend"
// ask main, the countdown sits only on its own call's form, and a call that opens another
// customer never hides an unsaved form.

const ANNA = '01970000-0000-7000-8000-0000000000a1';
const BRAM = '01970000-0000-7000-8000-0000000000b2';
const FIRST = '01970000-0000-7000-8000-000000000f01';
const SECOND = '01970000-0000-7000-8000-000000000f02';

const match = (id: string, name: string) => ({ id, name, country: 'NL', language: 'nl', emails: [] }) as CallerIdentified['matches'][number];

let stopStores: () => void = () => undefined;

beforeEach(() => {
  resetStores();
  useCustomerStore.setState({ customerId: null });
  useCallersStore.getState().reset();
  useScreenPopStore.getState().reset();
  useWrapUpStore.getState().reset();
});

afterEach(() => {
  stopStores();
  cleanup();
});

/** Fake main with what the wrap-up panel reads (reasons, context, orders, drafts) and the wrap-up time. */
/** Who main says is calling: just what the wrap-up reads (the rest as a cache lookup with no 360). */
interface TestCaller {
  readonly callId: string;
  readonly number: string;
  readonly matches: CallerIdentified['matches'];
  readonly customerId: string;
}

async function world(): Promise<FakeMain & { caller(caller: TestCaller): void; drafts: Map<string, string> }> {
  const main = fakeMain();
  const drafts = new Map<string, string>();
  main.handle('reasons.list', () => ({ reasons: [{ code: 'where_is_my_order', labels: { en: 'Where is my order' }, uses: 0 }] }));
  main.handle('wrapUp.context', () => ({ recentContacts: [] }));
  // No orders: the response's other fields are the orders feature's, not this test's.
  main.handle('customers.orders', (() => ({ orders: [], notHeld: 0 })) as never);
  main.handle('customers.get', () => {
    throw new LoketError('customer.notFound');
  });
  main.handle('customers.timeline', () => {
    throw new LoketError('customer.notFound');
  });
  main.handle('customers.opened', () => ({ ok: true }));
  main.handle('calls.callers', () => ({ callers: [] }));
  main.handle('drafts.get', ({ key }) => (drafts.has(key) ? { key, text: drafts.get(key) ?? '', savedAt: new Date().toISOString() } : null));
  main.handle('drafts.save', ({ key, text }) => {
    drafts.set(key, text);
    return { savedAt: new Date().toISOString() };
  });
  await renderApp(main);
  stopStores = startStores(main.client);
  return {
    ...main,
    drafts,
    caller: (caller) => main.emit('calls.caller', { ...caller, source: 'cache', pending: false, customer: null } as unknown as CallerIdentified),
  };
}

const annaCall = (patch: Partial<CallView> = {}): CallView =>
  call({ id: 'call-anna', interactionId: FIRST, customerId: ANNA, remoteNumber: '+31612345678', state: 'ended', endedAt: Date.now() - 1_000, endReason: 'remoteHangup', ...patch });
const bramCall = (patch: Partial<CallView> = {}): CallView =>
  call({ id: 'call-bram', interactionId: SECOND, customerId: BRAM, remoteNumber: '+31687654321', state: 'ringing', answeredAt: null, startedAt: Date.now(), ...patch });
const wrapUpOf = (callId: string, interactionId: string, patch: Partial<NonNullable<Presence['wrapUp']>> = {}, leftMs = 25_000): Presence => ({
  state: 'wrapUp',
  until: Date.now() + leftMs,
  wrapUp: { callId, interactionId, extended: false, extendSeconds: 30, ...patch },
});

/** Her name and her number (in whichever notation the console shows numbers). */
const ANNA_TITLE = /^Wrap up the call with Anna de Vries \(.*6 ?12345678\)$/;

const panel = () => screen.getByTestId('wrap-up-panel');
const title = () => within(panel()).getByRole('heading', { level: 2 }).textContent;

function push(main: FakeMain, patch: Partial<PhoneStatus>) {
  main.push(phoneStatus({ ...main.status, ...patch }));
}

describe('the wrap-up panel', () => {
  it('names the call it belongs to (caller, number, contact id); a call declined afterwards opens no wrap-up and changes no name', async () => {
    const main = await world();
    main.caller({ callId: 'call-anna', number: '+31612345678', matches: [match(ANNA, 'Anna de Vries')], customerId: ANNA });
    push(main, { calls: [annaCall()], presence: wrapUpOf('call-anna', FIRST) });
    act(() => openCustomer(ANNA));
    await screen.findByTestId('wrap-up-panel');
    expect(title()).toMatch(ANNA_TITLE);
    expect(panel().dataset.interactionId).toBe(FIRST);
    expect(within(panel()).getByTestId('wrap-up-contact-id').textContent).toBe(`Contact ID ${FIRST}`);

    // Bram rings (it can: a call offered before the wrap-up began) and is declined.
    main.caller({ callId: 'call-bram', number: '+31687654321', matches: [match(BRAM, 'Bram Jansen')], customerId: BRAM });
    push(main, { calls: [annaCall(), bramCall()] });
    push(main, { calls: [annaCall(), bramCall({ state: 'ended', endReason: 'declined', endedAt: Date.now() })] });
    expect(useWrapUpStore.getState().wrapUps.map((wrapUp) => [wrapUp.interactionId, wrapUp.callerName])).toEqual([[FIRST, 'Anna de Vries']]);
    act(() => openCustomer(ANNA));
    await waitFor(() => expect(title()).toMatch(ANNA_TITLE));
  });

  it('shows the time left with "Ready" and "Extend" on its own call’s form only, and asks main for each', async () => {
    const main = await world();
    let presence = wrapUpOf('call-anna', FIRST);
    main.handle('phone.wrapUpTime', ({ action }) => {
      presence = action === 'ready' ? { state: 'available', until: null } : wrapUpOf('call-anna', FIRST, { extended: true }, 50_000);
      return phoneStatus({ ...main.status, presence });
    });
    push(main, { calls: [annaCall()], presence });
    act(() => openCustomer(ANNA));
    const time = await screen.findByTestId('wrap-up-time');
    await waitFor(() => expect(time.textContent).toMatch(/Calls held back for 0:2\d/));
    const extend = within(time).getByTestId('wrap-up-extend') as HTMLButtonElement;
    expect(extend.textContent).toBe('30 s more');

    fireEvent.click(extend);
    await waitFor(() => expect(main.sent('phone.wrapUpTime')).toEqual([{ action: 'extend' }]));
    push(main, { presence });
    await waitFor(() => expect((within(panel()).getByTestId('wrap-up-extend') as HTMLButtonElement).disabled).toBe(true));
    expect(within(panel()).getByTestId('wrap-up-extend').textContent).toBe('Extended (once per call)');
    expect(within(panel()).getByTestId('wrap-up-time').textContent).toMatch(/0:[45]\d/);

    // Ready: calls are offered again; the form stays until it is saved.
    fireEvent.change(within(panel()).getByTestId('wrap-up-note'), { target: { value: 'Parcel is on its way' } });
    fireEvent.click(within(panel()).getByTestId('wrap-up-ready'));
    await waitFor(() => expect(main.sent('phone.wrapUpTime')).toEqual([{ action: 'extend' }, { action: 'ready' }]));
    push(main, { presence });
    await waitFor(() => expect(screen.queryByTestId('wrap-up-time')).toBeNull());
    expect((within(panel()).getByTestId('wrap-up-note') as HTMLTextAreaElement).value).toBe('Parcel is on its way');

    // The wrap-up time of another call puts no countdown on this form.
    push(main, { presence: wrapUpOf('call-other', SECOND) });
    expect(screen.queryByTestId('wrap-up-time')).toBeNull();
  });

  it('says why main refused to extend, in the agent’s language', async () => {
    const main = await world();
    main.handle('phone.wrapUpTime', () => {
      throw new LoketError('phone.wrapUpNotExtendable');
    });
    push(main, { calls: [annaCall()], presence: wrapUpOf('call-anna', FIRST) });
    act(() => openCustomer(ANNA));
    fireEvent.click(await screen.findByTestId('wrap-up-extend'));
    expect((await screen.findByTestId('wrap-up-time-error')).textContent).toBe('The wrap-up time can be extended once per call, while it is running.');
  });

  it('keeps an unsaved form when a later call opens another customer: it is listed there and one click brings it back, note and all', async () => {
    const main = await world();
    main.caller({ callId: 'call-anna', number: '+31612345678', matches: [match(ANNA, 'Anna de Vries')], customerId: ANNA });
    push(main, { calls: [annaCall()], presence: { state: 'available', until: null } });
    act(() => openCustomer(ANNA));
    await screen.findByTestId('wrap-up-panel');
    fireEvent.change(within(panel()).getByTestId('wrap-up-note'), { target: { value: 'Refund promised' } });
    await waitFor(() => expect(main.drafts.get(`wrapup:${FIRST}`)).toBe('Refund promised'));

    // Bram calls: his customer opens while it rings.
    main.caller({ callId: 'call-bram', number: '+31687654321', matches: [match(BRAM, 'Bram Jansen')], customerId: BRAM });
    push(main, { calls: [bramCall()] });
    await waitFor(() => expect(useCustomerStore.getState().customerId).toBe(BRAM));
    expect(screen.queryByTestId('wrap-up-panel')).toBeNull();
    const others = await screen.findByTestId('wrap-up-others');
    expect(others.textContent).toContain('Not saved yet: 1 wrap-up of another call');
    const open = within(others).getByTestId('wrap-up-other-open');
    expect(open.textContent).toMatch(/^Continue: Anna de Vries \(.*6 ?12345678\)$/);

    fireEvent.click(open);
    await waitFor(() => expect(useCustomerStore.getState().customerId).toBe(ANNA));
    expect(title()).toMatch(ANNA_TITLE);
    expect((within(panel()).getByTestId('wrap-up-note') as HTMLTextAreaElement).value).toBe('Refund promised');
  });
});
