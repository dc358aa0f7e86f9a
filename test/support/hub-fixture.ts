import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../common/hub/roles.ts';
import { ROLES } from '../../common/hub/roles.ts';
import { buildHub, type Hub } from '../../server/api/app.ts';
import type { CobrowseSettings } from '../../server/cobrowse/service.ts';
import type { Database } from '../../server/db/database.ts';

export const PASSWORD = 'correct horse battery staple';
export const INGEST_KEY = 'test-ingest-key-0123456789';

export interface Fixture {
  readonly officeId: string;
  readonly agents: Record<Role, { id: string; email: string }>;
  readonly customers: {
    readonly anna: { id: string; phone: string; email: string; order: string };
    readonly bram: { id: string; phone: string; email: string };
  };
}

let passwordHash: Promise<string> | null = null;

/** A small, known data set: one office, one agent per role, two customers, reason codes. */
export async function seedFixture(db: Database): Promise<Fixture> {
  passwordHash ??= hash(PASSWORD);
  const officeId = uuidv7();
  await db.query(`insert into office (id, code, name, country, timezone) values ($1, 'ams', 'Amsterdam', 'NL', 'Europe/Amsterdam')`, [officeId]);
  const agents = {} as Record<Role, { id: string; email: string }>;
  for (const [index, role] of ROLES.entries()) {
    const id = uuidv7();
    const email = `${role.replace('_', '-')}@shop.example`;
    await db.query(
      `insert into agent (id, office_id, email, display_name, role, languages, password_hash, sip_extension, sip_secret, access_expires_at)
       values ($1, $2, $3, $4, $5, '{nl,en}', $6, $7, 'sip-secret', $8)`,
      [id, officeId, email, `Agent ${role}`, role, await passwordHash, `20${index}`, role === 'overflow' ? new Date(Date.now() + 30 * 86_400_000) : null],
    );
    agents[role] = { id, email };
  }
  const anna = { id: uuidv7(), phone: '+31612345678', email: 'anna.devries@example.nl', order: 'NL-2026-0000042' };
  const bram = { id: uuidv7(), phone: '+31687654321', email: 'bram.jansen@example.nl' };
  for (const [customer, name] of [[anna, 'Anna de Vries'], [bram, 'Bram Jansen']] as const) {
    await db.query(`insert into customer (id, name, language, country, office_id) values ($1, $2, 'nl', 'NL', $3)`, [customer.id, name, officeId]);
    await db.query('insert into customer_phone (customer_id, e164) values ($1, $2)', [customer.id, customer.phone]);
    await db.query('insert into customer_email (customer_id, email) values ($1, $2)', [customer.id, customer.email]);
  }
  const orderId = uuidv7();
  await db.query(
    `insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at) values ($1, $2, $3, 'EUR', 4995, 'shipped', now() - interval '3 days')`,
    [orderId, anna.id, anna.order],
  );
  await db.query(
    `insert into order_event (id, order_id, status, occurred_at, tracking_ref) values ($1, $2, 'placed', now() - interval '3 days', null), ($3, $2, 'shipped', now() - interval '1 day', '3SABCD1234567')`,
    [uuidv7(), orderId, uuidv7()],
  );
  await db.query(`insert into reason_code (code, labels, sort) values ('where_is_my_order', '{"en":"Where is my order","nl":"Waar is mijn bestelling"}', 1)`);
  return { officeId, agents, customers: { anna, bram } };
}

export interface RunningHub {
  readonly hub: Hub;
  readonly url: string;
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

/** The hub on a real port: tests talk HTTP to it like a console would. */
export async function startHub(db: Database, options: { now?: () => Date; loginAttemptsPerMinute?: number; port?: number; cobrowse?: CobrowseSettings } = {}): Promise<RunningHub> {
  const hub = await buildHub({
    db,
    ingestKey: INGEST_KEY,
    secret: 'test-secret-test-secret-test-secret',
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10_000,
    ...(options.now ? { now: options.now } : {}),
    ...(options.cobrowse ? { cobrowse: options.cobrowse } : {}),
  });
  await hub.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = hub.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const call: RunningHub['call'] = async (method, path, options = {}) => {
    const response = await fetch(url + path, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    hub,
    url,
    call,
    async login(email) {
      const response = await call('POST', '/auth/login', { body: { email, password: PASSWORD } });
      if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    },
    close: () => hub.close(),
  };
}
