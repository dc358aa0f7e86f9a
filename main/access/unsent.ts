import type { UnsentItem, UnsentItemKind } from '../../common/contract/access.ts';
import type { OutboxKind } from '../../common/contract/data.ts';
import type { LocalCache } from '../cache/local-cache.ts';

// What the console still holds that the hub never got, read from the cache just before the
// wipe: the outbox (pending and set aside) and note drafts with text. Each becomes one item for
// the hub's final report (with the customer's id) and one line on the "access ended" screen
// (with the customer's name, shown once and kept in memory only).

export interface CollectedItem extends UnsentItem {
  readonly customerId: string | null;
}

const TEXT_MAX = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The renderer's note drafts are keyed `note:<customer id>` (renderer/features/customer/NoteComposer.tsx). */
const NOTE_DRAFT = /^note:(.+)$/;

const KIND_OF: Record<OutboxKind, UnsentItemKind> = {
  note: 'note',
  wrapUp: 'wrapUp',
  escalation: 'escalation',
  callback: 'callback',
  customer: 'customer',
  interaction: 'other',
  callLog: 'call',
};

/** The words the agent wrote, from a queued request's body (a note's text, a wrap-up's note…), else its summary. */
function textOf(body: string, summary: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      for (const field of ['text', 'note', 'summary', 'resolution'] as const) {
        const value = (parsed as Record<string, unknown>)[field];
        if (typeof value === 'string' && value.trim() !== '') return value.slice(0, TEXT_MAX);
      }
    }
  } catch {
    // a body that is not JSON: the summary says what it was
  }
  return summary.trim() === '' ? null : summary.slice(0, TEXT_MAX);
}

function customerIdOf(id: string | null): string | null {
  return id && UUID.test(id) ? id : null;
}

/** Every unsent write and note draft, oldest first. Never throws: a damaged cache gives what it can. */
export function collectUnsent(cache: LocalCache): CollectedItem[] {
  const items: CollectedItem[] = [];
  const db = cache.db;
  const nameOf = (customerId: string | null): string | null => {
    if (!customerId) return null;
    try {
      return (db.prepare('select name from customer where id = ?').pluck().get(customerId) as string | undefined) ?? null;
    } catch {
      return null;
    }
  };
  try {
    const rows = db.prepare('select kind, customer_id, body, summary, created_ms from outbox order by seq').all() as {
      kind: OutboxKind;
      customer_id: string | null;
      body: string;
      summary: string;
      created_ms: number;
    }[];
    for (const row of rows) {
      const customerId = customerIdOf(row.customer_id);
      items.push({
        kind: KIND_OF[row.kind] ?? 'other',
        customerId,
        customerName: nameOf(customerId),
        text: textOf(row.body, row.summary),
        createdAt: new Date(row.created_ms).toISOString(),
      });
    }
  } catch {
    // the outbox table could not be read: the drafts may still be
  }
  try {
    const drafts = db.prepare(`select key, text, saved_ms from draft where trim(text) != '' order by saved_ms`).all() as { key: string; text: string; saved_ms: number }[];
    for (const draft of drafts) {
      const customerId = customerIdOf(NOTE_DRAFT.exec(draft.key)?.[1] ?? null);
      items.push({
        kind: 'note',
        customerId,
        customerName: nameOf(customerId),
        text: draft.text.slice(0, TEXT_MAX),
        createdAt: new Date(draft.saved_ms).toISOString(),
      });
    }
  } catch {
    // no drafts table: nothing more to collect
  }
  return items;
}
