import { FCR_REPEAT_DAYS, type HomeCall, type HomeToday, type HomeTodayRequest } from '../../common/contract/home.ts';
import type { RecentCall } from '../telephony/recent-calls.ts';
import type { DataState } from './data-state.ts';

const DAY_MS = 86_400_000;
const LIST_LIMIT = 50;

interface ContactRow {
  id: string;
  customer_id: string;
  customer_name: string | null;
  phones: string | null;
  channel: string;
  direction: string;
  started_ms: number;
  ended_ms: number | null;
  wrapped_up: number;
  first_contact_fix: number | null;
  repeated: number;
}

/**
 * The Home screen's read: the agent's day from the cache (open callbacks due by the end of the
 * day, open escalations raised or held, today's contacts with their wrap-ups) joined with this
 * session's calls from the softphone (which know the number and whether a call was missed).
 */
export class HomeReads {
  readonly #state: DataState;
  readonly #recentCalls: (from: number, to: number) => readonly RecentCall[];

  constructor(state: DataState, recentCalls: (from: number, to: number) => readonly RecentCall[]) {
    this.#state = state;
    this.#recentCalls = recentCalls;
  }

  today({ dayStart, dayEnd }: HomeTodayRequest): HomeToday {
    const session = this.#recentCalls(dayStart, dayEnd);
    const me = this.#state.agentId();
    const cache = this.#state.cache;
    if (!cache || !me) return { callbacks: [], escalations: [], calls: mergeCalls(session, []), contacts: countContacts([], session, dayStart) };
    return cache.guard(() => {
      const db = cache.db;
      // Callbacks: assigned to me, or made by me for nobody in particular (the hub assigns the maker).
      const callbacks = db
        .prepare(`select c.id, c.customer_id, cu.name as customer_name, c.due_ms, c.phone, c.note from callback c
          left join customer cu on cu.id = c.customer_id
          where c.status = 'open' and coalesce(c.assigned_to, c.created_by) = @me and c.due_ms < @dayEnd
          order by c.due_ms limit ${LIST_LIMIT}`)
        .all({ me, dayEnd }) as { id: string; customer_id: string; customer_name: string | null; due_ms: number; phone: string; note: string | null }[];
      const escalations = db
        .prepare(`select e.id, e.customer_id, cu.name as customer_name, e.queue, e.status, e.summary, e.created_ms from escalation e
          left join customer cu on cu.id = e.customer_id
          where e.status != 'resolved' and (e.assigned_to = @me or e.created_by = @me)
          order by e.created_ms desc limit ${LIST_LIMIT}`)
        .all({ me }) as { id: string; customer_id: string; customer_name: string | null; queue: string; status: string; summary: string; created_ms: number }[];
      // Today's contacts by this agent (index interaction_agent), each with whether the same
      // customer came back within the repeat window (index interaction_customer).
      const contacts = db
        .prepare(`select i.id, i.customer_id, cu.name as customer_name, cu.phones, i.channel, i.direction, i.started_ms, i.ended_ms,
            (json_array_length(i.reasons) > 0 or i.outcome is not null) as wrapped_up, i.first_contact_fix,
            exists (select 1 from interaction j where j.customer_id = i.customer_id and j.id != i.id
              and j.started_ms > i.started_ms and j.started_ms <= i.started_ms + @repeatMs) as repeated
          from interaction i left join customer cu on cu.id = i.customer_id
          where i.agent_id = @me and i.started_ms >= @dayStart and i.started_ms < @dayEnd
          order by i.started_ms desc`)
        .all({ me, dayStart, dayEnd, repeatMs: FCR_REPEAT_DAYS * DAY_MS }) as ContactRow[];
      return {
        callbacks: callbacks.map((c) => ({ id: c.id, customerId: c.customer_id, customerName: c.customer_name, dueAt: iso(c.due_ms), phone: c.phone, note: c.note })),
        escalations: escalations.map((e) => ({
          id: e.id, customerId: e.customer_id, customerName: e.customer_name, queue: e.queue, status: e.status, summary: e.summary, createdAt: iso(e.created_ms),
        })),
        calls: mergeCalls(session, contacts.filter((row) => row.channel === 'phone')),
        contacts: countContacts(contacts, session, dayStart),
      };
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** This session's calls (number, missed) with the cache's phone contacts of earlier sessions today. */
function mergeCalls(session: readonly RecentCall[], cached: readonly ContactRow[]): HomeCall[] {
  const names = new Map(cached.map((row) => [row.id, row.customer_name]));
  const calls: HomeCall[] = session.map((call) => ({
    id: call.id,
    direction: call.direction,
    number: call.number === '' ? null : call.number,
    customerId: call.customerId,
    customerName: names.get(call.id) ?? call.name,
    startedAt: iso(call.startedAt),
    endedAt: call.endedAt === null ? null : iso(call.endedAt),
    missed: call.direction === 'inbound' && !call.answered && call.endedAt !== null,
    endReason: call.endReason,
  }));
  const known = new Set(session.map((call) => call.id));
  for (const row of cached) {
    if (known.has(row.id)) continue;
    const phones = row.phones ? (JSON.parse(row.phones) as string[]) : [];
    calls.push({
      id: row.id,
      direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
      number: phones[0] ?? null,
      customerId: row.customer_id,
      customerName: row.customer_name,
      startedAt: iso(row.started_ms),
      endedAt: row.ended_ms === null ? null : iso(row.ended_ms),
      missed: false,
      endReason: null,
    });
  }
  return calls.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, LIST_LIMIT);
}

/** Contacts today, wrapped up, fixed at first contact, per hour; a missed call is no contact. */
function countContacts(rows: readonly ContactRow[], session: readonly RecentCall[], dayStart: number): HomeToday['contacts'] {
  const missed = new Set(session.filter((call) => call.direction === 'inbound' && !call.answered).map((call) => call.id));
  const contacts = rows.filter((row) => !missed.has(row.id));
  const perHour = Array.from({ length: 24 }, () => 0);
  for (const row of contacts) {
    const hour = Math.min(23, Math.max(0, Math.floor((row.started_ms - dayStart) / 3_600_000)));
    perHour[hour] = (perHour[hour] ?? 0) + 1;
  }
  const wrapped = contacts.filter((row) => row.wrapped_up === 1);
  return {
    total: contacts.length,
    wrappedUp: wrapped.length,
    fixed: wrapped.filter((row) => row.first_contact_fix === 1 && row.repeated === 0).length,
    perHour,
  };
}
