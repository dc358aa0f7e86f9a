import type { Server } from 'node:http';
import type { Role } from '../../common/hub/roles.ts';
import { startSignedInConsole, type SignedInConsole } from '../support/console-fixture.ts';
import { connectContract } from '../support/contract-socket.ts';
import { keepPageWarnings, waitRegistered, type AgentConsole, type ConsoleWorld } from './console-world.ts';

// For screen-pop tests about a console whose cache is behind the hub: hold the hub's sync route
// (the rest of the hub answers as usual), and start one more console in a running world — with a
// fresh cache, so its first sync is the one held.

/** The hub's WebSocket server (`app.websocketServer`), whose clients are the live sockets. */
interface LiveSockets {
  readonly clients: Set<{ terminate(): void }>;
}

/**
 * Holds every `GET /sync` the hub receives until `release()`: a slow first sync, or a delta sync
 * that lags behind a customer just made. Requests held are answered, in order, on release.
 * With `live`, the live feed lags too: a live frame carries the rows changed around its event
 * (server/events/deltas.ts), so a console with its socket open is not behind at all. The open
 * sockets are closed and new ones refused until release (the console reconnects by itself).
 */
export function holdSyncRequests(server: Server, live?: LiveSockets): { release(): void } {
  const handlers = server.listeners('request') as ((...args: unknown[]) => void)[];
  const upgrades = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
  let held: (() => void)[] | null = [];
  server.removeAllListeners('request');
  if (live) {
    server.removeAllListeners('upgrade');
    server.on('upgrade', (...args: unknown[]) => {
      const url = (args[0] as { url?: string }).url ?? '';
      if (held && url.startsWith('/events')) (args[1] as { destroy(): void }).destroy();
      else for (const handler of upgrades) handler.apply(server, args);
    });
    for (const socket of live.clients) socket.terminate();
  }
  const forward = (...args: unknown[]) => {
    for (const handler of handlers) handler.apply(server, args);
  };
  server.on('request', (...args: unknown[]) => {
    const url = (args[0] as { url?: string }).url ?? '';
    if (held && url.startsWith('/sync')) held.push(() => forward(...args));
    else forward(...args);
  });
  return {
    release() {
      const waiting = held ?? [];
      held = null;
      server.removeAllListeners('request');
      for (const handler of handlers) server.on('request', handler);
      if (live) {
        server.removeAllListeners('upgrade');
        for (const handler of upgrades) server.on('upgrade', handler);
      }
      for (const answer of waiting) answer();
    },
  };
}

/**
 * One more agent console in `world`, signed in as `role` with SIP user `sipIndex` of the rig, in
 * Chromium like the world's own. Returns it with the function that stops it.
 */
export async function startLateConsole(world: ConsoleWorld, sipIndex: number, role: Role): Promise<{ agent: AgentConsole; stop(): Promise<void> }> {
  const sip = world.rig.users.agents[sipIndex];
  if (!sip) throw new Error(`the rig has no SIP user ${sipIndex + 1}`);
  const fixtureHub = { db: world.db, fixture: world.fixture, hub: world.hub, restart: () => Promise.resolve(world.hub), close: () => Promise.resolve() };
  const started: SignedInConsole = await startSignedInConsole(fixtureHub, role, {
    env: { LOKET_LOG: process.env.LOKET_TEST_SHELL_LOG === '1' ? 'info' : 'silent', NODE_EXTRA_CA_CERTS: world.rig.certPath },
  });
  const socket = await connectContract(started.shell);
  await socket.request('phone.account.set', {
    server: world.rig.sip.wsUrl,
    username: sip.user,
    domain: world.rig.sip.domain,
    password: sip.password,
    authorizationUser: '',
    displayName: `Agent ${sip.user}`,
  });
  const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
  await context.grantPermissions(['notifications', 'microphone'], { origin: started.shell.origin });
  const page = await context.newPage();
  const warnings = keepPageWarnings(page, sip.user);
  await page.goto(started.shell.url);
  const agent: AgentConsole = { sip, shell: started.shell, socket, context, page, warnings, notifications: () => Promise.resolve([]) };
  await waitRegistered(page);
  return {
    agent,
    stop: async () => {
      socket.close();
      await context.close();
      await started.stop();
    },
  };
}
