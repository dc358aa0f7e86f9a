import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessCalls } from '../../../main/access/access-end.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { useAccessStore } from '../../../renderer/features/access/access-store.ts';
import { linkToEnrol, readPasted } from '../../../renderer/features/access/access-model.ts';
import { takeLinkFromAddress } from '../../../renderer/features/access/link-from-address.ts';
import { openPglite, type Database } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { seedFixture, startHub, type Fixture, type RunningHub } from '../../support/hub-fixture.ts';
import { inProcessClient } from '../../support/in-process-client.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { renderConsole, resetConsoleState } from './console-harness.tsx';

// The access screens over main's real access life cycle and a hub on PGlite: a fresh console's
// first screen, the lead's link through enrolling to "ready" and its one confirm, a refused link
// with what to do, and access ended during a call (the banner, then why, when and what could not
// be sent, and "Enroll again").

let db: Database;
let hub: RunningHub;
let fixture: Fixture;
let leadToken: string;
const running: { services: Services; cleanup: () => Promise<void> }[] = [];

beforeAll(async () => {
  resetConsoleState(); // also lets the page's fetch reach the hub's port
  db = await openPglite();
  await migrate(db);
  fixture = await seedFixture(db);
  hub = await startHub(db);
  leadToken = await hub.login(fixture.agents.team_lead.email);
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await db?.close();
});

beforeEach(resetConsoleState);
afterEach(async () => {
  cleanup();
  for (const { services, cleanup: remove } of running.splice(0)) {
    await services.dispose();
    await remove();
  }
});

/** A call the test holds up and hangs up (the softphone's calls are the rig's tests). */
function heldCall(): AccessCalls & { start(): void; hangUp(): void } {
  let inProgress = false;
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    callInProgress: () => inProgress,
    onCall(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refuseNewCalls: () => undefined,
    start() {
      inProgress = true;
      tell();
    },
    hangUp() {
      inProgress = false;
      tell();
    },
  };
}

/** A fresh console (never saw a hub), rendered in English. */
async function freshConsole(calls?: AccessCalls): Promise<Services> {
  const temp = await tempDir();
  const services = await createServices({ shell: 'web', version: '0.1.0', dataDir: temp.dir, osLocale: 'en-GB', development: true, accessCalls: calls });
  running.push({ services, cleanup: temp.cleanup });
  await renderConsole(inProcessClient(services), { accessScreens: true });
  return services;
}

/** The lead's new overflow agent; no SIP account kept, so the phone step ends at "no account". */
async function newOverflowAgent(displayName: string, accessDays = 20): Promise<{ agentId: string; link: string; accessExpiresAt: string }> {
  const response = await hub.call('POST', '/enrollments/overflow', {
    token: leadToken,
    body: {
      displayName,
      languages: ['de'],
      officeId: fixture.officeId,
      accessExpiresAt: new Date(Date.now() + accessDays * 86_400_000).toISOString(),
      sipAccount: { server: 'ws://127.0.0.1:9', domain: '127.0.0.1', username: `gate${Math.floor(Math.random() * 1e9)}`, password: 'not-used' },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await db.query('delete from sip_account where agent_id = $1', [response.body.agentId]);
  return response.body as { agentId: string; link: string; accessExpiresAt: string };
}

const enrolForm = () => screen.getByTestId('access-link-form');

async function enrolWith(link: string) {
  const field = await screen.findByTestId('access-link');
  fireEvent.change(field, { target: { value: link } });
  fireEvent.submit(enrolForm());
}

describe('reading what the agent pastes', () => {
  it('takes a whole link as it is, a bare code with the hub address (https unless said), and nothing else', () => {
    expect(readPasted('  ')).toEqual({ kind: 'empty' });
    expect(readPasted(' abcd efgh-jkmn ')).toEqual({ kind: 'code', code: 'ABCD-EFGH-JKMN' });
    expect(readPasted('loket://enroll?hub=x&code=ABCD-EFGH-JKMN')).toEqual({ kind: 'link', link: 'loket://enroll?hub=x&code=ABCD-EFGH-JKMN' });
    expect(readPasted('hello')).toEqual({ kind: 'link', link: 'hello' });
    expect(linkToEnrol({ kind: 'code', code: 'ABCD-EFGH-JKMN' }, ' hub.shop.example/ ')).toBe('loket://enroll?hub=https%3A%2F%2Fhub.shop.example&code=ABCD-EFGH-JKMN');
    expect(linkToEnrol({ kind: 'code', code: 'ABCD-EFGH-JKMN' }, 'http://127.0.0.1:8740')).toBe('loket://enroll?hub=http%3A%2F%2F127.0.0.1%3A8740&code=ABCD-EFGH-JKMN');
    expect(linkToEnrol({ kind: 'code', code: 'ABCD-EFGH-JKMN' }, '')).toBeNull();
  });

  it('takes ?link= out of the web shell’s address and keeps the rest, the #token too', () => {
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) };
    const link = 'loket://enroll?hub=https%3A%2F%2Fhub.example&code=ABCD-EFGH-JKMN';
    expect(takeLinkFromAddress({ href: `http://127.0.0.1:5173/?lang=de&link=${encodeURIComponent(link)}#token=abc` }, history)).toBe(link);
    expect(replaced).toEqual(['/?lang=de#token=abc']);
    expect(takeLinkFromAddress({ href: 'http://127.0.0.1:5173/#token=abc' }, history)).toBeNull();
    expect(replaced).toHaveLength(1);
  });
});

describe('the access screens', () => {
  it('opens a fresh console on the first screen: the link field has the focus, a bare code asks for the hub address, a password sign-in is one click away', async () => {
    await freshConsole();
    const first = await screen.findByTestId('access-first');
    expect(within(first).getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Loket');
    // The console itself is not there behind it.
    expect(screen.queryByRole('navigation')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('access-link')));
    expect(screen.queryByTestId('access-hub')).toBeNull();
    fireEvent.change(screen.getByTestId('access-link'), { target: { value: 'abcd-efgh-jkmn' } });
    expect(screen.getByLabelText('Hub address')).toBeTruthy();
    // Without it, the form says what is missing instead of sending.
    fireEvent.submit(enrolForm());
    expect(screen.getByText('Enter the hub address that goes with the code.')).toBeTruthy();
    expect(useAccessStore.getState().status).toEqual({ state: 'none' });

    const password = screen.getByTestId('access-with-password');
    expect(password.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(password);
    expect(password.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('hub-sign-in')).toBeTruthy();
  });

  it('refuses a link that would send the console to a hub over plain http, saying why and what to do', async () => {
    await freshConsole();
    await enrolWith('loket://enroll?hub=http%3A%2F%2Fhub.evil.example&code=ABCD-EFGH-JKMN');
    const failed = await screen.findByTestId('access-failed');
    expect(failed.getAttribute('data-code')).toBe('link.invalid');
    expect(failed.textContent).toContain('is not secure (it must start with https://)');
    expect(failed.textContent).toContain('Ask your team lead for a new enrollment link.');
    // Still the first screen: the agent can paste the right link at once.
    expect(screen.getByTestId('access-first').getAttribute('data-access-state')).toBe('failed');
  });

  it('takes the lead’s link through the steps to “ready” with the name and end date, and one confirm opens the console', async () => {
    const agent = await newOverflowAgent('Greta Gate');
    await freshConsole();
    await enrolWith(`  ${agent.link}\n`);
    // The steps show while main signs in, syncs and tries the phone (they may pass quickly).
    const ready = await screen.findByTestId('access-ready', {}, { timeout: 30_000 });
    expect(within(ready).getByRole('heading', { level: 1 }).textContent).toBe("You're ready, Greta Gate");
    const end = new Date(agent.accessExpiresAt);
    expect(screen.getByTestId('access-ends').textContent).toContain(String(end.getFullYear()));
    expect(screen.getByTestId('access-ends').textContent).toContain(end.toLocaleDateString('en-GB', { month: 'long' }));
    expect(screen.getByTestId('access-phone').getAttribute('data-phone')).toBe('noAccount');
    const confirm = screen.getByTestId('access-confirm');
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    fireEvent.click(confirm);
    await screen.findByRole('navigation');
    expect(screen.queryByTestId('access-ready')).toBeNull();
    expect(useAccessStore.getState().status).toMatchObject({ state: 'active', agentName: 'Greta Gate', endingSoon: false });
  }, 60_000);

  it('ends access during a call: a banner while the call goes on, then why, when and what was reported; “Enroll again” returns to the first screen', async () => {
    const agent = await newOverflowAgent('Hanna Hangup');
    const calls = heldCall();
    const services = await freshConsole(calls);
    await enrolWith(agent.link);
    fireEvent.click(await screen.findByTestId('access-confirm', {}, { timeout: 30_000 }));
    await screen.findByRole('navigation');
    // A draft the hub never got: it is reported and listed.
    const customerId = fixture.customers.anna.id;
    await services.dispatcher.dispatch('drafts.save', { key: `note:${customerId}`, text: 'Promised a refund by Friday' }, { shell: 'web', sender: 'test' });

    act(() => calls.start());
    expect((await hub.call('POST', `/overflow-agents/${agent.agentId}/end-access`, { token: leadToken, body: {} })).status).toBe(200);
    const banner = await screen.findByTestId('access-ending', {}, { timeout: 30_000 });
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('Finish your call: Loket signs out when you hang up.');
    // The console stays for the call.
    expect(screen.getByRole('navigation')).toBeTruthy();

    act(() => calls.hangUp());
    const ended = await screen.findByTestId('access-ended', {}, { timeout: 30_000 });
    expect(within(ended).getByRole('heading', { level: 1 }).textContent).toBe('Your access has ended');
    expect(screen.getByTestId('access-ended-reason').getAttribute('data-reason')).toBe('expired');
    expect(ended.textContent).toContain('All customer data and sign-in details have been removed from this computer.');
    const unsent = screen.getByTestId('access-unsent');
    expect(unsent.getAttribute('data-reported')).toBe('true');
    expect(unsent.textContent).toContain('1 item could not be sent');
    expect(unsent.textContent).toContain('Loket has passed it on to your team lead.');
    expect(unsent.textContent).toContain('Promised a refund by Friday');
    expect(screen.getByTestId('access-copy-unsent')).toBeTruthy();

    fireEvent.click(screen.getByTestId('access-enrol-again'));
    await screen.findByTestId('access-first');
  }, 90_000);
});
