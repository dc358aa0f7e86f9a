import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services.ts';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { postalAddressLines } from '../../../renderer/features/customer/postal-address.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole as renderHarness, resetConsoleState } from './console-harness.tsx';

// The customer header's addresses and the orders panel of a customer whose orders are all older
// than the history the console keeps, over the real main services and a real hub on PGlite.

describe('postal addresses', () => {
  const amsterdam = { street: 'Prinsengracht 263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL' };
  it('write the postcode before the town on the continent, and the town first in Britain and Ireland', () => {
    expect(postalAddressLines(amsterdam, 'NL', 'en')).toEqual(['Prinsengracht 263', '1016 GV Amsterdam']);
    expect(postalAddressLines({ street: '10 Downing Street', postcode: 'SW1A 2AA', city: 'London', country: 'GB' }, 'GB', 'en')).toEqual([
      '10 Downing Street',
      'London',
      'SW1A 2AA',
    ]);
  });

  it('name the country only when it is not the customer’s own, in the agent’s language', () => {
    expect(postalAddressLines({ street: 'Rue Neuve 12', postcode: '1000', city: 'Bruxelles', country: 'BE' }, 'NL', 'de')).toEqual(['Rue Neuve 12', '1000 Bruxelles', 'Belgien']);
  });
});

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
const consoles = new InProcessConsoles();
const customerId = uuidv7();
const bareId = uuidv7();

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(`insert into customer (id, name, language, country, office_id, address, billing_address) values ($1, 'Nathalie de Vries', 'nl', 'NL', $2, $3, $4)`, [
    customerId,
    fixture.officeId,
    { street: 'Prinsengracht 263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL' },
    { street: 'Rue Neuve 12', postcode: '1000', city: 'Bruxelles', country: 'BE' },
  ]);
  for (const [number, daysAgo] of [['NL-2025-0002550', 45], ['NL-2025-0001207', 200]] as const) {
    await db.query(
      `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', 1599, 'delivered', now() - make_interval(days => $4))`,
      [uuidv7(), customerId, number, daysAgo],
    );
  }
  await db.query(`insert into customer (id, name, language, country, office_id) values ($1, 'Piet Zonder', 'nl', 'NL', $2)`, [bareId, fixture.officeId]);
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

async function open(id: string) {
  await renderHarness(inProcessClient(services));
  act(() => openCustomer(id));
  return waitFor(() => screen.getByTestId('customer-header'), { timeout: 10_000 });
}

describe('a customer whose orders are older than the console’s history', () => {
  it('shows the record’s order count, last order and both addresses in the header', async () => {
    const header = await open(customerId);
    expect(within(header).getByTestId('customer-orders').textContent).toBe('2');
    expect(within(header).getByTestId('customer-last-order').dataset.number).toBe('NL-2025-0002550');
    expect(within(header).getByTestId('customer-lifetime-value').textContent).toContain('31.98');
    expect(header.textContent).toContain('Repeat buyer');
    const delivery = within(header).getByTestId('customer-delivery-address');
    expect([...delivery.children].map((line) => line.textContent?.trim())).toEqual(['Prinsengracht 263', '1016 GV Amsterdam']);
    const billing = within(header).getByTestId('customer-billing-address');
    expect([...billing.children].map((line) => line.textContent?.trim())).toEqual(['Rue Neuve 12', '1000 Bruxelles', 'Belgium']);
  });

  it('says in the orders panel that the earlier orders are not in this console’s history, not "no orders yet"', async () => {
    await open(customerId);
    const hint = await waitFor(() => screen.getByTestId('orders-not-held'), { timeout: 10_000 });
    expect(hint.textContent).toBe('2 earlier orders are older than the history this console keeps and are not listed here.');
    expect(screen.queryByTestId('orders-empty')).toBeNull();
    expect(within(screen.getByTestId('orders-panel')).getByText('2 orders')).toBeTruthy();
  });

  it('says "None recorded" for addresses the record does not have, and "No orders yet" when there are none', async () => {
    const header = await open(bareId);
    expect(within(header).getByTestId('customer-delivery-address').textContent).toBe('None recorded');
    expect(within(header).getByTestId('customer-billing-address').textContent).toBe('None recorded');
    await waitFor(() => expect(screen.getByTestId('orders-empty').textContent).toBe('No orders yet.'), { timeout: 10_000 });
    expect(screen.queryByTestId('orders-not-held')).toBeNull();
  });
});
