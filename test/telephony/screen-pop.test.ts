import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { write } from '../../server/db/writes.ts';
import { EventBus } from '../../server/events/bus.ts';
import { ROOT } from '../support/web-shell-process.ts';
import { expectAudioBothWays } from './audio.ts';
import { callerOf, phoneCalls, startConsoleWorld, waitForCall, type AgentConsole, type ConsoleWorld, type PhoneCall } from './console-world.ts';
import { holdSyncRequests, startLateConsole } from './late-console.ts';

// The Single Point of Contact screen on the real rig: a customer's phone (baresip, calling with
// the customer's own number as caller id through the rig's PSTN trunk) rings an agent's console,
// and the console opens that customer while it still rings; several customers with the number
// get a chooser, an unknown number a "new customer / link" choice. After an answered call the
// wrap-up is saved and shows in a colleague's timeline.

let world: ConsoleWorld;
let first: AgentConsole;
let second: AgentConsole;
const shot = (name: string) => path.join(ROOT, 'test-results', 'screenshots', `${name}.png`);

/** What main's CallView adds for the screen pop (common/contract/telephony.ts); who else has the number is in `calls.callers`. */
type PoppedCall = PhoneCall & { interactionId: string; customerId: string | null };

beforeAll(async () => {
  world = await startConsoleWorld({ agents: 2 });
  [first, second] = world.consoles as [AgentConsole, AgentConsole];
  // Both consoles have synced the fixture's customers (the screen pop looks in the cache only).
  for (const agent of world.consoles) await waitForSearchHits(agent, world.fixture.customers.anna.phone, 1);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

/** The agent's own address on the rig, for the customer's phone to call. */
const addressOf = (agent: AgentConsole) => `sip:${agent.sip.user}@${world.rig.sip.domain}`;

async function searchHits(agent: AgentConsole, query: string): Promise<{ id: string; name: string }[]> {
  return (await agent.socket.request<{ hits: { id: string; name: string }[] }>('customers.search', { query })).hits;
}

/** Waits until the console's cache finds `count` customers for `query` (sync is asynchronous). */
async function waitForSearchHits(agent: AgentConsole, query: string, count: number, timeout = 30_000): Promise<void> {
  // A loop, not expect.poll: this runs in beforeAll too.
  const until = Date.now() + timeout;
  let found = -1;
  while ((found = (await searchHits(agent, query)).length) !== count) {
    if (Date.now() > until) throw new Error(`agent ${agent.sip.user}'s console finds ${found} customers for ${query} after ${timeout} ms, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Main's view of a call, with the screen-pop fields. */
async function callById(agent: AgentConsole, id: string): Promise<PoppedCall | undefined> {
  return (await phoneCalls(agent)).find((call) => call.id === id) as PoppedCall | undefined;
}

/** The customer's phone calls the agent from `number`; resolves with the ringing call in main. */
async function ringFrom(agent: AgentConsole, number: string): Promise<PoppedCall> {
  await world.rig.baresip.dialFrom(number, addressOf(agent));
  return (await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === number, 10_000)) as PoppedCall;
}

/** The customer hangs up while it still rings (no wrap-up: the call was never answered). */
async function callerGivesUp(agent: AgentConsole, call: PoppedCall): Promise<void> {
  const since = Date.now();
  await world.rig.baresip.hangup();
  await world.rig.baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);
  await waitForCall(agent, (c) => c.id === call.id && c.state === 'ended', 10_000);
}

async function hubInteraction(sipCallId: string) {
  const [row] = await world.db.query<{ id: string; customer_id: string | null; reasons: string[]; outcome: string | null; remote_number: string | null; ended_at: Date | null }>(
    'select id, customer_id, reasons, outcome, remote_number, ended_at from interaction where sip_call_id = $1',
    [sipCallId],
  );
  return row ?? null;
}

/** Opens a customer through the search screen, the way an agent does. */
async function openBySearch(agent: AgentConsole, query: string): Promise<void> {
  const { page } = agent;
  await page.keyboard.press('Alt+2');
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-hit').first().waitFor({ timeout: 10_000 });
  await page.getByTestId('search-input').press('Enter');
}

describe('the screen pop', () => {
  it("opens the caller's customer while it rings; the wrap-up after the call shows in a colleague's timeline", async () => {
    const { anna } = world.fixture.customers;
    const { page } = first;
    const { baresip } = world.rig;
    const since = Date.now();
    const ringing = await ringFrom(first, anna.phone);
    expect(ringing.direction).toBe('inbound');
    expect(ringing.customerId).toBe(anna.id);
    expect((await callerOf(first, ringing.id))?.matches.map((match) => match.id)).toEqual([anna.id]);

    // Anna's screen, with her last order, while the call still rings.
    const header = page.getByTestId('customer-header');
    await header.locator('#customer-name', { hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('customer-last-order').textContent(), { timeout: 5_000 }).toContain(anna.order);
    expect((await callById(first, ringing.id))?.state).toBe('ringing');
    expect(baresip.eventsSince(since).some((event) => event.type === 'CALL_ESTABLISHED')).toBe(false);
    await page.getByTestId('incoming-call').waitFor({ timeout: 5_000 });
    await page.screenshot({ path: shot('screen-pop-ringing-en') });

    await page.getByTestId('call-answer').click();
    await page.locator('[data-testid="call-panel"][data-call-state="active"]').waitFor({ timeout: 10_000 });
    await baresip.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 5_000, since);
    await expectAudioBothWays(page, ringing.id, { phone: baresip }, 1_000);
    await page.getByTestId('call-hangup').click();
    await baresip.waitForEvent((event) => event.type === 'CALL_CLOSED', 5_000, since);

    // The wrap-up, on Anna's screen.
    const panel = page.getByTestId('wrap-up-panel');
    await panel.waitFor({ timeout: 10_000 });
    expect(await header.locator('#customer-name').textContent()).toContain('Anna de Vries');
    await panel.locator('[data-testid="wrap-up-reason"][data-code="where_is_my_order"]').check();
    await panel.getByTestId('wrap-up-outcome-solved').click();
    await page.screenshot({ path: shot('screen-pop-wrap-up-en') });
    await panel.getByTestId('wrap-up-save').click();
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });

    // The hub has the call as Anna's interaction with the wrap-up.
    await expect.poll(async () => (await hubInteraction(ringing.sipCallId))?.outcome ?? null, { timeout: 20_000 }).toBe('solved');
    const stored = await hubInteraction(ringing.sipCallId);
    expect(stored).toMatchObject({ id: ringing.interactionId, customer_id: anna.id, reasons: ['where_is_my_order'], remote_number: anna.phone });
    expect(stored?.ended_at).not.toBeNull();

    // The colleague's console learns of it from the hub's live events…
    await expect
      .poll(
        async () => {
          const page2 = await second.socket.request<{ items: { kind: string; id: string; data: Record<string, unknown> }[] }>('customers.timeline', { customerId: anna.id });
          const item = page2.items.find((entry) => entry.id === ringing.interactionId);
          return item ? `${item.kind} ${JSON.stringify(item.data.reasons ?? null)}` : null;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe('interaction ["where_is_my_order"]');
    // …and shows it in Anna's timeline with its reason.
    await openBySearch(second, anna.phone);
    await second.page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Anna de Vries' }).waitFor({ timeout: 10_000 });
    const call = second.page.getByTestId('timeline-scroller').locator('[data-testid="timeline-entry"][data-kind="interaction"]');
    await call.first().waitFor({ timeout: 10_000 });
    expect(await call.count()).toBe(1);
    expect(await call.first().textContent()).toContain('Where is my order');
    await second.page.screenshot({ path: shot('screen-pop-colleague-timeline-en') });
  });

  it('offers a chooser when several customers share the number; the one chosen opens and the call is linked to it', async () => {
    const { bram } = world.fixture.customers;
    const { page } = first;
    // A household member with Bram's number, added at the hub the way the hub adds customers
    // (in a write transaction with its live event), so consoles sync it at once.
    const bea = { id: uuidv7(), name: 'Bea Jansen' };
    await write(world.db, world.hub.hub.context.bus, async (tx) => {
      await tx.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [bea.id, bea.name, world.fixture.officeId]);
      await tx.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [bea.id, bram.phone]);
      await EventBus.append(tx, 'customer.saved', { customerId: bea.id }, null, bea.id);
    });
    await waitForSearchHits(first, bram.phone, 2);

    const ringing = await ringFrom(first, bram.phone);
    expect(ringing.customerId).toBeNull();
    expect((await callerOf(first, ringing.id))?.matches.map((match) => match.id).sort()).toEqual([bram.id, bea.id].sort());

    const chooser = page.getByTestId('screen-pop-chooser');
    await chooser.waitFor({ timeout: 10_000 });
    const offered = await chooser.getByTestId('screen-pop-match').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-customer-id')));
    expect(offered.sort()).toEqual([bram.id, bea.id].sort());
    expect((await callById(first, ringing.id))?.state).toBe('ringing');
    await page.screenshot({ path: shot('screen-pop-chooser-en') });

    await chooser.locator(`[data-testid="screen-pop-match"][data-customer-id="${bea.id}"]`).click();
    await page.getByTestId('customer-header').locator('#customer-name', { hasText: bea.name }).waitFor({ timeout: 10_000 });
    await chooser.waitFor({ state: 'hidden', timeout: 5_000 });
    await expect.poll(async () => (await callById(first, ringing.id))?.customerId ?? null, { timeout: 5_000 }).toBe(bea.id);

    // The hub's interaction for the call now belongs to the customer chosen.
    await expect.poll(async () => (await hubInteraction(ringing.sipCallId))?.customer_id ?? null, { timeout: 20_000 }).toBe(bea.id);
    await callerGivesUp(first, ringing);
  });

  it('lets the agent make an unknown caller a new customer, who is then found by the number in any notation', async () => {
    const number = '+31611122233';
    const { page } = first;
    expect(await searchHits(first, number)).toEqual([]);

    const ringing = await ringFrom(first, number);
    expect(ringing.customerId).toBeNull();
    expect((await callerOf(first, ringing.id))?.matches).toEqual([]);

    const unknown = page.getByTestId('screen-pop-unknown');
    await unknown.waitFor({ timeout: 10_000 });
    expect((await callById(first, ringing.id))?.state).toBe('ringing');
    await page.screenshot({ path: shot('screen-pop-unknown-en') });
    await unknown.getByTestId('screen-pop-new').click();
    const phone = page.getByTestId('new-customer-phone');
    await phone.waitFor({ timeout: 5_000 });
    // Prefilled with the caller's number (in whatever notation the form shows it).
    expect((await phone.inputValue()).replace(/\D/g, '')).toMatch(/611122233$/);
    await page.getByTestId('new-customer-name').fill('Chris Bakker');
    await page.getByTestId('new-customer-email').fill('chris.bakker@example.nl');
    await page.getByTestId('new-customer-save').click();

    await page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Chris Bakker' }).waitFor({ timeout: 10_000 });
    await unknown.waitFor({ state: 'hidden', timeout: 5_000 });
    await callerGivesUp(first, ringing);

    // At the hub: the customer with the number, and the call linked to them.
    await expect
      .poll(async () => (await world.db.query<{ name: string }>('select c.name from customer c join customer_phone p on p.customer_id = c.id where p.e164 = $1', [number])).map((r) => r.name), {
        timeout: 20_000,
      })
      .toEqual(['Chris Bakker']);
    const [created] = await world.db.query<{ id: string }>('select customer_id as id from customer_phone where e164 = $1', [number]);
    await expect.poll(async () => (await hubInteraction(ringing.sipCallId))?.customer_id ?? null, { timeout: 20_000 }).toBe(created?.id);

    // Search finds them by the number as agents type it.
    for (const typed of ['06 11 12 22 33', '+31611122233', '0031 6 1112 2233']) {
      await page.keyboard.press('Alt+2');
      await page.getByTestId('search-input').fill(typed);
      await expect
        .poll(async () => (await page.getByTestId('search-hit').allTextContents()).map((text) => text.includes('Chris Bakker')), { timeout: 10_000 })
        .toEqual([true]);
      const hits = await searchHits(first, typed);
      expect(hits.map((hit) => hit.id)).toEqual([created?.id]);
    }
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Chris Bakker' }).waitFor({ timeout: 10_000 });
  });
});

describe('the screen pop when the cache is behind the hub', () => {
  /** A customer made at the hub the way the hub makes them (a write with its live event). */
  async function customerAtHub(name: string, phone: string, extra: { language: string; segment: string }): Promise<string> {
    const id = uuidv7();
    await write(world.db, world.hub.hub.context.bus, async (tx) => {
      await tx.query(`insert into customer (id, name, language, country, segment, office_id) values ($1, $2, $3, 'NL', $4, $5)`, [id, name, extra.language, extra.segment, world.fixture.officeId]);
      await tx.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [id, phone]);
      await EventBus.append(tx, 'customer.saved', { customerId: id }, null, id);
    });
    return id;
  }

  /** Who main says is calling, with where the answer came from. */
  async function callerSource(agent: AgentConsole, callId: string): Promise<string | null> {
    const { callers } = await agent.socket.request<{ callers: { callId: string; source: string }[] }>('calls.callers', {});
    return callers.find((caller) => caller.callId === callId)?.source ?? null;
  }

  it('pops a customer created at the hub a moment ago by name while it rings, though the sync lags: it asks the hub as Search does; the shop line dialled is on the banner', async () => {
    const { page } = first;
    const number = '+31687001122';
    // The console's sync and live feed are held at the hub: its cache will not have her.
    const hold = holdSyncRequests(world.hub.hub.app.server, world.hub.hub.app.websocketServer);
    let ringing: PoppedCall;
    try {
      const id = await customerAtHub('Lena Vogel', number, { language: 'de', segment: 'vip' });
      // Called at once, on the shop's service line that the rig's PBX forwards to this agent.
      await world.rig.baresip.dialFrom(number, `sip:+3120555${first.sip.user}@${world.rig.sip.domain}`);
      ringing = (await waitForCall(first, (call) => call.state === 'ringing' && call.remoteNumber === number, 10_000)) as PoppedCall;

      // Her screen opens while it still rings, and the banner names her, her segment and language.
      await page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Lena Vogel' }).waitFor({ timeout: 10_000 });
      const banner = page.getByTestId('incoming-call');
      await banner.getByTestId('incoming-name').filter({ hasText: 'Lena Vogel' }).waitFor({ timeout: 5_000 });
      expect(await banner.getByTestId('incoming-segment').textContent()).toBe('VIP');
      expect(await banner.getByTestId('incoming-language').textContent()).toBe('Speaks German');
      expect(await banner.getByTestId('incoming-number').textContent()).toBe('+31 6 87001122');
      const dialled = banner.getByTestId('incoming-dialled');
      expect(await dialled.getAttribute('data-number')).toBe(`+3120555${first.sip.user}`);
      expect(await dialled.textContent()).toContain('Klantenservice');
      expect(await page.getByTestId('screen-pop-unknown').count()).toBe(0);
      expect((await callById(first, ringing.id))?.state).toBe('ringing');
      expect((await callById(first, ringing.id))?.customerId).toBe(id);
      expect(await callerSource(first, ringing.id)).toBe('hub');
      await page.screenshot({ path: shot('screen-pop-from-hub-en') });
    } finally {
      hold.release();
    }
    // Once the sync lands, the answer comes from the cache (the call stays linked to her).
    await expect.poll(() => callerSource(first, ringing.id), { timeout: 20_000 }).toBe('cache');
    await callerGivesUp(first, ringing);
  });

  it('pops a customer created at the hub by name while the console’s first sync is still running', async () => {
    const number = '+31687003344';
    const hold = holdSyncRequests(world.hub.hub.app.server);
    const late = await startLateConsole(world, 2, 'expert').catch((error: unknown) => {
      hold.release();
      throw error;
    });
    try {
      const { agent } = late;
      await customerAtHub('Mirte Dekker', number, { language: 'nl', segment: 'regular' });
      // The first sync has started and not come back.
      const syncStatus = () => agent.socket.request<{ phase: string; lastSyncedAt: string | null }>('sync.status', {});
      await expect.poll(async () => (await syncStatus()).phase, { timeout: 10_000 }).toBe('initial');

      await world.rig.baresip.dialFrom(number, addressOf(agent));
      const ringing = (await waitForCall(agent, (call) => call.state === 'ringing' && call.remoteNumber === number, 10_000)) as PoppedCall;
      await agent.page.getByTestId('customer-header').locator('#customer-name', { hasText: 'Mirte Dekker' }).waitFor({ timeout: 10_000 });
      await agent.page.getByTestId('incoming-call').getByTestId('incoming-name').filter({ hasText: 'Mirte Dekker' }).waitFor({ timeout: 5_000 });
      expect((await callById(agent, ringing.id))?.state).toBe('ringing');
      expect(await callerSource(agent, ringing.id)).toBe('hub');
      // Still the first sync: the pop did not wait for it.
      expect(await syncStatus()).toMatchObject({ phase: 'initial', lastSyncedAt: null });
      await agent.page.screenshot({ path: shot('screen-pop-during-first-sync-en') });
      hold.release();
      await callerGivesUp(agent, ringing);
    } finally {
      hold.release();
      await late.stop();
    }
  });
});
