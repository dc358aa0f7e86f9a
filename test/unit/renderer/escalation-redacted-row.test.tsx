import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCustomer } from '../../../renderer/app/stores/customer-store.ts';
import { useSettingsStore } from '../../../renderer/app/stores/settings-store.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// A colleague's escalation in the customer's history, over the real main services (sync into the
// console's cache) and a real hub on PGlite: an agent the hub's escalation wall keeps out sees
// that the customer has one and where it stands, with a line saying the details are for those
// handling it (no summary, no empty quotes, no replies); its creator sees the summary.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();
const colleague = { id: uuidv7(), email: 'first-line-colleague@shop.example' };
const SUMMARY = 'Allergic reaction to the protein bar, wants the batch number checked';
const REPLY = 'Batch 24-117 has a nut warning; asked quality to call her';

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  await db.query(
    `insert into agent (id, office_id, email, display_name, role, languages, password_hash)
     select $1, office_id, $2, 'Sanne Visser', role, languages, password_hash from agent where id = $3`,
    [colleague.id, colleague.email, fixture.agents.first_line.id],
  );
  // As the hub's escalation routes store them: the escalation, and a reply as an internal note linked to it.
  const id = uuidv7();
  await db.query(
    `insert into escalation (id, customer_id, created_by, queue, status, summary, request_hash) values ($1, $2, $3, 'expert', 'open', $4, 'seed')`,
    [id, fixture.customers.anna.id, fixture.agents.first_line.id, SUMMARY],
  );
  await db.query(
    `insert into interaction (id, customer_id, agent_id, channel, direction, started_at, reasons, note, escalation_id, request_hash)
     values ($1, $2, $3, 'note', 'internal', now(), '{}', $4, $5, 'seed')`,
    [uuidv7(), fixture.customers.anna.id, fixture.agents.first_line.id, REPLY, id],
  );
  hub = await startHub(db);
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(() => resetConsoleState());

afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

const SLOW = { timeout: 15_000 };
const escalationRow = () => screen.queryAllByTestId('timeline-entry').find((entry) => entry.dataset.kind === 'escalation');

async function openAnnaAs(email: string) {
  const services = await consoles.open({ url: hub.url, email, password: PASSWORD });
  await renderConsole(inProcessClient(services));
  await waitFor(() => expect(useSettingsStore.getState().loaded).toBe(true));
  act(() => openCustomer(fixture.customers.anna.id));
  await waitFor(() => expect(escalationRow()).toBeTruthy(), SLOW);
  return escalationRow() as HTMLElement;
}

describe('a colleague’s escalation in the history', () => {
  it('shows an agent the wall keeps out that it exists and where it stands, saying the details are for those handling it', async () => {
    const row = await openAnnaAs(colleague.email);
    expect(row.textContent).toContain('Escalated to');
    expect(row.textContent).toContain('open');
    expect(row.textContent).toContain('Details only for the colleagues handling it');
    const history = screen.getAllByTestId('timeline-entry').map((entry) => entry.textContent ?? '').join('\n');
    expect(history).not.toContain(SUMMARY);
    expect(history).not.toContain(REPLY);
    expect(history).not.toContain('""');
  }, 60_000);

  it('shows its creator the summary and the reply', async () => {
    const row = await openAnnaAs(fixture.agents.first_line.email);
    expect(row.textContent).toContain(SUMMARY);
    expect(row.textContent).not.toContain('Details only for the colleagues handling it');
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry').some((entry) => entry.textContent?.includes(REPLY))).toBe(true), SLOW);
  }, 60_000);
});
