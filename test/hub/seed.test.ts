import { createSecretKey, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../common/hub/roles.ts';
import { buildHub } from '../../server/api/app.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../common/locales.ts';
import { COUNTRIES, type CountryCode } from '../../server/seed/data/index.ts';
import { NOTES } from '../../server/seed/data/notes.ts';
import { DEMO_POOL_PER_OFFICE } from '../../server/seed/sip-pool.ts';
import { DEMO_AGENT_EMAIL, DEMO_LOGINS, DEMO_PASSWORD, DEMO_SIP_ACCOUNTS, peakWindow, historyStart, seedDemo, type DemoSummary } from '../../server/seed/demo.ts';
import { Random } from '../../server/seed/random.ts';
import { openTestDatabase, type TestDatabase } from '../support/hub-db.ts';

// The demo seed on a real database (PGlite or PostgreSQL, per project), with a fixed "now" so
// the data, and the Black Friday window, are the same on every run.
const NOW = new Date('2026-11-23T10:00:00Z');
const CUSTOMERS = 400;
const DAY = 86_400_000;

const SIP_KEY = createSecretKey(randomBytes(32));

let database: TestDatabase;
let summary: DemoSummary;

beforeAll(async () => {
  database = await openTestDatabase();
  summary = await seedDemo(database.db, { sipKey: SIP_KEY, now: NOW, customers: CUSTOMERS });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const q = <T>(sql: string, params: unknown[] = []) => database.db.query<T>(sql, params);

describe('demo seed', () => {
  it('reports what it wrote', async () => {
    const [row] = await q<{ customers: number; interactions: number; orders: number }>(
      `select (select count(*) from customer)::int8 as customers, (select count(*) from interaction)::int8 as interactions,
              (select count(*) from shop_order)::int8 as orders`,
    );
    expect(row).toEqual({ customers: CUSTOMERS, interactions: summary.interactions, orders: summary.orders });
    expect(summary.offices).toBe(7);
    expect(summary.agents).toBeGreaterThanOrEqual(45);
    expect(summary.interactions / CUSTOMERS).toBeCloseTo(6, 0);
    expect(summary.escalations).toBeGreaterThan(0);
    expect(summary.callbacks).toBeGreaterThan(0);
  });

  it('has every role, unique SIP extensions, and overflow agents whose access expires', async () => {
    const agents = await q<{ role: string; sip_extension: string | null; access_expires_at: Date | null; languages: string[] }>(
      'select role, sip_extension, access_expires_at, languages from agent',
    );
    expect(new Set(agents.map((a) => a.role))).toEqual(new Set(ROLES));
    const extensions = agents.map((a) => a.sip_extension).filter((e) => e !== null);
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const agent of agents) {
      expect(agent.languages.length).toBeGreaterThan(0);
      if (agent.role === 'overflow') {
        expect(agent.access_expires_at).not.toBeNull();
        const days = ((agent.access_expires_at?.getTime() ?? 0) - NOW.getTime()) / DAY;
        expect(days).toBeGreaterThan(35);
        expect(days).toBeLessThan(50);
      } else {
        expect(agent.access_expires_at).toBeNull();
      }
    }
    expect(agents.filter((a) => a.role === 'overflow').length).toBeGreaterThanOrEqual(5);
  });

  it('signs in the demo accounts with the demo password', async () => {
    expect(DEMO_LOGINS.first_line).toBe(DEMO_AGENT_EMAIL);
    for (const [role, email] of Object.entries(DEMO_LOGINS)) {
      const [agent] = await q<{ role: string; password_hash: string; disabled_at: Date | null }>('select role, password_hash, disabled_at from agent where email = $1', [email]);
      expect(agent?.role).toBe(role);
      expect(agent?.disabled_at).toBeNull();
      expect(await verify(agent?.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
    }
  });

  it('gives the demo agent, then the second-line agent and the expert, SIP accounts on the local test rig', async () => {
    expect(DEMO_SIP_ACCOUNTS.map((a) => [a.email, a.username, a.password])).toEqual([
      [DEMO_AGENT_EMAIL, '1001', 'pw1001'],
      [DEMO_LOGINS.second_line, '1002', 'pw1002'],
      [DEMO_LOGINS.expert, '1003', 'pw1003'],
    ]);
    // Through the hub with the key the seed used, as the console fetches it after signing in.
    const hub = await buildHub({ db: database.db, ingestKey: 'seed-test-ingest-key-0000', secret: 'seed-test-secret-seed-test-secret', sipKey: SIP_KEY });
    try {
      for (const account of DEMO_SIP_ACCOUNTS) {
        const login = await hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: account.email, password: DEMO_PASSWORD } });
        expect(login.statusCode).toBe(200);
        const own = await hub.app.inject({ method: 'GET', url: '/me/sip-account', headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` } });
        expect(own.statusCode).toBe(200);
        expect(own.json()).toMatchObject({ server: 'ws://127.0.0.1:8080', domain: '127.0.0.1', username: account.username, password: account.password, authorizationUser: null });
      }
    } finally {
      await hub.close();
    }
    const rows = await q<{ username: string; password_sealed: string }>('select username, password_sealed from sip_account order by username');
    expect(rows.map((r) => r.username)).toEqual(['1001', '1002', '1003']);
    for (const row of rows) expect(row.password_sealed).not.toContain(`pw${row.username}`);
    // No plain-text SIP secret anywhere in the agent table.
    expect(await q('select id from agent where sip_secret is not null')).toEqual([]);
  });

  it('refuses to seed with another SIP key than the one the database’s passwords were sealed with', async () => {
    await expect(seedDemo(database.db, { sipKey: createSecretKey(randomBytes(32)), now: NOW, customers: 1 })).rejects.toThrow(/SIP key/);
  });

  it('fills every office’s SIP pool with 20 rig-style accounts that a team lead’s overflow enrollment hands out', async () => {
    const offices = await q<{ office_id: string; free: number }>('select office_id, count(*)::int as free from sip_pool_account where assigned_agent is null group by office_id');
    expect(offices.length).toBe(summary.offices);
    for (const office of offices) expect(Number(office.free)).toBe(DEMO_POOL_PER_OFFICE);
    expect(summary.sipPool).toBe(summary.offices * DEMO_POOL_PER_OFFICE);
    const hub = await buildHub({ db: database.db, ingestKey: 'seed-test-ingest-key-0000', secret: 'seed-test-secret-seed-test-secret', sipKey: SIP_KEY, now: () => NOW });
    try {
      const login = await hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: DEMO_LOGINS.team_lead, password: DEMO_PASSWORD } });
      const lead = login.json<{ accessToken: string; agent: { officeId: string } }>();
      const created = await hub.app.inject({
        method: 'POST',
        url: '/enrollments/overflow',
        headers: { authorization: `Bearer ${lead.accessToken}` },
        payload: { displayName: 'Pool Tester', languages: ['nl'], officeId: lead.agent.officeId, accessExpiresAt: new Date(NOW.getTime() + 30 * DAY).toISOString() },
      });
      expect(created.statusCode, created.body).toBe(201);
      const enrolled = await hub.app.inject({ method: 'POST', url: '/auth/enroll', payload: { code: created.json<{ code: string }>().code, deviceName: 'Pool laptop' } });
      const own = await hub.app.inject({ method: 'GET', url: '/me/sip-account', headers: { authorization: `Bearer ${enrolled.json<{ accessToken: string }>().accessToken}` } });
      const account = own.json<{ username: string; password: string; server: string }>();
      expect(account.username).toMatch(/^pool\d01$/);
      expect(account).toMatchObject({ password: `pw${account.username}`, server: 'ws://127.0.0.1:8080' });
    } finally {
      await hub.close();
    }
  });

  it('stores every phone in E.164, valid for the customer’s country and of its kind', async () => {
    const phones = await q<{ e164: string; kind: string; country: CountryCode }>(
      'select p.e164, p.kind, c.country from customer_phone p join customer c on c.id = p.customer_id',
    );
    expect(phones.length).toBeGreaterThan(CUSTOMERS);
    for (const phone of phones) {
      const parsed = parsePhoneNumberFromString(phone.e164);
      expect(parsed?.isValid(), phone.e164).toBe(true);
      expect(parsed?.country, phone.e164).toBe(phone.country);
      expect(parsed?.number).toBe(phone.e164);
      expect(phone.kind === 'mobile' ? ['MOBILE'] : ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE']).toContain(parsed?.getType());
    }
  });

  it('makes valid numbers for every country and city, not just the ones this sample drew', () => {
    const rng = new Random(7);
    for (const country of Object.values(COUNTRIES)) {
      for (let i = 0; i < 300; i++) {
        const mobile = parsePhoneNumberFromString(country.mobile(rng));
        expect(mobile?.isValid() && mobile.country === country.code && mobile.getType() === 'MOBILE', mobile?.number).toBe(true);
      }
      for (const city of country.communities.flatMap((c) => c.cities)) {
        for (let i = 0; i < 40; i++) {
          const landline = parsePhoneNumberFromString(country.landline(rng, city));
          expect(landline?.isValid() && landline.country === country.code, `${city.name} ${landline?.number}`).toBe(true);
        }
      }
    }
  });

  it('has a few households that share a phone number (several matches for one caller)', async () => {
    const shared = await q<{ e164: string; n: number }>('select e164, count(*)::int8 as n from customer_phone group by e164 having count(*) > 1');
    expect(shared.length).toBeGreaterThan(0);
  });

  it('stores emails in lower case, unique per customer', async () => {
    const emails = await q<{ customer_id: string; email: string }>('select customer_id, email from customer_email');
    const seen = new Set<string>();
    for (const { customer_id, email } of emails) {
      expect(email).toBe(email.toLowerCase());
      expect(email).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.example$/);
      expect(seen.has(`${customer_id} ${email}`)).toBe(false);
      seen.add(`${customer_id} ${email}`);
    }
    const [without] = await q<{ n: number }>('select count(*)::int8 as n from customer c where not exists (select 1 from customer_email e where e.customer_id = c.id)');
    expect(without?.n).toBe(0);
  });

  it('gives customers the language of their country (Belgians Dutch or French) and feminine Polish surnames', async () => {
    const customers = await q<{ name: string; language: string; country: CountryCode; segment: string; address: { city: string; postcode: string; street: string; country: string } }>(
      'select name, language, country, segment, address from customer',
    );
    const belgian = new Set<string>();
    for (const c of customers) {
      const languages = COUNTRIES[c.country].communities.map((community) => community.language as string);
      expect(languages).toContain(c.language);
      if (c.country === 'BE') belgian.add(c.language);
      expect(c.address.country).toBe(c.country);
      expect(c.address.street.length).toBeGreaterThan(3);
      expect(['regular', 'vip', 'new', 'b2b']).toContain(c.segment);
      if (c.country === 'PL' && c.segment !== 'b2b') {
        const [first, last = ''] = c.name.split(' ');
        const female = COUNTRIES.PL.communities[0]?.firstNames.female.includes(first ?? '');
        if (female) expect(last).not.toMatch(/(ski|cki|dzki)$/);
      }
      if (c.country === 'PL') expect(c.address.postcode).toMatch(/^\d{2}-\d{3}$/);
      if (c.country === 'NL') expect(c.address.postcode).toMatch(/^\d{4} [A-Z]{2}$/);
    }
    expect(belgian).toEqual(new Set(['nl', 'fr']));
  });

  it('numbers orders per country and gives each a status history in time order that ends in its status', async () => {
    const orders = await q<{ id: string; number: string; currency: string; status: string; placed_at: Date; country: string }>(
      'select o.id, o.number, o.currency, o.status, o.placed_at, c.country from shop_order o join customer c on c.id = o.customer_id',
    );
    const events = await q<{ order_id: string; status: string; occurred_at: Date; tracking_ref: string | null }>(
      'select order_id, status, occurred_at, tracking_ref from order_event order by order_id, occurred_at',
    );
    const byOrder = new Map<string, typeof events>();
    for (const e of events) byOrder.set(e.order_id, [...(byOrder.get(e.order_id) ?? []), e]);
    const next: Record<string, readonly string[]> = {
      placed: ['paid', 'cancelled'],
      paid: ['shipped', 'cancelled'],
      shipped: ['delivered'],
      delivered: ['returned'],
    };
    for (const order of orders) {
      expect(order.number).toMatch(new RegExp(`^${order.country}-\\d{4}-\\d{7}$`));
      expect(order.currency).toBe(order.country === 'PL' ? 'PLN' : 'EUR');
      const history = byOrder.get(order.id) ?? [];
      expect(history[0]?.status).toBe('placed');
      expect(history[0]?.occurred_at.getTime()).toBe(order.placed_at.getTime());
      expect(history[history.length - 1]?.status, order.number).toBe(order.status);
      for (let i = 1; i < history.length; i++) {
        const [before, after] = [history[i - 1], history[i]];
        expect(after?.occurred_at.getTime() ?? 0).toBeGreaterThan(before?.occurred_at.getTime() ?? 0);
        expect(next[before?.status ?? '']).toContain(after?.status);
      }
      for (const e of history) {
        expect(e.occurred_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
        if (e.status === 'shipped') expect(e.tracking_ref).toBeTruthy();
      }
    }
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['placed', 'paid', 'shipped', 'delivered', 'returned', 'cancelled']));
  });

  it('labels every reason code in all seven languages, most frequent first', async () => {
    const reasons = await q<{ code: string; labels: Record<string, string>; sort: number }>('select code, labels, sort from reason_code order by sort');
    expect(reasons.length).toBeGreaterThanOrEqual(15);
    expect(reasons[0]?.code).toBe('where_is_my_order');
    for (const reason of reasons) {
      for (const language of UI_LANGUAGES) expect(reason.labels[language]?.trim(), `${reason.code} ${language}`).toBeTruthy();
    }
    const used = await q<{ code: string }>('select distinct unnest(reasons) as code from interaction');
    const known = new Set(reasons.map((r) => r.code));
    for (const { code } of used) expect(known).toContain(code);
  });

  it('writes interaction notes in the customers’ languages (and English from agents who do not speak them)', async () => {
    const language = new Map<string, UiLanguage>();
    for (const templates of Object.values(NOTES)) for (const template of templates) for (const lang of UI_LANGUAGES) language.set(template[lang], lang);
    const notes = await q<{ note: string }>('select distinct note from interaction where note is not null');
    const languages = new Set<UiLanguage>();
    for (const { note } of notes) {
      expect(language.has(note), note).toBe(true);
      languages.add(language.get(note) as UiLanguage);
    }
    expect(languages.size).toBeGreaterThanOrEqual(6);
    const [marked] = await q<{ n: number }>("select count(*)::int8 as n from interaction where request_hash <> 'seed'");
    expect(marked?.n).toBe(0);
  });

  it('keeps interactions consistent: times, channels and who handled them', async () => {
    const rows = await q<{ channel: string; direction: string; started_at: Date; ended_at: Date | null; outcome: string | null; agent_ok: boolean; created_ok: boolean }>(
      `select i.channel, i.direction, i.started_at, i.ended_at, i.outcome,
              (a.created_at <= i.started_at and (a.disabled_at is null or a.disabled_at > i.started_at)) as agent_ok,
              (i.started_at >= c.created_at - interval '1 hour') as created_ok
         from interaction i join agent a on a.id = i.agent_id join customer c on c.id = i.customer_id`,
    );
    expect(rows.length).toBe(summary.interactions);
    for (const row of rows) {
      expect(row.agent_ok).toBe(true);
      expect(row.created_ok).toBe(true);
      expect(row.started_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (row.ended_at) expect(row.ended_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.channel === 'note').toBe(row.direction === 'internal');
      expect(row.outcome === null).toBe(row.channel === 'note');
    }
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['phone', 'email', 'chat', 'whatsapp', 'note']));
  });

  it('is busier in the last three weeks of November (Black Friday) than on an average day', async () => {
    const { start, end } = peakWindow(NOW);
    expect(start.toISOString()).toBe('2025-11-10T00:00:00.000Z');
    const from = historyStart(NOW);
    const [row] = await q<{ peak: number; total: number }>(
      `select count(*) filter (where started_at >= $1 and started_at < $2)::int8 as peak, count(*)::int8 as total from interaction where started_at >= $3`,
      [start, end, from],
    );
    const peakPerDay = (row?.peak ?? 0) / ((end.getTime() - start.getTime()) / DAY);
    const averagePerDay = (row?.total ?? 0) / ((NOW.getTime() - from.getTime()) / DAY);
    expect(peakPerDay).toBeGreaterThan(1.6 * averagePerDay);
    const [orders] = await q<{ peak: number; total: number }>(
      `select count(*) filter (where placed_at >= $1 and placed_at < $2)::int8 as peak, count(*)::int8 as total from shop_order where placed_at >= $3`,
      [start, end, from],
    );
    expect((orders?.peak ?? 0) / 21).toBeGreaterThan((2 * (orders?.total ?? 0)) / ((NOW.getTime() - from.getTime()) / DAY));
  });

  it('has open work: escalations and callbacks, some for the demo agent', async () => {
    const escalations = await q<{ status: string; summary: string; request_hash: string }>('select status, summary, request_hash from escalation');
    expect(escalations.some((e) => e.status === 'open')).toBe(true);
    for (const e of escalations) {
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.request_hash).toBe('seed');
    }
    const [mine] = await q<{ n: number }>(
      `select count(*)::int8 as n from callback b join agent a on a.id = b.assigned_to where a.email = $1 and b.status = 'open'`,
      [DEMO_AGENT_EMAIL],
    );
    expect(mine?.n).toBeGreaterThan(0);
  });

  it('gives escalations a priority with its SLA, outcomes to resolved ones, and some that came in today', async () => {
    const rows = await q<{ status: string; priority: string; created_at: Date; sla_due_at: Date; outcome: string | null }>(
      'select status, priority, created_at, sla_due_at, outcome from escalation',
    );
    const minutes = { urgent: 30, high: 120, normal: 480, low: 1440 } as Record<string, number>;
    expect(new Set(rows.map((r) => r.priority))).toEqual(new Set(['urgent', 'high', 'normal', 'low']));
    for (const row of rows) {
      expect(new Date(row.sla_due_at).getTime() - new Date(row.created_at).getTime()).toBe((minutes[row.priority] ?? 0) * 60_000);
      expect(row.outcome === null).toBe(row.status !== 'resolved');
    }
    const open = rows.filter((r) => r.status !== 'resolved');
    expect(open.some((r) => new Date(r.sla_due_at) > NOW)).toBe(true);
    expect(open.some((r) => new Date(r.sla_due_at) <= NOW)).toBe(true);
  });

  it('gives the named specialists skills and escalations in their inboxes', async () => {
    const skills = await q<{ email: string; skills: string[] }>('select email, skills from agent where email = any ($1)', [[DEMO_LOGINS.expert, DEMO_LOGINS.second_line]]);
    expect(skills.find((a) => a.email === DEMO_LOGINS.expert)?.skills).toContain('nutrition');
    expect(skills.find((a) => a.email === DEMO_LOGINS.second_line)?.skills).toEqual(['payments', 'returns', 'complaints']);
    const hub = await buildHub({ db: database.db, ingestKey: 'seed-test-ingest-key-0000', secret: 'seed-test-secret-seed-test-secret', sipKey: SIP_KEY, now: () => NOW });
    try {
      for (const role of ['second_line', 'expert', 'team_lead'] as const) {
        const login = await hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: DEMO_LOGINS[role], password: DEMO_PASSWORD } });
        const inbox = await hub.app.inject({ method: 'GET', url: '/escalations/inbox', headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` } });
        expect(inbox.json<{ escalations: { status: string }[] }>().escalations.filter((e) => e.status !== 'resolved').length, role).toBeGreaterThan(0);
      }
    } finally {
      await hub.close();
    }
  });

  it('has feedback of every kind within its scale', async () => {
    const feedback = await q<{ kind: string; min: number; max: number }>('select kind, min(score) as min, max(score) as max from feedback group by kind');
    const byKind = new Map(feedback.map((f) => [f.kind, f]));
    expect(byKind.get('nps')?.min).toBeGreaterThanOrEqual(0);
    expect(byKind.get('nps')?.max).toBeLessThanOrEqual(10);
    expect(byKind.get('csat')?.min).toBeGreaterThanOrEqual(1);
    expect(byKind.get('csat')?.max).toBeLessThanOrEqual(5);
    expect(byKind.get('review')?.max).toBeLessThanOrEqual(5);
  });

  it('gives every customer the facts its rows say (computed once after the load) and a billing address', async () => {
    // Recomputed here another way (group by over the whole tables) than the hub does (per customer).
    const wrong = await q<{ id: string }>(
      `with o as (select customer_id, count(*)::int as n,
                         sum(total_cents) filter (where status not in ('cancelled', 'returned'))::int8 as eur_or_pln_cents
                    from shop_order group by customer_id),
            i as (select customer_id, count(*)::int as n,
                         max(started_at) filter (where channel <> 'note') as last_contact_at
                    from interaction group by customer_id),
            last as (select distinct on (customer_id) customer_id, number from shop_order order by customer_id, placed_at desc, id desc),
            nps as (select distinct on (customer_id) customer_id, score from feedback where kind = 'nps' order by customer_id, occurred_at desc, id desc)
       select c.id from customer c
         left join customer_fact f on f.customer_id = c.id
         left join o on o.customer_id = c.id left join i on i.customer_id = c.id
         left join last on last.customer_id = c.id left join nps on nps.customer_id = c.id
        where f.customer_id is null
           or f.orders <> coalesce(o.n, 0) or f.interactions <> coalesce(i.n, 0)
           or f.repeat_buyer <> (coalesce(o.n, 0) >= 2)
           or f.last_order_number is distinct from last.number
           or f.last_nps_score is distinct from nps.score
           or f.last_contact_at is distinct from i.last_contact_at
           or coalesce((select sum((v->>'cents')::int8) from jsonb_array_elements(f.lifetime_value) v), 0) <> coalesce(o.eur_or_pln_cents, 0)
           or c.billing_address is distinct from c.address`,
    );
    expect(wrong).toEqual([]);
    const [some] = await q<{ n: number }>('select count(*)::int8 as n from customer_fact where orders >= 2 and last_csat_score is not null');
    expect(some?.n).toBeGreaterThan(0);
    const [contacted] = await q<{ n: number }>('select count(*)::int8 as n from customer_fact where last_contact_at is not null');
    expect(contacted?.n).toBeGreaterThan(0);
  });
});

describe('seeded random source', () => {
  it('repeats itself for the same seed and key, and differs between keys', () => {
    const a = Random.for(1, 'customer', 5);
    const b = Random.for(1, 'customer', 5);
    const c = Random.for(1, 'customer', 6);
    const draws = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    const first = draws(a);
    expect(draws(b)).toEqual(first);
    expect(draws(c)).not.toEqual(first);
  });
});
