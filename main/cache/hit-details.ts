import type { SqliteDb } from './cache-db.ts';
import { iso } from './timeline-pages.ts';

/** What tells alike names apart in a hit list (search, the screen pop's matches). */
export interface HitDetails {
  readonly city: string | null;
  readonly lastContactAt: string | null;
  readonly openEscalations: number;
  readonly openCallbacks: number;
}

/**
 * Reads a customer's hit details from the cache: the city of the address (the address itself, or
 * its delivery or billing part where the record keeps several), the last call, mail or chat the
 * cache holds (notes are not contacts; older contacts than the retention are not here), and the
 * open escalations and callbacks. One prepared statement, a few index lookups per hit.
 */
export function hitDetailsReader(db: SqliteDb): (customerId: string) => HitDetails {
  const statement = db.prepare(`select
      case when json_valid(c.address) then coalesce(json_extract(c.address, '$.city'), json_extract(c.address, '$.delivery.city'), json_extract(c.address, '$.billing.city')) end as city,
      (select max(i.started_ms) from interaction i where i.customer_id = c.id and i.channel != 'note') as last_contact_ms,
      (select count(*) from escalation x where x.customer_id = c.id and x.status != 'resolved') as open_escalations,
      (select count(*) from callback b where b.customer_id = c.id and b.status = 'open') as open_callbacks
    from customer c where c.id = ?`);
  return (customerId) => {
    const row = statement.get(customerId) as { city: unknown; last_contact_ms: number | null; open_escalations: number; open_callbacks: number } | undefined;
    const city = typeof row?.city === 'string' && row.city.trim() !== '' ? row.city.trim() : null;
    return {
      city,
      lastContactAt: row?.last_contact_ms ? iso(row.last_contact_ms) : null,
      openEscalations: row?.open_escalations ?? 0,
      openCallbacks: row?.open_callbacks ?? 0,
    };
  };
}
