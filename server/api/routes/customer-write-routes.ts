import { z } from 'zod';
import { CustomerHandover, CustomerHandoverResponse, CustomerPhoneWrite, CustomerWrite, Id } from '../../../common/hub/api.ts';
import { ROLES, STAFF, type Role } from '../../../common/hub/roles.ts';
import { write } from '../../db/writes.ts';
import { EventBus } from '../../events/bus.ts';
import { auditAction } from '../audit.ts';
import { assertMayOpen, grantCustomers } from '../customer-access.ts';
import { HubError, notFound } from '../errors.ts';
import { callerOf, route } from '../route.ts';

// Customers agents make or complete from the console: a caller no one knew yet ("new customer"),
// or a known customer calling from a new number ("link to existing"); and staff handing a customer
// to an overflow colleague. Web-shop ingestion makes the rest. Writes are audited like reads.

const CustomerRow = z.object({ id: z.string(), name: z.string(), language: z.string(), country: z.string(), phones: z.array(z.string()), emails: z.array(z.string()) });

async function customerRow(db: { query: <T>(sql: string, params?: readonly unknown[]) => Promise<T[]> }, id: string) {
  const [row] = await db.query<z.infer<typeof CustomerRow>>(
    `select c.id, c.name, c.language, trim(c.country) as country,
       coalesce((select array_agg(p.e164 order by p.e164) from customer_phone p where p.customer_id = c.id), '{}') as phones,
       coalesce((select array_agg(e.email order by e.email) from customer_email e where e.customer_id = c.id), '{}') as emails
     from customer c where c.id = $1`,
    [id],
  );
  return row;
}

export const customerWriteRoutes = [
  route({
    method: 'PUT',
    url: '/customers/:id',
    summary:
      'Create a customer (an unknown caller) under a client-made UUIDv7 in the office of their country (the caller\'s office where the country has none); repeating the request is safe. Its overflow creator may open it for the shift',
    access: [...ROLES],
    schema: { params: z.strictObject({ id: Id }), body: CustomerWrite, response: CustomerRow },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const b = request.body;
      return write(hub.db, hub.bus, async (tx) => {
        // A customer belongs to the office of their country (which speaks their language and
        // knows their shops), whoever took the call; the agent's office only where the country
        // has none. Several offices in one country: the agent's own if it is one, else the first.
        const inserted = await tx.query<{ id: string }>(
          `insert into customer (id, name, language, country, office_id)
             values ($1, $2, $3, $4, coalesce(
               (select o.id from office o where o.country = $4 order by (o.id = (select office_id from agent where id = $5)) desc, o.code limit 1),
               (select office_id from agent where id = $5)))
             on conflict (id) do nothing returning id`,
          [id, b.name, b.language, b.country.toUpperCase(), caller.agentId],
        );
        if (inserted.length === 0) {
          // A repeat (the console retries after a lost answer) is fine; another customer under this
          // id is not. The answer is the customer: only for whoever may open it.
          await assertMayOpen(tx, caller, id, hub.now());
          const existing = await customerRow(tx, id);
          if (existing?.name !== b.name) throw new HubError(409, 'idempotency.conflict', { id });
          await auditAction(tx, caller.agentId, 'customer.create', { type: 'customer', id }, { created: false });
          return existing;
        }
        for (const phone of b.phones) await tx.query('insert into customer_phone (customer_id, e164) values ($1, $2) on conflict do nothing', [id, phone]);
        for (const email of b.emails) await tx.query('insert into customer_email (customer_id, email) values ($1, $2) on conflict do nothing', [id, email.toLowerCase()]);
        await grantCustomers(tx, caller, [id], 'created', hub.now());
        await auditAction(tx, caller.agentId, 'customer.create', { type: 'customer', id }, { created: true });
        await EventBus.append(tx, 'customer.saved', { customerId: id }, null, id);
        const row = await customerRow(tx, id);
        if (!row) throw notFound('customer');
        return row;
      });
    },
  }),
  route({
    method: 'POST',
    url: '/customers/:id/phones',
    summary:
      'Add a phone number (E.164) to a customer, so calls from it find them; adding one it has is a no-op (overflow agents: a customer they were given)',
    access: [...ROLES],
    schema: { params: z.strictObject({ id: Id }), body: CustomerPhoneWrite, response: CustomerRow },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      // Before the customer is looked at: an id the agent was not given answers alike, existing or not.
      await assertMayOpen(hub.db, caller, id, hub.now());
      return write(hub.db, hub.bus, async (tx) => {
        const [exists] = await tx.query<{ id: string }>('select id from customer where id = $1 for update', [id]);
        if (!exists) throw notFound('customer');
        const added = await tx.query('insert into customer_phone (customer_id, e164) values ($1, $2) on conflict do nothing returning e164', [id, request.body.phone]);
        if (added.length > 0) {
          // Consoles sync the customer row with its phones: move it to a new change_seq.
          await tx.query(`update customer set updated_at = now(), change_seq = nextval('change_seq') where id = $1`, [id]);
          await EventBus.append(tx, 'customer.saved', { customerId: id }, null, id);
        }
        await auditAction(tx, caller.agentId, 'customer.addPhone', { type: 'customer', id }, { phone: request.body.phone, added: added.length > 0 });
        const row = await customerRow(tx, id);
        if (!row) throw notFound('customer');
        return row;
      });
    },
  }),
  route({
    method: 'POST',
    url: '/customers/:id/handover',
    summary:
      'Hand a customer to a colleague (a call transferred to them): an overflow agent may then open it for its shift; the colleague is told (`customer.handedOver`)',
    access: STAFF,
    schema: { params: z.strictObject({ id: Id }), body: CustomerHandover, response: CustomerHandoverResponse },
    handler: async (request, hub) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const { agentId } = request.body;
      return write(hub.db, hub.bus, async (tx) => {
        if ((await tx.query('select 1 from customer where id = $1', [id])).length === 0) throw notFound('customer');
        const [agent] = await tx.query<{ role: Role }>('select role from agent where id = $1 and disabled_at is null', [agentId]);
        if (!agent) throw notFound('agent');
        const expires = await grantCustomers(tx, { agentId, role: agent.role }, [id], 'transfer', hub.now(), caller.agentId);
        await auditAction(tx, caller.agentId, 'customer.handover', { type: 'customer', id }, { agentId });
        await EventBus.append(tx, 'customer.handedOver', { customerId: id, by: caller.agentId }, agentId, id);
        return { customerId: id, agentId, expiresAt: expires?.toISOString() ?? null };
      });
    },
  }),
];
