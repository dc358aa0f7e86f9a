// Who handled a contact or takes an escalation: agents employed at the time it happened.
import { type Random, Weighted } from './random.ts';
import { type Agent, type Staff } from './staff.ts';

const CONTACT_ROLES = new Weighted<Agent['role']>([
  ['first_line', 72],
  ['second_line', 12],
  ['overflow', 10],
  ['expert', 4],
  ['team_lead', 2],
]);

/** Who handled a contact: mostly first line of the customer's office, agents employed at the time. */
export class AgentPicker {
  private readonly byOffice = new Map<string, Map<Agent['role'], Agent[]>>();
  private readonly experts: Agent[];

  constructor(staff: Staff) {
    for (const agent of staff.agents) {
      let roles = this.byOffice.get(agent.officeId);
      if (!roles) this.byOffice.set(agent.officeId, (roles = new Map()));
      const list = roles.get(agent.role) ?? [];
      list.push(agent);
      roles.set(agent.role, list);
    }
    this.experts = staff.agents.filter((a) => a.role === 'expert');
  }

  pick(rng: Random, officeId: string, at: number): Agent | null {
    const roles = this.byOffice.get(officeId);
    const role = CONTACT_ROLES.pick(rng);
    const pool = role === 'expert' ? this.experts : (roles?.get(role) ?? []);
    const found = pickActive(rng, pool, at) ?? pickActive(rng, roles?.get('first_line') ?? [], at);
    if (found) return found;
    for (const list of roles?.values() ?? []) {
      const any = pickActive(rng, list, at);
      if (any && any.role !== 'admin') return any;
    }
    return null;
  }

  /** A specialist for an escalation queue, from the office when it has one. */
  specialist(rng: Random, officeId: string, queue: string, at: number): Agent | null {
    const role = queue === 'expert' ? 'expert' : queue === 'team_lead' ? 'team_lead' : 'second_line';
    if (role === 'expert') return pickActive(rng, this.experts, at);
    return pickActive(rng, this.byOffice.get(officeId)?.get(role) ?? [], at) ?? pickActive(rng, this.experts, at);
  }
}

function pickActive(rng: Random, pool: readonly Agent[], at: number): Agent | null {
  if (pool.length === 0) return null;
  const start = rng.int(0, pool.length - 1);
  for (let i = 0; i < pool.length; i++) {
    const agent = pool[(start + i) % pool.length] as Agent;
    if (agent.createdAt <= at && (agent.disabledAt === null || agent.disabledAt > at)) return agent;
  }
  return null;
}
