import type { Database } from '../../server/db/database.ts';

/**
 * Enough rows for dozens of small sync pages in several tables: `customers` Polish customers
 * ("Bulkowa Klientka n") with a phone (and an e-mail when asked), an order with its step each,
 * and `notesEach` notes each ("bulkowa notatka i"). For first-sync tests that page through them.
 */
export async function seedBulkRows(db: Pick<Database, 'exec'>, options: { customers: number; notesEach: number; emails: boolean }): Promise<void> {
  const emails = options.emails
    ? `insert into customer_email (customer_id, email) select id, 'bulk' || row_number() over (order by id) || '@shop.example' from customer where name like 'Bulkowa%';`
    : '';
  await db.exec(`
    insert into customer (id, name, language, country) select gen_random_uuid(), 'Bulkowa Klientka ' || i, 'pl', 'PL' from generate_series(1, ${Number(options.customers)}) i;
    insert into customer_phone (customer_id, e164) select id, '+4860' || lpad(row_number() over (order by id)::text, 7, '0') from customer where name like 'Bulkowa%';
    ${emails}
    insert into shop_order (id, customer_id, number, currency, total_cents, status, placed_at)
      select gen_random_uuid(), id, 'PL-BULK-' || row_number() over (order by id), 'PLN', 1999, 'paid', now() - interval '3 days' from customer where name like 'Bulkowa%';
    insert into order_event (id, order_id, status, occurred_at) select gen_random_uuid(), id, 'paid', placed_at from shop_order where number like 'PL-BULK-%';
    insert into interaction (id, customer_id, channel, direction, started_at, note, request_hash)
      select gen_random_uuid(), c.id, 'note', 'internal', now() - (i || ' minutes')::interval, 'bulkowa notatka ' || i, md5(c.id::text || i)
      from customer c, generate_series(1, ${Number(options.notesEach)}) i where c.name like 'Bulkowa%';
  `);
}
