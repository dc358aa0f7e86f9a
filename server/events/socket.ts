import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Caller } from '../api/auth.ts';
import { HubError } from '../api/errors.ts';
import type { HubContext } from '../api/route.ts';
import { readEvents, type StoredEvent } from './bus.ts';

const SocketQuery = z.object({ since: z.coerce.number().int().min(0).optional(), access_token: z.string().max(2_000).optional() });

/** Who may see an event: staff see events for everyone; an addressed event goes to its agent; leads see all. */
export function mayReceive(caller: Caller, event: StoredEvent): boolean {
  if (caller.role === 'team_lead' || caller.role === 'admin') return true;
  if (event.audience === null) return caller.role !== 'overflow';
  return event.audience === caller.agentId;
}

/**
 * GET /events (WebSocket): first every event after `since` from the change log, then live ones,
 * each once and in order (`seq`). A console that reconnects with its last seq misses nothing.
 */
export async function registerEventSocket(app: FastifyInstance, hub: HubContext): Promise<void> {
  const sockets = new Map<WebSocket, { caller: Caller; last: number; catchingUp: boolean; buffered: StoredEvent[] }>();

  hub.bus.subscribe((events) => {
    const frames = new Map<number, string>();
    for (const [socket, state] of sockets) {
      if (state.catchingUp) {
        state.buffered.push(...events);
        continue;
      }
      for (const event of events) {
        if (event.seq <= state.last || !mayReceive(state.caller, event)) continue;
        let frame = frames.get(event.seq);
        if (!frame) {
          frame = JSON.stringify({ seq: event.seq, kind: event.kind, at: event.at, payload: event.payload });
          frames.set(event.seq, frame);
        }
        socket.send(frame);
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
      let caller: Caller;
      try {
        if (!query.success) throw new HubError(400, 'request.invalid', { field: 'since' });
        caller = await hub.auth.authenticate(token);
      } catch (error) {
        const code = error instanceof HubError ? error.code : 'auth.required';
        socket.close(4401, code);
        return;
      }
      const state = { caller, last: query.data.since ?? 0, catchingUp: true, buffered: [] as StoredEvent[] };
      sockets.set(socket, state);
      socket.on('close', () => sockets.delete(socket));
      // Catch up from the change log, then hand over to the live stream without a gap or a repeat.
      for (;;) {
        const backlog = await readEvents(hub.db, state.last, 1_000);
        for (const event of backlog) if (mayReceive(caller, event)) socket.send(JSON.stringify({ seq: event.seq, kind: event.kind, at: event.at, payload: event.payload }));
        if (backlog.length > 0) state.last = backlog[backlog.length - 1]?.seq ?? state.last;
        if (backlog.length < 1_000) break;
      }
      for (const event of state.buffered) {
        if (event.seq <= state.last || !mayReceive(caller, event)) continue;
        socket.send(JSON.stringify({ seq: event.seq, kind: event.kind, at: event.at, payload: event.payload }));
        state.last = event.seq;
      }
      state.buffered = [];
      state.catchingUp = false;
    })().catch(() => socket.terminate());
  });
}
