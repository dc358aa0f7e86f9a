import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services.ts';
import { openPglite, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { hardeningRow } from '../support/hardening.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../support/hub-fixture.ts';
import { request, until } from '../support/services-requests.ts';
import { tempDir } from '../support/temp-dir.ts';

// The hub closes a console's live-events socket (4401) when its session ends. The console must
// take that as "the session may be over", find out at once and show the agent signed out, rather
// than reconnect again and again with a token the hub no longer accepts.
let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let services: Services | null = null;
let cleanup: (() => Promise<void>) | null = null;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await services?.dispose();
  await cleanup?.();
  await hub?.close();
  await db?.close();
});

describe('a console whose session the hub ended', () => {
  it('shows the agent signed out and access ended (revoked) after a device revocation, with at most one reconnect; how soon is its figure', async (ctx) => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true });
    const console1 = services;
    // Signed in from the form: the password is used once and not kept, so nothing signs in again by itself.
    const status = await request<{ state: string }>(console1, 'hub.signIn', { method: 'password', url: hub.url, email: fixture.agents.first_line.email, password: PASSWORD });
    expect(status.state).toBe('signedIn');
    await until('the first sync', () => console1.data.syncer?.lastSyncedAt);
    const sockets = hub.hub.app.websocketServer.clients;
    await until('the live-events socket', () => sockets.size === 1);

    let reconnects = 0;
    hub.hub.app.server.on('upgrade', () => (reconnects += 1));
    const [device] = await db.query<{ id: string }>('select id from device where agent_id = $1 and revoked_at is null', [fixture.agents.first_line.id]);
    const lead = await hub.login(fixture.agents.team_lead.email);
    const started = performance.now();
    expect((await hub.call('POST', `/devices/${device?.id}/revoke`, { token: lead })).status).toBe(200);

    // The bound is for a stalled machine; how soon it shows (about a second or less) is the figure.
    await until('the console to show the session ended', () => console1.hub.status().state !== 'signedIn', 15_000);
    const ms = Math.round(performance.now() - started);
    // A revoked device is the end of access (main/access/): the console signs out, wipes and says why.
    await until('the end of access', () => console1.access.status().state === 'ended');
    expect(console1.access.status()).toMatchObject({ state: 'ended', reason: 'revoked' });
    expect(console1.hub.status().state).toBe('off');
    expect(reconnects).toBeLessThanOrEqual(1);
    hardeningRow(ctx, {
      case: 'console after its session ended at the hub',
      fault: 'team lead revokes the console’s device while it is connected',
      result: `signed out, access ended (revoked) and wiped, ${reconnects} reconnect(s)`,
      figure: `shown after ${ms} ms`,
    });
  });
});
