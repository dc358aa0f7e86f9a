import type { RrwebEvent } from '../../common/cobrowse/protocol.ts';

// Turns the customer's frames, as the hub relayed them, back into rrweb events: an `ev` frame
// carries a batch, a `part` frame one slice of an `ev` frame too big for one WebSocket frame.
// Slices are put together per id; a half-received frame whose id is not completed before a
// number of newer ones started is dropped, so a lost slice cannot hold memory for ever.

/** rrweb's event types the viewer cares about. */
export const EVENT_TYPE = { fullSnapshot: 2, incremental: 3, meta: 4 } as const;
/** rrweb's incremental source of a viewport resize. */
export const SOURCE_VIEWPORT_RESIZE = 4;

const MAX_PENDING_PARTS = 8;
const MAX_PART_CHARS = 32 * 1024 * 1024;

interface Pending {
  readonly n: number;
  readonly slices: (string | undefined)[];
  received: number;
  chars: number;
}

export class FrameAssembler {
  private readonly pending = new Map<string, Pending>();

  /** The events a frame completes (none for a slice still waiting for its siblings or an unreadable frame). */
  take(text: string): RrwebEvent[] {
    const frame = parse(text);
    if (!frame) return [];
    if (frame.t === 'ev') return events(frame.e);
    if (frame.t !== 'part') return [];
    const { id, i, n, d } = frame;
    if (typeof id !== 'string' || typeof d !== 'string' || !Number.isInteger(i) || !Number.isInteger(n) || i < 0 || i >= n) return [];
    let entry = this.pending.get(id);
    if (entry?.n !== n) {
      entry = { n, slices: new Array<string | undefined>(n), received: 0, chars: 0 };
      this.pending.set(id, entry);
      this.forgetOldest();
    }
    if (entry.slices[i] !== undefined) return [];
    entry.slices[i] = d;
    entry.received += 1;
    entry.chars += d.length;
    if (entry.chars > MAX_PART_CHARS) {
      this.pending.delete(id);
      return [];
    }
    if (entry.received < n) return [];
    this.pending.delete(id);
    const whole = parse(entry.slices.join(''));
    return whole?.t === 'ev' ? events(whole.e) : [];
  }

  reset(): void {
    this.pending.clear();
  }

  private forgetOldest(): void {
    while (this.pending.size > MAX_PENDING_PARTS) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) return;
      this.pending.delete(oldest);
    }
  }
}

interface Frame {
  readonly t?: unknown;
  readonly e?: unknown;
  readonly id?: unknown;
  readonly i?: unknown;
  readonly n?: unknown;
  readonly d?: unknown;
}

function parse(text: string): (Frame & { i: number; n: number }) | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Frame & { i: number; n: number }) : null;
  } catch {
    return null;
  }
}

function events(list: unknown): RrwebEvent[] {
  if (!Array.isArray(list)) return [];
  return list.filter((event): event is RrwebEvent => typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'number');
}

/**
 * Every event stamped with the time it arrived here: replay runs on this page's clock, so a
 * customer's clock that is off (or a batch that waited) never delays or skips what is shown.
 * A pointer's path keeps its own offsets (relative to its event), so it still moves smoothly.
 */
export function stampArrival(list: readonly RrwebEvent[], now: number): RrwebEvent[] {
  return list.map((event) => ({ ...event, timestamp: now }));
}
