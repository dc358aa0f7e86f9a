import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Caller } from '../api/auth.ts';
import { HubError } from '../api/errors.ts';
import { eventPayloadFor } from '../api/escalation-redaction.ts';
import type { HubContext } from '../api/route.ts';
import { EVERYONE, type StoredEvent } from './bus.ts';
import { readEventsWithDeltas, type EventDelta } from './deltas.ts';
import { prepareFrame, sendPrepared, type PreparedFrame } from './frames.ts';
import { SESSION_ENDED, SessionWatch } from './session-watch.ts';

const SocketQuery = z.object({ since: z.coerce.number().int().min(0).optional(), access_token: z.string().max(2_000).optional() });

/** Who may see an event: everyone sees EVERYONE's; staff see those for all staff; an addressed event goes to its agent; leads see all. */
export function mayReceive(caller: Caller, event: StoredEvent): boolean {
  if (caller.role === 'team_lead' || caller.role === 'admin' || event.audience === EVERYONE) return true;
  if (event.audience === null) return caller.role !== 'overflow';
  return event.audience === caller.agentId;
}

/** The frame with the event's delta (deltas.ts) when this caller gets those rows as they are. */
const frameOf = (event: StoredEvent, delta: EventDelta | undefined) =>
  JSON.stringify({ seq: event.seq, kind: event.kind, at: event.at, payload: event.payload, ...(delta ? { delta } : {}) });
/** The event as this caller gets it (an escalation event's text only for those who may see it). */
const ownFrameOf = (caller: Caller, event: StoredEvent) => frameOf({ ...event, payload: eventPayloadFor(caller, event.kind, event.payload) }, deltaFor(caller, event));

/**
 * The delta this caller may get: staff get every delta (it holds no walled table's rows); an
 * overflow agent, who is synced no customer data, only one without rows (then it says just that
 * nothing else happened in its range).
 */
function deltaFor(caller: Caller, event: StoredEvent): EventDelta | undefined {
  if (!event.delta) return undefined;
  return caller.role === 'overflow' && event.delta.rows.length > 0 ? undefined : event.delta;
}

/**
 * One live delivery's frames, each serialised and framed once however many sockets get it. An
 * event has at most two payloads: whole, and with its text nulled (escalation-redaction.ts nulls
 * the same keys for every caller it redacts for, so one redacted frame serves them all); each
 * with or without its delta.
 */
class DeliveryFrames {
  readonly #frames = new Map<string, PreparedFrame>();

  for(caller: Caller, event: StoredEvent): PreparedFrame {
    const payload = eventPayloadFor(caller, event.kind, event.payload);
    const delta = deltaFor(caller, event);
    const key = `${event.seq}${payload === event.payload ? 'w' : 'r'}${delta ? 'd' : ''}`;
    let frame = this.#frames.get(key);
    if (!frame) {
      frame = prepareFrame(frameOf({ ...event, payload }, delta));
      this.#frames.set(key, frame);
    }
    return frame;
  }
}

/**
 * GET /events (WebSocket): first every event after `since` from the change log, then live ones,
 * each once and in order (`seq`). A console that reconnects with its last seq misses nothing.
 * A frame may carry `delta` (deltas.ts): the row changes around its event, for staff (an
 * overflow agent only gets a delta without rows).
 * The token is checked when the socket opens; afterwards the socket lives as long as its session
 * family (SessionWatch) and is closed with 4401 and the reason (`auth.revoked`, `auth.expired`)
 * within a second of its end, on whichever hub instance it is.
 */
export async function registerEventSocket(app: FastifyInstance, hub: HubContext): Promise<void> {
  const sockets = new Map<WebSocket, { caller: Caller; last: number; catchingUp: boolean; buffered: StoredEvent[] }>();
  const watch = new SessionWatch(hub, (socket, reason) => {
    // Out of the delivery list first: not one more event after the end.
    sockets.delete(socket);
    socket.close(SESSION_ENDED, reason);
  });
  await watch.start();
  app.addHook('onClose', () => watch.stop());

  // Every instance reads the change log once per wake-up (bus.ts) and hands the events here; the
  // cost per socket is then a rule check and one write of a ready frame (frames.ts).
  /** The newest event the bus handed to this instance's sockets (0: none yet since it started). */
  let delivered = 0;
  hub.bus.subscribe((events) => {
    delivered = Math.max(delivered, events[events.length - 1]?.seq ?? 0);
    const frames = new DeliveryFrames();
    for (const [socket, state] of sockets) {
      if (state.catchingUp) {
        state.buffered.push(...events);
        continue;
      }
      for (const event of events) {
        if (event.seq <= state.last || !mayReceive(state.caller, event)) continue;
        sendPrepared(socket, frames.for(state.caller, event));
        state.last = event.seq;
      }
    }
  });

  app.get('/events', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const query = SocketQuery.safeParse(request.query);
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : query.success ? (query.data.access_token ?? '') : '';
    socket.on('error', () => socket.terminate());
    void (async () => {
      const announcements = watch.announcements;
      let caller: Caller;
      try {
        if (!query.success) throw new HubError(400, 'request.invalid', { field: 'since' });
        caller = await hub.auth.authenticate(token);
      } catch (error) {
        const code = error instanceof HubError ? error.code : 'auth.required';
        socket.close(SESSION_ENDED, code);
        return;
      }
      if (socket.readyState !== socket.OPEN) return; // the console left while we checked
      const state = { caller, last: query.data.since ?? 0, catchingUp: true, buffered: [] as StoredEvent[] };
      sockets.set(socket, state);
      watch.add(socket, caller);
      socket.on('close', () => {
        sockets.delete(socket);
        watch.remove(socket);
      });
      // An end announced while the token was being checked: look again now that the socket is watched.
      if (watch.announcements !== announcements) void watch.recheck();
      // Catch up from the change log, then hand over to the live stream without a gap or a repeat.
      // A console that is already at what this instance delivered (consoles moving over from an
      // instance that stopped: thousands at once) has nothing to read: the bus delivers a gap-free prefix of
      // the log (bus.ts), and anything newer comes with its next pump.
      const upToDate = delivered > 0 && state.last >= delivered;
      while (!upToDate) {
        const backlog = await readEventsWithDeltas(hub.db, state.last, 1_000);
        if (!sockets.has(socket)) return; // its session ended meanwhile
        for (const event of backlog) if (mayReceive(caller, event)) socket.send(ownFrameOf(caller, event));
        if (backlog.length > 0) state.last = backlog[backlog.length - 1]?.seq ?? state.last;
        if (backlog.length < 1_000) break;
      }
      for (const event of state.buffered) {
        if (event.seq <= state.last || !mayReceive(caller, event)) continue;
        socket.send(ownFrameOf(caller, event));
        state.last = event.seq;
      }
      state.buffered = [];
      state.catchingUp = false;
    })().catch(() => socket.terminate());
  });
}
