import type { TimelineEntry, TimelineFilter, TimelineKind, TimelinePage } from '../../common/contract/data.ts';
import type { SqliteDb } from './cache-db.ts';

/** Which interaction channels each filter chip stands for; other kinds map to a chip of their own. */
const FILTER_CHANNELS: Partial<Record<TimelineFilter, string>> = { calls: 'phone', mails: 'email', chats: 'chat', whatsapp: 'whatsapp', notes: 'note' };
const FILTER_KINDS: Partial<Record<TimelineFilter, readonly TimelineKind[]>> = {
  orders: ['order', 'orderEvent'],
  carts: ['cart'],
  feedback: ['feedback'],
  cases: ['escalation', 'callback'],
};

/**
 * An order's steps (placed, paid, shipped, delivered, returned, cancelled) oldest first, as a JSON
 * array inside the order's row: the history shows one row per order, so a page of 50 counts 50
 * things the agent reads rather than four steps of one parcel.
 */
const ORDER_STEPS = `(select json_group_array(json_object('id', e.id, 'status', e.status, 'at', e.occurred_ms, 'trackingRef', e.tracking_ref))
  from (select id, status, occurred_ms, tracking_ref from order_event where order_id = shop_order.id order by occurred_ms, id) e)`;

export interface TimelineQuery {
  readonly filters?: readonly TimelineFilter[] | undefined;
  readonly text?: string | undefined;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern with `escape '\'`. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A customer's history over every kind the cache holds (interactions, orders and their events,
 * carts, feedback, escalations, callbacks), filtered by chip and searched in place. One prepared
 * statement per shape of question (cursor or not, filters, text), made on first use.
 */
export class TimelinePages {
  readonly #db: SqliteDb;
  readonly #statements = new Map<string, ReturnType<SqliteDb['prepare']>>();

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  /**
   * One page of a customer's history, newest first, over every kind; the cursor is the last
   * item's (time, id), so pages neither skip nor repeat items that share a time.
   */
  page(customerId: string, before: string | undefined, limit: number, query: TimelineQuery = {}): TimelinePage {
    const cursor = parseCursor(before);
    const filters = query.filters && query.filters.length > 0 ? new Set(query.filters) : null;
    const text = query.text?.trim() ? query.text.trim() : null;
    const channels = filters ? [...filters].map((f) => FILTER_CHANNELS[f]).filter((c): c is string => c !== undefined) : null;
    const kinds = filters ? new Set([...filters].flatMap((f) => FILTER_KINDS[f] ?? [])) : null;
    if (channels && channels.length > 0) kinds?.add('interaction');
    const key = `${cursor !== null}|${channels?.join(',') ?? '*'}|${kinds ? [...kinds].join(',') : '*'}|${text !== null}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      const where = (time: string) => (cursor ? `and (${time} < @at or (${time} = @at and id < @id))` : '');
      // `searchable`: the text a search inside the timeline looks at, per kind.
      const part = (kind: TimelineKind, table: string, time: string, columns: string, searchable: string, extra = '') =>
        kinds && !kinds.has(kind)
          ? null
          : `select '${kind}' as kind, id, ${time} as at_ms, ${columns} as data from ${table} where customer_id = @customer ${where(time)} ${extra}
             ${text !== null ? `and lower(${searchable}) like @like escape '\\'` : ''}`;
      const channelFilter = channels && channels.length > 0 ? `and channel in (${channels.map((c) => `'${c}'`).join(', ')})` : '';
      const sql = [
        part('interaction', 'interaction', 'started_ms', `json_object('channel', channel, 'direction', direction, 'endedAt', ended_ms, 'reasons', json(reasons), 'outcome', outcome, 'firstContactFix', first_contact_fix, 'transfers', transfers, 'note', note, 'orderId', order_id, 'agentId', agent_id, 'pending', pending)`,
          `coalesce(note, '') || ' ' || reasons || ' ' || channel`, channelFilter),
        part('order', 'shop_order', 'placed_ms', `json_object('number', number, 'status', status, 'currency', currency, 'totalCents', total_cents, 'steps', json(${ORDER_STEPS}), 'pending', 0)`,
          `number || ' ' || status || ' ' || coalesce((select group_concat(e.status || ' ' || coalesce(e.tracking_ref, ''), ' ') from order_event e where e.order_id = shop_order.id), '')`),
        // A step of an order the cache does not hold (placed before the retention, returned today)
        // still shows, as a row of its own; the steps of held orders are inside the order's row.
        part('orderEvent', 'order_event', 'occurred_ms', `json_object('orderId', order_id, 'status', status, 'trackingRef', tracking_ref, 'pending', 0)`,
          `status || ' ' || coalesce(tracking_ref, '')`, 'and not exists (select 1 from shop_order o where o.id = order_event.order_id)'),
        part('cart', 'cart', 'occurred_ms', `json_object('status', status, 'valueCents', value_cents, 'currency', currency, 'pending', 0)`, `status`),
        part('feedback', 'feedback', 'occurred_ms', `json_object('kind', kind, 'score', score, 'comment', comment, 'pending', 0)`, `kind || ' ' || coalesce(comment, '')`),
        part('escalation', 'escalation', 'created_ms', `json_object('queue', queue, 'status', status, 'summary', summary, 'resolution', resolution, 'pending', pending)`,
          `queue || ' ' || coalesce(summary, '') || ' ' || coalesce(resolution, '')`),
        part('callback', 'callback', 'created_ms', `json_object('dueAt', due_ms, 'status', status, 'phone', phone, 'note', note, 'pending', pending)`, `phone || ' ' || coalesce(note, '')`),
      ]
        .filter((s): s is string => s !== null)
        .map((s) => `select * from (${s} order by at_ms desc, id desc limit @limit)`)
        .join(' union all ');
      this.#statements.set(key, (statement = this.#db.prepare(`select * from (${sql}) order by at_ms desc, id desc limit @limit`)));
    }
    const params: Record<string, unknown> = { customer: customerId, limit: limit + 1 };
    if (cursor) Object.assign(params, { at: cursor.at, id: cursor.id });
    if (text !== null) params.like = likePattern(text);
    const rows = statement.all(params) as { kind: TimelineKind; id: string; at_ms: number; data: string }[];
    const page = rows.slice(0, limit);
    const items: TimelineEntry[] = page.map((row) => {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const pending = data.pending === 1;
      delete data.pending;
      for (const key of ['endedAt', 'dueAt']) if (typeof data[key] === 'number') data[key] = iso(data[key]);
      if (typeof data.reasons === 'string') data.reasons = JSON.parse(data.reasons) as unknown;
      if (Array.isArray(data.steps)) data.steps = (data.steps as Record<string, unknown>[]).map((step) => ({ ...step, at: iso(step.at) }));
      return { kind: row.kind, id: row.id, at: iso(row.at_ms), pending, data };
    });
    const lastItem = page[page.length - 1];
    return { items, nextBefore: rows.length > limit && lastItem ? `${lastItem.at_ms}_${lastItem.id}` : null };
  }
}

function parseCursor(before: string | undefined): { at: number; id: string } | null {
  if (!before) return null;
  const match = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(before);
  return match ? { at: Number(match[1]), id: match[2] ?? '' } : null;
}

/** Milliseconds since the epoch as the contract's ISO time. */
export function iso(value: unknown): string {
  return new Date(Number(value)).toISOString();
}
