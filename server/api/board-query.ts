import type { Board } from '../../common/hub/cases.ts';
import type { Queryable } from '../db/database.ts';
import { endOfTodaySql, overdueSql } from './callback-reads.ts';
import { peakModeOfSetting } from './peak-mode.ts';

// The team board in one statement (one round trip, one snapshot): "today" is the caller's office
// day in its time zone. Contacts are calls, mails, chats and messages (not internal notes).
//
// Rates, each null when nothing counts yet:
// - first-contact fix: today's contacts marked fixed / today's contacts with the mark set;
// - repeat contact: today's contacting customers with more than one contact from seven days
//   before today up to now (so a second call today is a repeat too) / today's contacting customers;
// - SLA attainment: escalations resolved today by their SLA / (resolved today + unresolved ones
//   whose SLA ran out today), of escalations that have an SLA.

/** The queues the board always shows, also when nobody waits in them. */
const QUEUES = ['second_line', 'expert', 'team_lead'] as const;

const BOARD_SQL = `
with d as (
  select o.timezone as tz,
    (date_trunc('day', $1::timestamptz at time zone o.timezone) at time zone o.timezone) as start,
    ${endOfTodaySql('$1::timestamptz', 'o.timezone')} as stop,
    ((date_trunc('day', $1::timestamptz at time zone o.timezone) - interval '364 days') at time zone o.timezone) as ly_start,
    ((date_trunc('day', $1::timestamptz at time zone o.timezone) - interval '363 days') at time zone o.timezone) as ly_stop
  from agent a join office o on o.id = a.office_id where a.id = $2
),
contacts as (
  select i.customer_id, i.started_at, i.reasons, i.first_contact_fix from interaction i, d
   where i.started_at >= d.start and i.started_at < d.stop and i.channel <> 'note'
),
escalations as (
  select e.*, d.start, d.stop from escalation e, d where e.status <> 'resolved' or e.resolved_at >= d.start
)
select json_build_object(
  'timezone', (select tz from d),
  'agents', (select coalesce(json_agg(json_build_object('id', a.id, 'displayName', a.display_name, 'role', a.role,
       'office', json_build_object('code', o.code, 'name', o.name), 'status', coalesce(p.status, 'offline'), 'since', p.since) order by a.display_name, a.id), '[]')
     from agent a join office o on o.id = a.office_id left join presence p on p.agent_id = a.id
    where a.disabled_at is null and (a.role <> 'overflow' or a.access_expires_at is null or a.access_expires_at > $1)),
  'waiting', (select coalesce(json_agg(json_build_object('queue', q.queue, 'waiting', q.n, 'oldestAt', q.oldest) order by q.queue), '[]')
     from (select queue, count(*) as n, min(created_at) as oldest from escalation where status = 'open' group by queue) q),
  'escalations', (select json_build_object(
       'created', count(*) filter (where e.created_at >= e.start and e.created_at < e.stop),
       'claimed', count(*) filter (where e.claimed_at >= e.start and e.claimed_at < e.stop),
       'resolved', count(*) filter (where e.resolved_at >= e.start and e.resolved_at < e.stop),
       'slaMet', count(*) filter (where e.resolved_at >= e.start and e.resolved_at < e.stop and e.resolved_at <= e.sla_due_at),
       'slaMissed', count(*) filter (where (e.resolved_at >= e.start and e.resolved_at < e.stop and e.resolved_at > e.sla_due_at)
                                      or (e.status <> 'resolved' and e.sla_due_at >= e.start and e.sla_due_at < $1)))
     from escalations e),
  'callbacks', (select json_build_object('overdue', count(*) filter (where ${overdueSql('$1')}),
       'due', count(*) filter (where not ${overdueSql('$1')} and c.due_at <= d.stop))
     from callback c, d where c.status = 'open'),
  'reasons', (select coalesce(json_agg(json_build_object('code', r.code, 'labels', r.labels, 'count', r.n) order by r.n desc, r.code), '[]')
     from (select x.code, coalesce(rc.labels, '{}'::jsonb) as labels, count(*) as n from contacts c cross join unnest(c.reasons) as x (code)
             left join reason_code rc on rc.code = x.code group by x.code, rc.labels order by n desc, x.code limit 10) r),
  'hoursToday', (select coalesce(json_object_agg(h.hour, h.n), '{}') from (select extract(hour from c.started_at at time zone d.tz)::int as hour, count(*) as n
     from contacts c, d group by 1) h),
  'hoursLastYear', (select coalesce(json_object_agg(h.hour, h.n), '{}') from (select extract(hour from i.started_at at time zone d.tz)::int as hour, count(*) as n
     from interaction i, d where i.started_at >= d.ly_start and i.started_at < d.ly_stop and i.channel <> 'note' group by 1) h),
  'fix', (select json_build_object('yes', count(*) filter (where first_contact_fix), 'marked', count(first_contact_fix)) from contacts),
  'repeat', (select json_build_object('repeat', count(*) filter (where t.n > 1), 'customers', count(*)) from (
     select (select count(*) from interaction i where i.customer_id = t.customer_id and i.channel <> 'note'
               and i.started_at >= d.start - interval '7 days' and i.started_at < d.stop) as n
       from (select distinct customer_id from contacts where customer_id is not null) t, d) t),
  'peak', (select value from hub_setting where key = 'peak_mode')
) as board`;

interface BoardRow {
  timezone: string | null;
  agents: Board['agents'];
  waiting: { queue: string; waiting: number; oldestAt: string | null }[];
  escalations: { created: number; claimed: number; resolved: number; slaMet: number; slaMissed: number };
  callbacks: Board['callbacks'];
  reasons: Board['reasonsToday'];
  hoursToday: Record<string, number>;
  hoursLastYear: Record<string, number>;
  fix: { yes: number; marked: number };
  repeat: { repeat: number; customers: number };
  peak: unknown;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const perHour = (hours: Record<string, number>) => Array.from({ length: 24 }, (_, hour) => hours[String(hour)] ?? 0);
/** json_build_object writes timestamptz without the zone's "Z": read it back as ISO UTC. */
const isoOf = (value: string | null) => (value === null ? null : new Date(value).toISOString());

export async function readBoard(db: Queryable, callerId: string, now: Date): Promise<Board> {
  const [row] = await db.query<{ board: BoardRow }>(BOARD_SQL, [now, callerId]);
  if (!row) throw new Error('the board query answered no row');
  const b = row.board;
  // The standard queues first, in a fixed order, then any other queue escalations name.
  const waiting = new Map<string, Board['escalationsWaiting'][number]>(QUEUES.map((queue) => [queue, { queue, waiting: 0, oldestAt: null }]));
  for (const queue of b.waiting) waiting.set(queue.queue, { ...queue, oldestAt: isoOf(queue.oldestAt) });
  const agents = b.agents.map((agent) => ({ ...agent, since: isoOf(agent.since) }));
  return {
    generatedAt: now.toISOString(),
    timezone: b.timezone ?? 'UTC',
    agents,
    liveCalls: agents.filter((agent) => agent.status === 'on_call').map((agent) => ({ agentId: agent.id, agentName: agent.displayName, since: agent.since ?? now.toISOString() })),
    escalationsWaiting: [...waiting.values()],
    escalationsToday: { created: b.escalations.created, claimed: b.escalations.claimed, resolved: b.escalations.resolved },
    callbacks: b.callbacks,
    reasonsToday: b.reasons,
    contactsPerHour: { today: perHour(b.hoursToday), lastYear: perHour(b.hoursLastYear) },
    rates: {
      firstContactFix: ratio(b.fix.yes, b.fix.marked),
      repeatContact: ratio(b.repeat.repeat, b.repeat.customers),
      slaAttainment: ratio(b.escalations.slaMet, b.escalations.slaMet + b.escalations.slaMissed),
    },
    peakMode: peakModeOfSetting(b.peak),
  };
}
