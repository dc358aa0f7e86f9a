import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { AgentSocketMessage } from '../../common/cobrowse/protocol.ts';
import type { Caller } from '../api/auth.ts';
import { HubError } from '../api/errors.ts';
import type { SessionWatch } from '../events/session-watch.ts';
import { RollingWindow } from './limits.ts';
import type { CobrowseRelay, LiveSession } from './relay.ts';
import { agentFirstName, readSession, storeControl } from './session-store.ts';
import { meterSocket, parseFrame, refuse, sessionIdOf } from './socket-tools.ts';

// `GET /cobrowse/ws/agent?session=<id>`: the console of the agent who asked, and nobody else —
// not a colleague, not a team lead, not an admin (close 4401 `cobrowse.notYours`): nobody watches
// silently. The socket lives as long as the agent's hub session (SessionWatch closes it 4401 and
// the co-browse session ends `agent_signed_out`). What the agent sends is validated, and guiding
// frames are relayed to the page; `act` only while the customer has granted control.

export function openAgentSocket(relay: CobrowseRelay, watch: SessionWatch, socket: WebSocket, request: FastifyRequest): void {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return refuse(socket, 'protocol', 'cobrowse.protocol');
  const flags = meterSocket(relay, socket, request, sessionId);
  const window = new RollingWindow(relay.options.limits.windowMs, relay.options.limits.agentFrames);
  let session: LiveSession | null = null;
  const early: Array<[RawData, boolean]> = [];

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!session) {
      if (early.length < 100) early.push([data, isBinary]);
      return;
    }
    onFrame(session, data, isBinary);
  });
  socket.once('close', () => {
    watch.remove(socket);
    const current = session;
    if (!current || current.agent !== socket) return;
    current.agent = null;
    if (!relay.isCurrent(current)) return;
    if (flags.tooLarge) return void relay.end(current.id, 'too_large');
    relay.agentGone(current);
  });

  void (async () => {
    const header = request.headers.authorization ?? '';
    const queryToken = (request.query as Record<string, unknown> | undefined)?.['access_token'];
    const token = header.startsWith('Bearer ') ? header.slice(7) : typeof queryToken === 'string' ? queryToken : '';
    const announcements = watch.announcements;
    let caller: Caller;
    try {
      caller = await relay.hub.auth.authenticate(token);
    } catch (error) {
      return refuse(socket, 'auth', error instanceof HubError ? error.code : 'auth.required');
    }
    const row = await readSession(relay.hub.db, sessionId);
    // A session of someone else and a missing one answer alike: ids reveal nothing.
    if (!row || row.agent_id !== caller.agentId) return refuse(socket, 'auth', 'cobrowse.notYours');
    if (row.state === 'ended') {
      socket.send(JSON.stringify({ t: 'ended', reason: row.end_reason }));
      return refuse(socket, 'ended', row.end_reason ?? 'ended');
    }
    if (socket.readyState !== socket.OPEN) return;
    const live = relay.attach(row, await agentFirstName(relay.hub.db, row.agent_id));
    if (!relay.isCurrent(live)) return refuse(socket, 'ended', 'ended');
    const older = live.agent;
    live.agent = socket;
    session = live;
    if (older && older !== socket) refuse(older, 'ended', 'replaced');
    watch.add(socket, caller);
    if (watch.announcements !== announcements) void watch.recheck();
    relay.agentBack(live);
    relay.sendState(live);
    // A (re)joining viewer needs a whole page to start from.
    if (live.state === 'live') sendToCustomer(live, JSON.stringify({ t: 'snapshot' }));
    for (const [data, isBinary] of early.splice(0)) onFrame(live, data, isBinary);
  })().catch(() => socket.terminate());

  function onFrame(live: LiveSession, data: RawData, isBinary: boolean): void {
    if (!relay.isCurrent(live)) return;
    if (!window.add(0)) {
      refuse(socket, 'limit', 'cobrowse.rateLimited');
      void relay.end(live.id, 'rate_limited');
      return;
    }
    const parsed = AgentSocketMessage.safeParse(parseFrame(data, isBinary));
    if (!parsed.success) {
      refuse(socket, 'protocol', 'cobrowse.protocol');
      void relay.end(live.id, 'protocol_error');
      return;
    }
    relay.touch(live);
    const message = parsed.data;
    switch (message.t) {
      case 'end':
        return void relay.end(live.id, 'agent_ended');
      case 'control.request':
        if (live.state === 'ended' || live.control !== 'off') return;
        live.control = 'requested';
        live.answer = null;
        void storeControl(relay.hub.db, live.id, 'requested', relay.hub.now()).catch(() => undefined);
        relay.sendState(live);
        return sendToCustomer(live, data);
      case 'act':
        // Remote control needs the customer's second consent: without it the hub drops the frame.
        if (live.control !== 'on') return;
        return sendToCustomer(live, data);
      default:
        return sendToCustomer(live, data);
    }
  }
}

function sendToCustomer(live: LiveSession, data: RawData | string): void {
  const customer = live.customer;
  if (live.state === 'live' && customer && customer.readyState === customer.OPEN) customer.send(data, { binary: false });
}
