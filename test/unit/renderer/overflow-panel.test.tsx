import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../common/hub/roles.ts';
import { qrOf } from '../../../main/enrollments/enrollment-desk.ts';
import { useNavigationStore } from '../../../renderer/app/stores/navigation-store.ts';
import { accessEndOf, overflowProblems } from '../../../renderer/features/team/overflow-model.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { PASSWORD, seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { InProcessConsoles } from '../../support/in-process-console.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The team lead's overflow agents on the Team screen, over the real main services and a hub on
// PGlite: a new agent's link, QR code and code (and the office's empty SIP pool said plainly),
// the list with devices and unsent reports, Revoke device and End access now with their confirm.

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
const consoles = new InProcessConsoles();

beforeAll(async () => {
  resetConsoleState(); // also lets the page's fetch reach the hub's port
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(resetConsoleState);
afterEach(async () => {
  cleanup();
  await consoles.disposeAll();
});

async function openTeam(role: Role) {
  const services = await consoles.open({ url: hub.url, email: fixture.agents[role].email, password: PASSWORD });
  await renderConsole(inProcessClient(services));
  await screen.findByRole('navigation');
  act(() => useNavigationStore.getState().navigate('team'));
}

/** Pool accounts for the office, as an admin puts them (PUT /sip-pool). */
async function fillPool(count: number) {
  const admin = await hub.login(fixture.agents.admin.email);
  const accounts = Array.from({ length: count }, (_, index) => ({
    server: 'wss://pbx.shop.example:7443',
    domain: 'pbx.shop.example',
    username: `pool-panel-${String(Date.now())}-${String(index)}`,
    password: 'pool-secret',
  }));
  const answer = await hub.call('PUT', '/sip-pool', { token: admin, body: { officeId: fixture.officeId, accounts } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

function fillForm(name: string) {
  fireEvent.change(screen.getByTestId('overflow-name'), { target: { value: name } });
  fireEvent.click(screen.getByTestId('overflow-language-de'));
}

describe('the new overflow agent form', () => {
  it('checks name, languages and the last day before it asks the hub', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(overflowProblems({ displayName: ' ', languages: [], endDate: '' }, now)).toEqual({ displayName: 'nameMissing', languages: 'languagesMissing', endDate: 'endMissing' });
    expect(overflowProblems({ displayName: 'Ina', languages: ['de'], endDate: '2026-12-01' }, now)).toEqual({ endDate: 'endPast' });
    expect(overflowProblems({ displayName: 'Ina', languages: ['de'], endDate: '2028-01-01' }, now)).toEqual({ endDate: 'endTooFar' });
    expect(overflowProblems({ displayName: 'Ina', languages: ['de'], endDate: '2027-01-15' }, now)).toEqual({});
    // The whole chosen day, the lead's local time.
    const end = new Date(accessEndOf('2027-01-15') ?? '');
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2027, 0, 15, 23, 59]);
  });

  it('makes the link’s QR modules from the qrcode package, square and dark-and-light only', () => {
    const qr = qrOf('loket://enroll?hub=https%3A%2F%2Fhub.shop.example&code=ABCD-EFGH-JKMN');
    expect(qr.modules).toMatch(/^[01]+$/);
    expect(qr.modules.length).toBe(qr.size * qr.size);
    // The finder pattern's top row: seven dark modules in the corner.
    expect(qr.modules.slice(0, 7)).toBe('1111111');
  });
});

describe('the overflow agents panel', () => {
  it('says when the office’s SIP pool is empty, then gives the link, its QR code and the plain code, and lists the agent as invited', async () => {
    await openTeam('team_lead');
    const panel = await screen.findByTestId('overflow-panel');
    await within(panel).findByTestId(/overflow-(empty|table)/);
    fireEvent.click(screen.getByTestId('overflow-new'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('overflow-name')));
    // Nothing chosen: the form says what is missing and sends nothing.
    fireEvent.submit(screen.getByTestId('overflow-form'));
    expect(screen.getByText("Enter the agent's name.")).toBeTruthy();
    expect(screen.getByText('Choose at least one language.')).toBeTruthy();

    // The fixture's office has no pool accounts yet.
    const pool = await hub.call('GET', '/sip-pool', { token: await hub.login(fixture.agents.team_lead.email) });
    expect(pool.body).toMatchObject({ free: 0 });
    fillForm('Piet Pool');
    fireEvent.submit(screen.getByTestId('overflow-form'));
    expect((await screen.findByTestId('overflow-form-error')).textContent).toBe(
      'Your office has no free phone account left in its pool. Ask an admin to add accounts, then try again.',
    );
    await fillPool(2);
    fireEvent.submit(screen.getByTestId('overflow-form'));
    const card = await screen.findByTestId('overflow-enrollment');
    const code = screen.getByTestId('overflow-code').textContent ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const link = (screen.getByTestId('overflow-link') as HTMLInputElement).value;
    expect(link).toBe(`loket://enroll?hub=${encodeURIComponent(hub.url)}&code=${encodeURIComponent(code)}`);
    const qr = within(card).getByRole('img', { name: 'QR code of the enrollment link for Piet Pool' });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    const size = Number(qr.getAttribute('data-size'));
    expect(size).toBeGreaterThanOrEqual(21);
    expect(qr.getAttribute('viewBox')).toBe(`0 0 ${String(size + 8)} ${String(size + 8)}`);

    const row = await screen.findByTestId(`overflow-agent-${card.getAttribute('data-agent-id') ?? ''}`);
    expect(row.getAttribute('data-status')).toBe('invited');
    expect(within(row).getByRole('rowheader').textContent).toContain('Piet Pool');
    expect(row.textContent).toContain('Not enrolled yet');
  }, 60_000);

  it('revokes an enrolled device and ends access, each after a confirm in place; unsent reports show their words', async () => {
    await fillPool(1);
    const lead = await hub.login(fixture.agents.team_lead.email);
    const made = await hub.call('POST', '/enrollments/overflow', {
      token: lead,
      body: { displayName: 'Rita Revoke', languages: ['nl'], officeId: fixture.officeId, accessExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const agentId = made.body.agentId as string;
    const enrolled = await hub.call('POST', '/auth/enroll', { body: { code: made.body.code, deviceName: 'Rita’s laptop' } });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
    const report = await hub.call('POST', '/auth/final-report', {
      body: { refreshToken: enrolled.body.refreshToken, reason: 'revoked', items: [{ kind: 'note', customerId: null, createdAt: new Date().toISOString(), text: 'Parcel re-sent, tell the customer' }] },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);

    await openTeam('team_lead');
    const row = await screen.findByTestId(`overflow-agent-${agentId}`);
    expect(row.getAttribute('data-status')).toBe('active');
    const unsent = within(row).getByTestId(`overflow-unsent-${agentId}`);
    expect(unsent.textContent).toContain('1 report');
    fireEvent.click(within(unsent).getByRole('button', { name: 'Show the unsent work of Rita Revoke' }));
    await within(unsent).findByText(/Parcel re-sent, tell the customer/);

    const device = within(row).getByText('Rita’s laptop').closest('li') as HTMLElement;
    const deviceId = (device.getAttribute('data-testid') ?? '').replace('overflow-device-', '');
    fireEvent.click(within(device).getByRole('button', { name: 'Revoke device Rita’s laptop of Rita Revoke' }));
    // The first press only asks; Esc takes the question back.
    const question = within(device).getByRole('group', { name: 'Sign Rita’s laptop out and wipe it?' });
    fireEvent.keyDown(question, { key: 'Escape' });
    expect(within(device).queryByRole('group')).toBeNull();
    fireEvent.click(within(device).getByRole('button', { name: 'Revoke device Rita’s laptop of Rita Revoke' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(`overflow-revoke-${deviceId}-confirm`)));
    fireEvent.click(screen.getByTestId(`overflow-revoke-${deviceId}-confirm`));
    await waitFor(() => expect(screen.getByTestId(`overflow-device-${deviceId}`).getAttribute('data-revoked')).toBe('true'));
    expect(screen.getByTestId(`overflow-device-${deviceId}`).textContent).toContain('Revoked');

    fireEvent.click(screen.getByRole('button', { name: 'End access for Rita Revoke now' }));
    fireEvent.click(await screen.findByTestId(`overflow-end-${agentId}-confirm`));
    await waitFor(() => expect(screen.getByTestId(`overflow-agent-${agentId}`).getAttribute('data-status')).toBe('ended'));
    expect(screen.queryByRole('button', { name: 'End access for Rita Revoke now' })).toBeNull();
  }, 60_000);

  it('is not on a first-line agent’s Team screen (the hub refuses them the list anyway)', async () => {
    await openTeam('first_line');
    await screen.findByText(/for team leads/i);
    expect(screen.queryByTestId('overflow-panel')).toBeNull();
  }, 60_000);
});
