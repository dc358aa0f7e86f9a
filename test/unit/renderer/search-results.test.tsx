import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services, type ServicesOptions } from '../../../main/services.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// Search as an agent meets it on a common surname, over the real main services and a real hub on
// PGlite: more Jansens than the list holds says "first 20 — refine", and each hit carries what
// tells them apart (city, last contact, open escalation or callback). Once answered from the
// console's cache, once from the hub (a computer without a key store keeps no customer data).

const FIRST_NAMES = ['Anne', 'Bas', 'Femke', 'Joost', 'Lotte', 'Ruben', 'Iris', 'Daan', 'Noor', 'Pieter', 'Eva', 'Thijs', 'Maud', 'Stijn', 'Fleur', 'Koen', 'Lieke', 'Wouter', 'Anouk', 'Sem', 'Roos', 'Luuk', 'Tess'];
const CITIES = ['Utrecht', 'Zwolle', 'Groningen', 'Breda', 'Leiden', 'Delft'];

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services;
let removeDir: () => Promise<void>;
const anne = { id: '', lastCall: new Date(Date.now() - 3 * 86_400_000) };

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  // 23 Jansens here and the fixture's Bram Jansen: 24, more than the 20 a search shows.
  for (const [index, first] of FIRST_NAMES.entries()) {
    const id = uuidv7();
    if (first === 'Anne') anne.id = id;
    const address = { street: `Dorpsstraat ${index + 1}`, postcode: `35${String(index).padStart(2, '0')} AB`, city: CITIES[index % CITIES.length], country: 'NL' };
    await db.query(`insert into customer (id, name, language, country, office_id, address) values ($1, $2, 'nl', 'NL', $3, $4)`, [id, `${first} Jansen`, fixture.officeId, JSON.stringify(address)]);
  }
  const agent = fixture.agents.first_line.id;
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, reasons, request_hash) values ($1, $2, 'phone', 'inbound', $3, '{}', 'seed')`, [uuidv7(), anne.id, anne.lastCall]);
  // A note is not a contact: newer than the call, it does not count as the last contact.
  await db.query(`insert into interaction (id, customer_id, channel, direction, started_at, reasons, note, request_hash) values ($1, $2, 'note', 'internal', now() - interval '1 hour', '{}', 'Internal remark', 'seed')`, [uuidv7(), anne.id]);
  await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'second_line', 'open', 'Stained coat', 'seed')`, [uuidv7(), anne.id, agent]);
  await db.query(`insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'second_line', 'resolved', 'Old matter', 'seed')`, [uuidv7(), anne.id, agent]);
  await db.query(`insert into callback (id, customer_id, created_by, due_at, status, phone, request_hash) values ($1, $2, $3, now() + interval '1 day', 'open', '+31611110000', 'seed')`, [uuidv7(), anne.id, agent]);
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

async function start(options: Partial<ServicesOptions> = {}) {
  const temp = await tempDir();
  removeDir = temp.cleanup;
  services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true, ...options });
  await services.dispatcher.dispatch('hub.signIn', { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD }, { shell: 'web', sender: 'test' });
}

beforeEach(() => resetConsoleState());

afterEach(async () => {
  cleanup();
  await services?.dispose();
  await removeDir?.();
});

const SLOW = { timeout: 15_000 };
const state = () => screen.getByTestId('search-state').textContent;
const hits = () => screen.queryAllByTestId('search-hit');

async function searchFor(query: string) {
  await renderConsole(inProcessClient(services));
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  act(() => useNavigationStore.getState().navigate('search'));
  fireEvent.change(screen.getByTestId('search-input'), { target: { value: query } });
}

/** What both answers (cache and hub) must show. */
async function expectJansens() {
  await waitFor(() => expect(state()).toBe('First 20 customers — more match, refine your search'), SLOW);
  expect(hits()).toHaveLength(20);
  expect(hits().every((hit) => hit.textContent?.includes('Jansen'))).toBe(true);

  // Refined to one: the count, without the hint, and what tells this Jansen apart.
  const input = screen.getByTestId('search-input');
  fireEvent.change(input, { target: { value: 'Anne Jansen' } });
  await waitFor(() => expect(state()).toBe('1 customer found'), SLOW);
  const anneHit = hits()[0] as HTMLElement;
  expect(anneHit.dataset.customerId).toBe(anne.id);
  expect(within(anneHit).getByTestId('search-hit-city').textContent).toBe('Utrecht');
  expect(anneHit.textContent).toContain('Utrecht, Netherlands');
  expect(within(anneHit).getByTestId('search-hit-escalations').textContent).toBe('1 open escalation');
  expect(within(anneHit).getByTestId('search-hit-callbacks').textContent).toBe('1 open callback');
  // Her last call three days ago; the newer internal note is not a contact.
  expect(within(anneHit).getByTestId('search-hit-last-contact').textContent).toBe('Last contact 3 days ago');

  // A Jansen with no case and no contact: no badges, and says so rather than leaving a gap.
  fireEvent.change(input, { target: { value: 'Bas Jansen' } });
  await waitFor(() => expect(hits()[0]?.textContent).toContain('Bas Jansen'), SLOW);
  const quiet = hits()[0] as HTMLElement;
  expect(within(quiet).getByTestId('search-hit-city').textContent).toBe('Zwolle');
  expect(within(quiet).queryByTestId('search-hit-escalations')).toBeNull();
  expect(within(quiet).queryByTestId('search-hit-callbacks')).toBeNull();
  expect(within(quiet).getByTestId('search-hit-last-contact').textContent).toBe('No recent contact');
}

describe('search results', () => {
  it('from the cache: says "first 20 — refine" when more match, and shows city, last contact and open cases per hit', async () => {
    await start();
    await waitFor(() => expect(services.data.syncer?.lastSyncedAt).toBeTruthy(), SLOW);
    await searchFor('Jansen');
    await expectJansens();
  }, 60_000);

  it('from the hub (no customer data on this computer): the same hint and the same details', async () => {
    await start({ vault: { availability: { ok: false, reason: 'noSecretStore', backend: 'test' }, read: () => null, write: () => undefined, delete: () => undefined } });
    await waitFor(() => expect(services.data.cache).toBeNull());
    await searchFor('Jansen');
    await expectJansens();
  }, 60_000);
});
