import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { SyncStatus } from '../../common/contract/data.ts';
import { createServices, type Services } from '../../main/services.ts';
import { safeStorageVault, type SecretVault } from '../../main/cache/vault.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';
import { request, until } from '../support/services-requests.ts';

// The console's data front against a real hub (PGlite) and a real encrypted SQLite cache:
// sign-in, initial sync, search, notes through the outbox, refusals set aside, live updates.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const opened: { services: Services; cleanup: () => Promise<void> }[] = [];

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

afterEach(async () => {
  for (const { services, cleanup } of opened.splice(0)) {
    await services.dispose();
    await cleanup();
  }
});

async function consoleFor(role: keyof Fixture['agents'], vault?: (dir: string) => SecretVault): Promise<Services> {
  const temp = await tempDir();
  const services = await createServices({
    shell: 'web',
    version: '0.1.0',
    dataDir: temp.dir,
    osLocale: 'en-GB',
    development: true,
    hub: { method: 'password', url: hub.url, email: fixture.agents[role].email, password: PASSWORD },
    vault: vault?.(temp.dir),
  });
  opened.push({ services, cleanup: temp.cleanup });
  return services;
}

const synced = (services: Services) => until('the first sync', () => services.data.syncer?.lastSyncedAt);

describe('console data against a real hub', () => {
  it('syncs what the agent may see and finds a customer by any way of writing a phone, by name, e-mail and order', async () => {
    const services = await consoleFor('first_line');
    await synced(services);
    const anna = fixture.customers.anna;
    for (const query of ['06 12 34 56 78', '+31612345678', '0031 6 1234 5678', 'anna', 'de vries', anna.email, anna.order]) {
      const { hits } = await request<{ hits: { id: string }[] }>(services, 'customers.search', { query });
      expect(hits.map((h) => h.id), query).toEqual([anna.id]);
    }
    const view = await request<{ customer: { name: string } }>(services, 'customers.get', { id: anna.id });
    expect(view.customer.name).toBe('Anna de Vries');
    const status = await request<SyncStatus>(services, 'sync.status', {});
    expect(status).toMatchObject({ connection: 'online', pending: 0, cache: { state: 'ready' } });
  });

  it('stores a note at once, sends it through the outbox, and another agent’s console receives it live', async () => {
    const writer = await consoleFor('first_line');
    const reader = await consoleFor('second_line');
    await Promise.all([synced(writer), synced(reader)]);
    const id = uuidv7();
    const anna = fixture.customers.anna.id;
    const added = await request<{ pending: boolean }>(writer, 'notes.add', { id, customerId: anna, text: 'Parcel left with the neighbour, no. 12' });
    expect(added.pending).toBe(true);
    // Repeating the same request (a reconnecting renderer) stores one note.
    await request(writer, 'notes.add', { id, customerId: anna, text: 'Parcel left with the neighbour, no. 12' });
    await until('the hub to acknowledge', () => writer.data.status().pending === 0);
    const rows = await db.query<{ n: number }>('select count(*)::int as n from interaction where id = $1', [id]);
    expect(rows[0]?.n).toBe(1);
    // Well before the 30 s sync timer: the hub's live event made the second console sync.
    const page = await until('the note at the second console', async () => {
      const timeline = await request<{ items: { id: string; pending: boolean }[] }>(reader, 'customers.timeline', { customerId: anna });
      return timeline.items.find((item) => item.id === id);
    }, 5_000);
    expect(page.pending).toBe(false);
  }, 15_000);

  it('sets a write the hub refuses aside with the reason, and goes on with the next', async () => {
    const services = await consoleFor('first_line');
    await synced(services);
    const anna = fixture.customers.anna.id;
    // The same id already holds another note at the hub: a repeat cannot fix that (422).
    const taken = uuidv7();
    const token = await hub.login(fixture.agents.first_line.email);
    const put = await hub.call('PUT', `/interactions/${taken}`, {
      token,
      body: { customerId: anna, channel: 'note', direction: 'internal', startedAt: new Date().toISOString(), note: 'first' },
    });
    expect(put.status).toBe(200);
    await request(services, 'notes.add', { id: taken, customerId: anna, text: 'second, different' });
    const next = uuidv7();
    await request(services, 'notes.add', { id: next, customerId: anna, text: 'after the refused one' });
    await until('the outbox to settle', () => services.data.status().pending === 0);
    const aside = await request<{ id: string; reason: { code: string; status: number }; summary: string }[]>(services, 'outbox.setAside', {});
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatchObject({ reason: { code: 'idempotency.conflict', status: 422 }, summary: 'second, different' });
    expect((await db.query('select 1 from interaction where id = $1', [next])).length).toBe(1);
    const after = await request<unknown[]>(services, 'outbox.discard', { id: aside[0]?.id });
    expect(after).toEqual([]);
    expect(services.data.status().setAside).toBe(0);
  });

  it('keeps notes written while the hub is unreachable and delivers each once when it is back', async () => {
    const services = await consoleFor('first_line');
    await synced(services);
    const anna = fixture.customers.anna.id;
    await hub.close();
    const ids = Array.from({ length: 20 }, () => uuidv7());
    try {
      for (const [i, id] of ids.entries()) await request(services, 'notes.add', { id, customerId: anna, text: `offline note ${i}` });
      await until('the console to notice', () => services.data.status().connection === 'offline');
      expect(services.data.status().pending).toBe(20);
    } finally {
      hub = await startHubOnPort(new URL(hub.url).port);
    }
    await request(services, 'sync.now', {});
    await until('all twenty at the hub', () => services.data.status().pending === 0, 30_000);
    const rows = await db.query<{ id: string }>('select id from interaction where id = any($1)', [ids]);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('restores a draft after the console restarts', async () => {
    const temp = await tempDir();
    const options = {
      shell: 'web' as const, version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true,
      hub: { method: 'password' as const, url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD },
    };
    const first = await createServices(options);
    await synced(first);
    await request(first, 'drafts.save', { key: 'note:x', text: 'half a thought' });
    await first.dispose();
    const second = await createServices(options);
    opened.push({ services: second, cleanup: temp.cleanup });
    await until('the cache', () => second.data.cache);
    expect(await request(second, 'drafts.get', { key: 'note:x' })).toMatchObject({ text: 'half a thought' });
  });
});

describe('what the cache does not hold comes from the hub', () => {
  it('lets an overflow agent (who syncs no customers) look a caller up and read the history online', async () => {
    const services = await consoleFor('overflow');
    await synced(services);
    const anna = fixture.customers.anna;
    expect(services.data.cache?.db.prepare('select count(*) as n from customer').get()).toEqual({ n: 0 });
    const { hits } = await request<{ hits: { id: string; matchedOn: string }[] }>(services, 'customers.search', { query: '06 12 34 56 78' });
    expect(hits).toEqual([expect.objectContaining({ id: anna.id, matchedOn: 'phone' })]);
    // Overflow agents may not browse by name: the hub refuses, the console does not even ask.
    expect((await request<{ hits: unknown[] }>(services, 'customers.search', { query: 'Anna' })).hits).toEqual([]);
    const view = await request<{ customer: { name: string } }>(services, 'customers.get', { id: anna.id });
    expect(view.customer.name).toBe('Anna de Vries');
    const page = await request<{ items: { kind: string }[] }>(services, 'customers.timeline', { customerId: anna.id });
    expect(page.items.some((item) => item.kind === 'order')).toBe(true);
  });

  it('keeps no customer data where the machine has no secret store, and says why; notes go straight to the hub', async () => {
    const basicText = (dir: string) =>
      safeStorageVault(
        { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() },
        `${dir}/secrets`,
        'linux',
      );
    const services = await consoleFor('first_line', basicText);
    await until('the sign-in', () => services.hub.status().state === 'signedIn');
    const status = await request<SyncStatus>(services, 'sync.status', {});
    expect(status.cache).toEqual({ state: 'unavailable', reason: 'noSecretStore' });
    const anna = fixture.customers.anna.id;
    const { hits } = await request<{ hits: { id: string }[] }>(services, 'customers.search', { query: '+31612345678' });
    expect(hits.map((h) => h.id)).toEqual([anna]);
    expect(await request(services, 'drafts.save', { key: 'note:a', text: 'x' })).toEqual({ savedAt: null });
    const id = uuidv7();
    expect(await request(services, 'notes.add', { id, customerId: anna, text: 'straight to the hub' })).toEqual({ id, pending: false });
    expect((await db.query('select 1 from interaction where id = $1', [id])).length).toBe(1);
  });
});

describe('the SIP account the hub keeps', () => {
  it('is taken after sign-in and followed live when a team lead changes or removes it', async () => {
    const services = await consoleFor('first_line');
    await synced(services);
    expect(services.phone.account().source).toBe('none');

    const lead = await hub.login(fixture.agents.team_lead.email);
    const path = `/agents/${fixture.agents.first_line.id}/sip-account`;
    const body = { server: 'wss://pbx.example.eu:7443', domain: 'pbx.example.eu', username: '1001', password: 's3cret-from-the-hub', displayName: 'Anouk' };
    expect((await hub.call('PUT', path, { token: lead, body })).status).toBe(200);
    const taken = await until('the hub account applied', () => {
      const view = services.phone.account();
      return view.source === 'hub' ? view : false;
    });
    expect(taken).toMatchObject({ server: body.server, domain: body.domain, username: '1001', displayName: 'Anouk', hasPassword: true });
    expect(JSON.stringify(taken)).not.toContain('s3cret');

    expect((await hub.call('DELETE', path, { token: lead })).status).toBe(200);
    await until('the hub account dropped', () => services.phone.account().source === 'none');
  });
});

async function startHubOnPort(port: string): Promise<RunningHub> {
  // The same hub again on the same port, as after a restart.
  const next = await startHub(db, { port: Number(port) });
  return next;
}
