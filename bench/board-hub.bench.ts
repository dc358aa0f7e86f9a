import { v7 as uuidv7 } from 'uuid';
import { openPglite, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedBoardDay } from '../test/support/board-data.ts';
import { seedFixture, startHub, type RunningHub } from '../test/support/hub-fixture.ts';
import { defineSuite } from './harness.ts';

// The hub's side of the team board: GET /board over HTTP, answered by one SQL statement, with
// 50 agents, 500 open escalations and a busy day of contacts (PGlite, in this process). The
// console's first render of the board (team-board.bench.ts) waits for this answer.

const AGENTS = 50;
const OPEN_ESCALATIONS = 500;
/** Contacts today besides the board day's: a busy day for 50 agents. */
const CONTACTS_TODAY = 1_500;

let db: Database;
let hub: RunningHub;
let token = '';

export default defineSuite({
  name: 'team board (hub)',
  async setup() {
    db = await openPglite();
    await migrate(db);
    const fixture = await seedFixture(db);
    // The fixture has one agent per role (6): 44 more make the 50.
    await seedBoardDay(db, { agents: AGENTS - 6, openEscalations: OPEN_ESCALATIONS });
    const now = Date.now();
    for (let index = 0; index < CONTACTS_TODAY; index += 1) {
      // Spread over the hours before now, at most 8 of them (some may fall on yesterday: fine).
      await db.query(
        `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, reasons, first_contact_fix, request_hash)
         values ($1, $2, $3, 'phone', 'inbound', $4, '{where_is_my_order}', $5, 'bench')`,
        [uuidv7(), fixture.customers[index % 2 ? 'anna' : 'bram'].id, fixture.agents.first_line.id, new Date(now - ((index * 19_000) % (8 * 3_600_000))), index % 3 !== 0],
      );
    }
    hub = await startHub(db);
    token = await hub.login(fixture.agents.team_lead.email);
  },
  cases: [
    {
      name: `GET /board, ${AGENTS} agents, ${OPEN_ESCALATIONS} open escalations, ${CONTACTS_TODAY.toLocaleString('en')} more contacts (HTTP)`,
      iterations: 100,
      warmup: 5,
      target: { p95Ms: 100 },
      async run() {
        const response = await hub.call('GET', '/board', { token });
        const board = response.body as { agents?: unknown[]; escalationsWaiting?: { waiting: number }[] } | null;
        const waiting = board?.escalationsWaiting?.reduce((sum, queue) => sum + queue.waiting, 0);
        if (response.status !== 200 || board?.agents?.length !== AGENTS || waiting !== OPEN_ESCALATIONS) {
          throw new Error(`GET /board: ${response.status}, ${board?.agents?.length} agents, ${waiting} waiting`);
        }
      },
    },
  ],
  async teardown() {
    await hub?.close();
    await db?.close();
  },
});
