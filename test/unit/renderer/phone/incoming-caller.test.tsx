import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerIdentified } from '../../../../common/contract/caller-id.ts';
import type { Customer360 } from '../../../../common/contract/data.ts';
import type { CallerMatch } from '../../../../common/contract/telephony.ts';
import { useCallersStore } from '../../../../renderer/app/stores/callers-store.ts';
import { call, fakeMain, phoneStatus, renderApp, resetStores } from './phone-fixture.tsx';

// The ringing banner says who calls — the customer's name, segment and language, or "3 customers
// have this number", "looking up…", "unknown caller" — and the shop line the customer dialled.
// Callers are put in the callers store the way `calls.caller` puts them (main's caller id is
// tested in test/unit/main/caller-id.test.ts and on the rig).

const JONAS = '01970000-0000-7000-8000-0000000000a1';
const match = (id: string, name: string, language = 'nl'): CallerMatch => ({ id, name, country: 'NL', language, emails: [] });
const jonas360 = { customer: { id: JONAS, name: 'Jonas Weber', segment: 'vip', language: 'de', country: 'DE' } } as unknown as Customer360;

function caller(patch: Partial<CallerIdentified> = {}): CallerIdentified {
  return { callId: 'in-1', number: '+498947215471', matches: [], customerId: null, customer: null, source: 'cache', pending: false, hubUnreachable: false, ...patch };
}

const ringing = (patch: Parameters<typeof call>[0] = {}) => call({ id: 'in-1', state: 'ringing', answeredAt: null, remoteNumber: '+498947215471', ...patch });

async function ring(callerNow: CallerIdentified | null, patch: Parameters<typeof call>[0] = {}, language: 'en' | 'de' | 'pl' = 'en') {
  const main = fakeMain({ settings: { language } });
  await renderApp(main, language);
  if (callerNow) act(() => useCallersStore.getState().receive([callerNow]));
  main.push(phoneStatus({ calls: [ringing(patch)] }));
  return { main, banner: screen.getByTestId('incoming-call') };
}

beforeEach(() => {
  resetStores();
  useCallersStore.getState().reset();
});
afterEach(cleanup);

describe('the incoming-call banner names the caller', () => {
  it('with the matched customer’s name, segment and language, and the number in international notation', async () => {
    const { banner } = await ring(caller({ matches: [match(JONAS, 'Jonas Weber', 'de')], customerId: JONAS, customer: jonas360 }), { customerId: JONAS, remoteName: 'JW mobile' });
    const name = within(banner).getByTestId('incoming-name');
    // Our customer's name, not what the caller's phone sends as its display name.
    expect(name.textContent).toBe('Jonas Weber');
    expect(name.dataset.customerId).toBe(JONAS);
    expect(within(banner).getByTestId('incoming-segment').textContent).toBe('VIP');
    expect(within(banner).getByTestId('incoming-language').textContent).toBe('Speaks German');
    const number = within(banner).getByTestId('incoming-number');
    expect(number.textContent).toBe('+49 89 47215471');
    expect(number.dataset.number).toBe('+498947215471');
    // A screen reader hears who calls with the dialog.
    const described = (banner.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain('Speaks German');
  });

  it('with the language of a customer the hub found (no segment known), in the agent’s language', async () => {
    const { banner } = await ring(caller({ matches: [match(JONAS, 'Jonas Weber', 'de')], customerId: JONAS, source: 'hub' }), { customerId: JONAS }, 'de');
    expect(within(banner).getByTestId('incoming-name').textContent).toBe('Jonas Weber');
    expect(within(banner).queryByTestId('incoming-segment')).toBeNull();
    expect(within(banner).getByTestId('incoming-language').textContent).toBe('Spricht Deutsch');
  });

  it('as "3 customers have this number" when several share it', async () => {
    const { banner } = await ring(caller({ matches: [match(JONAS, 'Jonas Weber'), match('01970000-0000-7000-8000-0000000000a2', 'Bea'), match('01970000-0000-7000-8000-0000000000a3', 'Bram')] }));
    const line = within(banner).getByTestId('incoming-caller');
    expect(line.dataset.caller).toBe('matches');
    expect(line.textContent).toBe('3 customers have this number');
    expect(within(banner).getByTestId('incoming-number').textContent).toBe('+49 89 47215471');
  });

  it('as "looking up" while the hub is asked, then "unknown" only when the hub has no match either', async () => {
    const { banner } = await ring(caller({ pending: true }));
    expect(within(banner).getByTestId('incoming-caller').textContent).toBe('Looking up who is calling…');
    act(() => useCallersStore.getState().receive([caller({ pending: false })]));
    expect(within(banner).getByTestId('incoming-caller').dataset.caller).toBe('unknown');
    expect(within(banner).getByTestId('incoming-caller').textContent).toBe('Unknown caller: no customer has this number');
  });

  it('as unknown "as far as this computer knows" when the hub could not be asked', async () => {
    const { banner } = await ring(caller({ hubUnreachable: true }));
    expect(within(banner).getByTestId('incoming-caller').textContent).toBe('Unknown caller, as far as this computer knows: the hub could not be reached to check');
  });

  it('with the shop line or queue the customer dialled, when the PBX says it', async () => {
    const { banner } = await ring(caller({ pending: true }), { dialled: { number: '+31205551001', name: 'Klantenservice NL', via: 'diversion' } });
    const dialled = within(banner).getByTestId('incoming-dialled');
    expect(dialled.textContent).toBe('Dialled: Klantenservice NL (+31 20 555 1001)');
    expect(dialled.dataset.number).toBe('+31205551001');
    cleanup();
    const { banner: plain } = await ring(caller(), { dialled: { number: '+31205551002', name: null, via: 'to' } }, 'pl');
    expect(within(plain).getByTestId('incoming-dialled').textContent).toBe('Wybrany numer: +31 20 555 1002');
  });

  it('says nothing of customers for a colleague’s extension', async () => {
    const { banner } = await ring(caller({ number: '1002' }), { remoteNumber: '1002', remoteName: 'Agent 1002' });
    expect(within(banner).getByTestId('incoming-name').textContent).toBe('Agent 1002');
    expect(within(banner).queryByTestId('incoming-caller')).toBeNull();
    expect(within(banner).queryByTestId('incoming-dialled')).toBeNull();
  });

  it('and the call panel keeps saying it once the call is answered', async () => {
    const { main } = await ring(caller({ matches: [match(JONAS, 'Jonas Weber', 'de')], customerId: JONAS, customer: jonas360 }), {
      customerId: JONAS,
      dialled: { number: '+31205551001', name: 'Klantenservice NL', via: 'diversion' },
    });
    main.push(phoneStatus({ calls: [call({ id: 'in-1', remoteNumber: '+498947215471', customerId: JONAS, dialled: { number: '+31205551001', name: 'Klantenservice NL', via: 'diversion' } })] }));
    const panel = screen.getByTestId('call-panel');
    expect(within(panel).getByTestId('call-party').textContent).toBe('Jonas Weber');
    expect(within(panel).getByTestId('call-segment').textContent).toBe('VIP');
    expect(within(panel).getByTestId('call-language').textContent).toBe('Speaks German');
    expect(within(panel).getByTestId('call-dialled').textContent).toBe('Dialled: Klantenservice NL (+31 20 555 1001)');
  });
});
