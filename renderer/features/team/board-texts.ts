import type { AgentStatus } from './board-model.ts';

/** Each presence state's name on the board. */
export const STATUS_LABELS = {
  available: 'team:status.available',
  on_call: 'team:status.on_call',
  wrap_up: 'team:status.wrap_up',
  break: 'team:status.break',
  offline: 'team:status.offline',
} as const satisfies Record<AgentStatus, string>;

/** The escalation queues' names; a queue the console does not know shows its code. */
export const QUEUE_LABELS: Readonly<Record<string, 'team:queue.second_line' | 'team:queue.expert' | 'team:queue.team_lead'>> = {
  second_line: 'team:queue.second_line',
  expert: 'team:queue.expert',
  team_lead: 'team:queue.team_lead',
};
