import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Services } from '../../main/services.ts';
import { startFixtureHub, type FixtureHub } from '../support/console-fixture.ts';
import { startFaultyProxy, type Fault, type FaultyProxy } from '../support/faulty-proxy.ts';
import { hardeningRow } from '../support/hardening.ts';
import { PASSWORD } from '../support/hub-fixture.ts';
import { InProcessConsoles } from '../support/in-process-console.ts';
import { request, until } from '../support/services-requests.ts';

// The outbox between a real console (main's services, encrypted SQLite cache) and a real hub,
// with a proxy between them that loses answers and answers errors: every note typed reaches the
// hub exactly once with its own text, or is set aside with the reason; nothing is lost or doubled.
let world: FixtureHub;
let proxy: FaultyProxy | null = null;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  world = await startFixtureHub();
}, 60_000);

afterAll(() => world?.close());

afterEach(async () => {
  await consoles.disposeAll();
  await proxy?.close();
  proxy = null;
});

/** A console signed in through a proxy that applies `faults` to the note writes (PUT /interactions/…), in turn. */
async function consoleBehind(faults: Fault[]): Promise<{ services: Services; proxy: FaultyProxy }> {
  const queue = [...faults];
  proxy = await startFaultyProxy(world.hub.url, (method, path) => (method === 'PUT' && path.startsWith('/interactions/') ? (queue.shift() ?? 'pass') : 'pass'));
  const services = await consoles.open({ url: proxy.url, email: world.fixture.agents.first_line.email, password: PASSWORD });
  return { services, proxy };
}

/** The note at the hub (its rows with that id) and in the console's history (its entries with that id). */
async function whereIs(services: Services, id: string) {
  const atHub = await world.db.query<{ note: string }>('select note from interaction where id = $1', [id]);
  const timeline = await request<{ items: { id: string; pending: boolean }[] }>(services, 'customers.timeline', { customerId: world.fixture.customers.anna.id });
  return { atHub: atHub.map((row) => row.note), local: timeline.items.filter((item) => item.id === id) };
}

const attemptsFor = (p: FaultyProxy, id: string) => p.seen.filter((r) => r.method === 'PUT' && r.path === `/interactions/${id}`);

describe('the outbox through a faulty network', () => {
  it('sends a note again when the answer was lost after the hub committed it, and the hub keeps it once', async (ctx) => {
    const { services, proxy } = await consoleBehind(['cutAfterCommit']);
    const id = uuidv7();
    const started = performance.now();
    await request(services, 'notes.add', { id, customerId: world.fixture.customers.anna.id, text: 'Parcel left with the neighbours at no. 12' });
    await until('the note acknowledged', () => services.data.status().pending === 0, 30_000);
    const ms = performance.now() - started;
    const attempts = attemptsFor(proxy, id);
    expect(attempts.map((a) => a.fault)).toEqual(['cutAfterCommit', 'pass']);
    const { atHub, local } = await whereIs(services, id);
    expect(atHub).toEqual(['Parcel left with the neighbours at no. 12']);
    expect(local).toHaveLength(1);
    expect(local[0]?.pending).toBe(false);
    hardeningRow(ctx, {
      case: 'network cut after commit',
      fault: 'answer to PUT /interactions dropped after the hub committed',
      result: 'resent under its id, 1 row at the hub, 1 in the cache',
      figure: `${attempts.length} attempts, acknowledged after ${Math.round(ms)} ms`,
    });
  });

  it('retries 503, 500 and 409 with backoff and delivers once', async (ctx) => {
    const faults: Fault[] = [{ status: 503 }, { status: 500 }, { status: 409, code: 'state.conflict' }];
    const { services, proxy } = await consoleBehind(faults);
    const id = uuidv7();
    const started = performance.now();
    await request(services, 'notes.add', { id, customerId: world.fixture.customers.anna.id, text: 'Called back about the refund' });
    await until('the note acknowledged', () => services.data.status().pending === 0, 30_000);
    const ms = performance.now() - started;
    expect(attemptsFor(proxy, id).map((a) => (typeof a.fault === 'object' ? a.fault.status : a.fault))).toEqual([503, 500, 409, 'pass']);
    const { atHub, local } = await whereIs(services, id);
    expect(atHub).toEqual(['Called back about the refund']);
    expect(local).toHaveLength(1);
    hardeningRow(ctx, {
      case: '5xx and 409 from the hub',
      fault: '503, 500, 409 in a row on one write',
      result: 'retried with backoff, delivered once',
      figure: `4 attempts in ${(ms / 1000).toFixed(1)} s`,
    });
  });

  it('sets a write the hub refuses with 422 aside with its reason, keeps its text, and sends the next one', async (ctx) => {
    const { services } = await consoleBehind([{ status: 422, code: 'idempotency.conflict' }]);
    const refused = uuidv7();
    const next = uuidv7();
    await request(services, 'notes.add', { id: refused, customerId: world.fixture.customers.anna.id, text: 'Refused, and still here' });
    await request(services, 'notes.add', { id: next, customerId: world.fixture.customers.anna.id, text: 'The one after it' });
    await until('the outbox settled', () => services.data.status().pending === 0, 30_000);
    const aside = await request<{ id: string; reason: { code: string; status: number }; summary: string }[]>(services, 'outbox.setAside', {});
    expect(aside).toEqual([expect.objectContaining({ reason: expect.objectContaining({ code: 'idempotency.conflict', status: 422 }), summary: 'Refused, and still here' })]);
    expect((await whereIs(services, next)).atHub).toEqual(['The one after it']);
    expect((await whereIs(services, refused)).atHub).toEqual([]);
    hardeningRow(ctx, {
      case: '422 from the hub',
      fault: 'write refused as unrepeatable',
      result: 'set aside with reason and text, queue goes on',
      figure: '1 aside, next delivered',
    });
  });
});
