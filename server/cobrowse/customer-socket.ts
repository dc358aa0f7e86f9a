import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CustomerControl, CustomerHello, CustomerPageChange, CustomerPart, type LiveMessage } from '../../common/cobrowse/protocol.ts';
import type { z } from 'zod';
import { RollingWindow } from './limits.ts';
import type { CobrowseRelay, LiveSession } from './relay.ts';
import { agentFirstName, markAway, markLive, readSession, sha256, storeControl, storePage } from './session-store.ts';
import { meterSocket, parseFrame, refuse, sessionIdOf } from './socket-tools.ts';

// `GET /cobrowse/ws/customer?session=<id>`: the customer's page. Its first frame is the hello with
// the page secret and the consent; only after the hub answered `live` may it send page content,
// which is relayed to the agent verbatim (the frame's own bytes, never re-serialised). Content
// sent before `live` closes the socket 4403: nothing reaches the agent without consent.

const HELLO_MS = 5_000;

export function openCustomerSocket(relay: CobrowseRelay, socket: WebSocket, request: FastifyRequest): void {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return refuse(socket, 'protocol', 'cobrowse.protocol');
  const flags = meterSocket(relay, socket, request, sessionId);
  const limits = relay.options.limits;
  const window = new RollingWindow(limits.windowMs, limits.customerFrames, limits.customerBytes);
  let phase: 'hello' | 'waiting' | 'live' = 'hello';
  let session: LiveSession | null = null;
  const helloTimer = setTimeout(() => refuse(socket, 'auth', 'auth.required'), HELLO_MS);
  helloTimer.unref();

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (phase === 'hello') {
      clearTimeout(helloTimer);
      phase = 'waiting';
      void hello(data, isBinary).catch(() => socket.terminate());
      return;
    }
    const frame = parseFrame(data, isBinary);
    if (phase === 'waiting' || !session) {
      // Page content before the hub said `live`: refused, and the agent got nothing.
      if (frame?.t === 'ev' || frame?.t === 'part') refuse(socket, 'noConsent', 'cobrowse.noConsent');
      return;
    }
    onFrame(session, data, frame);
  });

  socket.once('close', () => {
    clearTimeout(helloTimer);
    const current = session;
    if (!current || current.customer !== socket) return;
    current.customer = null;
    if (!relay.isCurrent(current)) return;
    if (flags.tooLarge) return void relay.end(current.id, 'too_large');
    if (current.state === 'live') {
      current.state = 'away';
      void markAway(relay.hub.db, current.id).catch(() => undefined);
      relay.sendState(current);
    }
    relay.customerGone(current);
  });

  async function hello(data: RawData, isBinary: boolean): Promise<void> {
    const frame = parseFrame(data, isBinary);
    if (frame?.t === 'ev' || frame?.t === 'part') return refuse(socket, 'noConsent', 'cobrowse.noConsent');
    const parsed = CustomerHello.safeParse(frame);
    if (!parsed.success) return refuse(socket, 'protocol', 'cobrowse.protocol');
    const row = await readSession(relay.hub.db, sessionId as string);
    if (!row || !row.customer_key_hash || !sameHash(row.customer_key_hash, sha256(parsed.data.key))) return refuse(socket, 'auth', 'auth.required');
    if (row.state === 'ended') {
      socket.send(JSON.stringify({ t: 'ended', reason: row.end_reason }));
      return refuse(socket, 'ended', row.end_reason ?? 'ended');
    }
    if (row.state === 'requested' && row.code_expires_at <= relay.hub.now()) {
      // Consent after the request ran out (a prompt left open for over ten minutes): too late.
      await relay.expire();
      return refuse(socket, 'ended', 'code_expired');
    }
    if (!parsed.data.consent) {
      await relay.end(row.id, 'customer_declined');
      return refuse(socket, 'ended', 'customer_declined');
    }
    const page = { url: parsed.data.page.url, title: parsed.data.page.title };
    const updated = await markLive(relay.hub.db, row.id, relay.hub.now(), page);
    if (!updated || socket.readyState !== socket.OPEN) return refuse(socket, 'ended', 'ended');
    const live = relay.attach(row, await agentFirstName(relay.hub.db, row.agent_id));
    // One page at a time: a newer page of the same session (a tab opened from it) takes over.
    const older = live.customer;
    live.customer = socket;
    session = live;
    if (older && older !== socket) refuse(older, 'ended', 'replaced');
    if (!live.agent) relay.agentGone(live); // the agent's socket must come (or come back) within its grace
    relay.customerBack(live);
    if (row.state === 'requested') await relay.doorbell.closed(row.customer_id, row.id);
    live.state = 'live';
    live.page = page;
    relay.touch(live);
    const answer: z.infer<typeof LiveMessage> = { t: 'live', agentName: live.agentName, control: live.control === 'on' ? 'on' : 'off' };
    socket.send(JSON.stringify(answer));
    // A control request the previous page did not answer is asked again on this one.
    if (live.control === 'requested') socket.send(JSON.stringify({ t: 'control.request' }));
    phase = 'live';
    relay.sendState(live);
  }

  function onFrame(live: LiveSession, data: RawData, frame: ReturnType<typeof parseFrame>): void {
    const bytes = Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (!window.add(bytes)) {
      refuse(socket, 'limit', 'cobrowse.rateLimited');
      void relay.end(live.id, 'rate_limited');
      return;
    }
    relay.touch(live);
    switch (frame?.t) {
      case 'ev':
        if (!Array.isArray(frame['e'])) break;
        return relayToAgent(live, data);
      case 'part':
        if (!CustomerPart.safeParse(frame).success) break;
        return relayToAgent(live, data);
      case 'page': {
        const page = CustomerPageChange.safeParse(frame);
        if (!page.success) break;
        live.page = { url: page.data.url, title: page.data.title };
        void storePage(relay.hub.db, live.id, live.page).catch(() => undefined);
        return relay.sendState(live);
      }
      case 'control': {
        const control = CustomerControl.safeParse(frame);
        if (!control.success) break;
        return void answerControl(live, control.data.state);
      }
      case 'end':
        return void relay.end(live.id, 'customer_ended');
      default:
        break;
    }
    refuse(socket, 'protocol', 'cobrowse.protocol');
    void relay.end(live.id, 'protocol_error');
  }

  function relayToAgent(live: LiveSession, data: RawData): void {
    const agent = live.agent;
    if (agent && agent.readyState === agent.OPEN) agent.send(data, { binary: false });
  }

  /** Granted only what was asked; taken back only what was given; a refusal is shown to the agent. */
  async function answerControl(live: LiveSession, state: 'on' | 'off' | 'denied'): Promise<void> {
    const next = state === 'on' && live.control === 'requested' ? 'on' : state !== 'on' && live.control !== 'off' ? 'off' : null;
    if (next === null) return;
    live.control = next;
    live.answer = state === 'denied' ? 'denied' : null;
    await storeControl(relay.hub.db, live.id, next, relay.hub.now());
    relay.sendState(live);
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
