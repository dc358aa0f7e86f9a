// The benchmark data set: 100,000 customers (phones, emails, orders with their history) and
// 2,000,000 interactions, made by the demo's generators without carts, feedback and open cases.
import { type Database } from '../db/database.ts';
import { refreshAllCustomerFacts } from './customer-facts.ts';
import { canSkipTriggers } from './insert.ts';
import { populate } from './offload.ts';
import { loadStaff, seedStaff } from './staff.ts';
import { SCALE_CUSTOMERS, SCALE_INTERACTIONS, SCALE_SEED } from './scale-size.ts';

export { SCALE_CUSTOMERS, SCALE_INTERACTIONS, SCALE_SEED };

export interface ScaleOptions {
  customers?: number;
  interactions?: number;
  now?: Date;
  /** Called after each batch with rows written so far of `table` ('customer' or 'interaction'). */
  onProgress?: (done: number, total: number, table: string) => void;
  /** Generate on a worker thread while this one writes (default); false keeps everything on this thread. */
  worker?: boolean;
}

export interface ScaleSummary {
  customers: number;
  customerPhones: number;
  customerEmails: number;
  orders: number;
  orderEvents: number;
  interactions: number;
  elapsedMs: number;
  /** Some customers that exist afterwards (every 500th), for benchmark requests. */
  samples: { customerIds: string[]; phones: string[] };
}

/** The tables the bulk load fills; their secondary indexes are built after it. */
const LOADED_TABLES = ['customer', 'customer_phone', 'customer_email', 'shop_order', 'order_event', 'interaction'];

/**
 * Seeds a migrated database without customers. Offices and agents are made (or reused when a
 * previous seed made them), then customers in batches of 20,000 rows: generated on a worker
 * thread while this one writes (offload.ts), with foreign-key checks off where the database
 * allows it (see `inTransaction`), and with the non-unique indexes of the loaded tables dropped
 * and rebuilt at the end — building an index once is much cheaper than growing it row by row.
 * Meant for a database nobody else is using meanwhile (a benchmark's).
 */
export async function seedScale(db: Database, options: ScaleOptions = {}): Promise<ScaleSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from customer');
  if (n > 0) throw new Error(`seedScale needs a database without customers (this one has ${n})`);
  const staff = (await loadStaff(db)) ?? (await seedStaff(db, { seed: SCALE_SEED, now }));
  const customers = options.customers ?? SCALE_CUSTOMERS;
  const interactions = options.interactions ?? SCALE_INTERACTIONS;
  const population = {
    seed: SCALE_SEED,
    now,
    customers,
    interactions,
    extras: false,
    collectCases: false,
    batchRows: 20_000,
    skipTriggers: await canSkipTriggers(db),
    binary: db.kind === 'pglite',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const result = await withIndexesBuiltAfter(db, LOADED_TABLES, () => populate(db, staff, population, { worker: options.worker ?? true }));
  // Deferred during the load; each customer's facts read its rows through the rebuilt indexes.
  await refreshAllCustomerFacts(db);
  // Fresh statistics, so the first benchmark queries get the plans they will get later.
  await db.query('analyze');
  const { counts } = result;
  return {
    customers: counts.customers,
    customerPhones: counts.customerPhones,
    customerEmails: counts.customerEmails,
    orders: counts.orders,
    orderEvents: counts.orderEvents,
    interactions: counts.interactions,
    elapsedMs: Math.round(performance.now() - started),
    samples: result.samples,
  };
}

/** Phones and customer ids that exist in a seeded database (spread over the whole set). */
export async function scaleSamples(db: Database, count = 1_000): Promise<{ phones: string[]; customerIds: string[] }> {
  const phones = await db.query<{ e164: string }>('select e164 from customer_phone order by md5(e164) limit $1', [count]);
  const customers = await db.query<{ id: string }>('select id from customer order by md5(id::text) limit $1', [count]);
  return { phones: phones.map((r) => r.e164), customerIds: customers.map((r) => r.id) };
}

/**
 * Drops the plain (not primary, not unique) indexes of `tables`, runs `work`, and creates them
 * again from their own definitions (pg_get_indexdef), also when `work` fails.
 */
async function withIndexesBuiltAfter<T>(db: Database, tables: readonly string[], work: () => Promise<T>): Promise<T> {
  const indexes = await db.query<{ name: string; definition: string }>(
    `select ci.relname as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
       join pg_class c on c.oid = i.indrelid
       join pg_class ci on ci.oid = i.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname = any($1::text[]) and not i.indisprimary and not i.indisunique`,
    [tables],
  );
  for (const index of indexes) await db.exec(`drop index "${index.name.replace(/"/g, '""')}"`);
  try {
    return await work();
  } finally {
    for (const index of indexes) await db.exec(index.definition);
  }
}
