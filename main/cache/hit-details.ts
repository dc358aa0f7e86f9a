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
 * its delivery or billing part where the record keeps several), the last contact, and the open
 * escalations and callbacks. One prepared statement, a few index lookups per hit.
 *
 * The last contact is the later of the hub's record (the customer's synced facts, so a contact
 * older than this cache's retention still counts) and the newest call, mail or chat the cache
 * holds (a contact this console logged whose facts have not come back yet). Notes are not
 * contacts, on either side.
 */
export function hitDetailsReader(db: SqliteDb): (customerId: string) => HitDetails {
  const statement = db.prepare(`select
      case when json_valid(c.address) then coalesce(json_extract(c.address, '$.city'), json_extract(c.address, '$.delivery.city'), json_extract(c.address, '$.billing.city')) end as city,
      case when json_valid(c.facts) then json_extract(c.facts, '$.lastContactAt') end as recorded_last_contact,
      (select max(i.started_ms) from interaction i where i.customer_id = c.id and i.channel != 'note') as held_last_contact_ms,
      (select count(*) from escalation x where x.customer_id = c.id and x.status != 'resolved') as open_escalations,
      (select count(*) from callback b where b.customer_id = c.id and b.status = 'open') as open_callbacks
    from customer c where c.id = ?`);
  return (customerId) => {
    const row = statement.get(customerId) as
      | { city: unknown; recorded_last_contact: unknown; held_last_contact_ms: number | null; open_escalations: number; open_callbacks: number }
      | undefined;
    const city = typeof row?.city === 'string' && row.city.trim() !== '' ? row.city.trim() : null;
    const lastContactMs = Math.max(recordedMs(row?.recorded_last_contact), row?.held_last_contact_ms ?? 0);
    return {
      city,
      lastContactAt: lastContactMs > 0 ? iso(lastContactMs) : null,
      openEscalations: row?.open_escalations ?? 0,
      openCallbacks: row?.open_callbacks ?? 0,
    };
  };
}

/** The record's last contact in epoch ms; 0 when it has none or no facts were synced yet. */
function recordedMs(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : 0;
}
