import type { Board } from '../../../common/contract/board.ts';

// The board's pure decisions: how agents are counted and grouped, which hours a chart draws,
// how a duration reads. Unit-tested without React.

export const STATUSES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export type AgentStatus = (typeof STATUSES)[number];
/** The queues a first-line agent escalates to, always shown (an empty queue is news too). */
export const QUEUES = ['second_line', 'expert', 'team_lead'] as const;
export type Agent = Board['agents'][number];

export type StatusCounts = Record<AgentStatus, number>;

const zero = (): StatusCounts => ({ available: 0, on_call: 0, wrap_up: 0, break: 0, offline: 0 });

export function countByStatus(agents: readonly Agent[]): StatusCounts {
  const counts = zero();
  for (const agent of agents) counts[agent.status] += 1;
  return counts;
}

export interface OfficeRow {
  readonly code: string;
  readonly name: string;
  readonly counts: StatusCounts;
  readonly total: number;
}

/** Per office: its agents by state; the office with the most people first, then by name. */
export function officeRows(agents: readonly Agent[]): OfficeRow[] {
  const byCode = new Map<string, { name: string; agents: Agent[] }>();
  for (const agent of agents) {
    const office = byCode.get(agent.office.code) ?? { name: agent.office.name, agents: [] };
    office.agents.push(agent);
    byCode.set(agent.office.code, office);
  }
  return [...byCode.entries()]
    .map(([code, office]) => ({ code, name: office.name, counts: countByStatus(office.agents), total: office.agents.length }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/** Agents in the order a lead scans them: by state (free first, offline last), then longest in it. */
export function sortedAgents(agents: readonly Agent[]): Agent[] {
  const rank = (status: AgentStatus) => STATUSES.indexOf(status);
  const since = (agent: Agent) => (agent.since ? Date.parse(agent.since) : Number.POSITIVE_INFINITY);
  return [...agents].sort((a, b) => rank(a.status) - rank(b.status) || since(a) - since(b) || a.displayName.localeCompare(b.displayName));
}

export interface QueueRow {
  readonly queue: string;
  readonly waiting: number;
  readonly oldestAt: string | null;
}

/** Every escalation queue, waiting ones included when the hub left an empty queue out. */
export function queueRows(waiting: Board['escalationsWaiting']): QueueRow[] {
  const known = new Map(waiting.map((row) => [row.queue, row]));
  const rows: QueueRow[] = QUEUES.map((queue) => known.get(queue) ?? { queue, waiting: 0, oldestAt: null });
  for (const row of waiting) if (!(QUEUES as readonly string[]).includes(row.queue)) rows.push(row);
  return rows;
}

/** Elapsed time as a clock reads it: "0:42", "12:05", "1:02:03". */
export function clockDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** The hour of the day (0–23) at `at` in the office's time zone (the board's "today"). */
export function hourIn(timeZone: string, at: number): number {
  try {
    const hour = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(at);
    return Number(hour) % 24;
  } catch {
    return new Date(at).getHours();
  }
}

/** A reason's label in the UI language, else English, else its code. */
export function reasonLabel(reason: Board['reasonsToday'][number], language: string): string {
  return reason.labels[language] ?? reason.labels.en ?? reason.code;
}

export interface HourSeries {
  /** The hours drawn: from the first with contacts in either day (at most 07:00) to the last (at least now). */
  readonly hours: number[];
  /** Today's contacts per drawn hour; null after the current hour (not yet happened, not zero). */
  readonly today: (number | null)[];
  readonly lastYear: number[];
}

/** The hours worth drawing for today against the same weekday last year. */
export function hourSeries(perHour: Board['contactsPerHour'], currentHour: number): HourSeries {
  const busy = (hour: number) => (perHour.today[hour] ?? 0) > 0 || (perHour.lastYear[hour] ?? 0) > 0;
  const all = Array.from({ length: 24 }, (_, hour) => hour);
  const first = Math.min(7, all.find(busy) ?? 7, currentHour);
  const last = Math.max(18, all.findLast(busy) ?? 18, currentHour);
  const hours = all.slice(first, last + 1);
  return {
    hours,
    today: hours.map((hour) => (hour <= currentHour ? (perHour.today[hour] ?? 0) : null)),
    lastYear: hours.map((hour) => perHour.lastYear[hour] ?? 0),
  };
}

/** Today's contacts so far, and last year's by the same hour (the figure the line chart's summary says). */
export function contactsSoFar(perHour: Board['contactsPerHour'], currentHour: number): { today: number; lastYear: number } {
  const sum = (values: readonly number[]) => values.slice(0, currentHour + 1).reduce((total, value) => total + value, 0);
  return { today: sum(perHour.today), lastYear: sum(perHour.lastYear) };
}
