import type WebSocket from 'ws';
import { z } from 'zod';

/** One live event from the hub's socket: its kind and payload (ids and states; the rows come by sync, a read or the frame's delta). */
export interface LiveEvent {
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * The rows a live frame may carry (server/events/deltas.ts): every change in `(from, to]` this
 * console gets, the event's own sequence value among them. Checked as strictly as a sync page.
 */
const Delta = z.object({
  from: z.number(),
  to: z.number(),
  rows: z.array(z.object({ seq: z.number(), entity: z.string(), row: z.record(z.string(), z.unknown()) })),
});
export type LiveDelta = z.infer<typeof Delta>;
const WithDelta = z.object({ seq: z.number(), at: z.string(), delta: Delta });

/** A live frame: the event, and where the hub attached them, its sequence value and the rows around it. */
export interface LiveFrame {
  readonly event: LiveEvent;
  readonly delta: (LiveDelta & { readonly seq: number; readonly at: string }) | null;
}

/** A live frame, or null for anything else. A frame without a (valid) delta still gives its event. */
export function liveFrameOf(data: WebSocket.RawData | string): LiveFrame | null {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    return null;
  }
  const event = eventOf(frame);
  if (!event) return null;
  const parsed = WithDelta.safeParse(frame);
  // The event lies in its range (a frame that says otherwise is not trusted: the console syncs).
  const delta = parsed.success && parsed.data.delta.from < parsed.data.seq && parsed.data.seq <= parsed.data.delta.to ? { ...parsed.data.delta, seq: parsed.data.seq, at: parsed.data.at } : null;
  return { event, delta };
}

/** A live event frame (`{seq, kind, at, payload}`), or null for anything else. */
export function liveEventOf(data: WebSocket.RawData | string): LiveEvent | null {
  return liveFrameOf(data)?.event ?? null;
}

function eventOf(frame: unknown): LiveEvent | null {
  if (typeof frame !== 'object' || frame === null || !('kind' in frame) || typeof frame.kind !== 'string') return null;
  const payload = 'payload' in frame && typeof frame.payload === 'object' && frame.payload !== null ? (frame.payload as Record<string, unknown>) : {};
  return { kind: frame.kind, payload };
}
