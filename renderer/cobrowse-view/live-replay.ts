import { Replayer } from '@rrweb/replay';
import type { RrwebEvent } from '../../common/cobrowse/protocol.ts';
import { EVENT_TYPE, SOURCE_VIEWPORT_RESIZE } from './frames.ts';

// The customer's page, replayed live. rrweb's Replayer is made exactly for this stream:
// - liveMode with startLive(now) and events stamped on arrival: no buffer, whatever the
//   customer's clock says;
// - and not even one frame of waiting: rrweb applies a live event on its timer's next animation
//   frame, which cost a frame (8 ms on average, 16.7 ms at worst) on top of the network. A page
//   change (DOM, input, scroll, style) is stamped just before the replayer's baseline, which rrweb
//   applies at once (its fast-forward path; scrolling then jumps instead of gliding, which is what
//   a live view wants); the customer's pointer is moved at once with rrweb's own move-and-hover.
//   Clicks keep rrweb's timer: their animation needs it, and a frame does not matter there. The
//   co-browse benchmark measured DOM change → painted p50/p95 39/51 ms before this;
// - useVirtualDom false: a replayer that starts late would otherwise freeze on its snapshot;
// - no mouse tail, and the customer's pointer without the CSS transition (it would trail);
// - rrweb's own iframe is sandboxed with only allow-same-origin: the page's scripts never run.
// A replayer starts at a Meta event followed by its FullSnapshot. Each later pair (a new page,
// or the fresh snapshot asked for when the agent (re)joined) builds a new replayer out of sight
// that replaces the shown one once its page is built, so the view never flashes empty and the
// old page's events are freed.

export interface ReplayCallbacks {
  /** The customer's viewport size changed (or the first page was built). */
  onViewport(width: number, height: number): void;
  /** Events came without a snapshot to apply them to. */
  onMissingSnapshot(): void;
}

interface Live {
  readonly replayer: Replayer;
  readonly root: HTMLElement;
  /** The time given to startLive: an event stamped before it is applied at once. */
  readonly baseline: number;
  built: boolean;
}

/** rrweb's incremental sources that carry the customer's pointer, and the click-like interaction. */
const POINTER_SOURCES = new Set([1, 6, 12]); // MouseMove, TouchMove, Drag
const SOURCE_MOUSE_INTERACTION = 2;

type MoveAndHover = (x: number, y: number, id: number, isSync: boolean, data: unknown) => void;

export class LiveReplay {
  private shown: Live | null = null;
  private next: Live | null = null;
  /** A Meta event waiting for its FullSnapshot. */
  private meta: RrwebEvent | null = null;
  private viewport = { width: 0, height: 0 };
  /** The page asked for a snapshot as the viewer started: no second request right after. */
  private complainedAt = Date.now();

  constructor(
    private readonly stage: HTMLElement,
    private readonly callbacks: ReplayCallbacks,
  ) {}

  get showing(): boolean {
    return this.shown !== null;
  }

  /** The replay's own window (scroll position for the agent's wheel), when a page is shown. */
  get frameWindow(): Window | null {
    return this.shown?.replayer.iframe.contentWindow ?? null;
  }

  get size(): { width: number; height: number } {
    return this.viewport;
  }

  /** The shown replay's wrapper, which the page scales to fit. */
  get wrapper(): HTMLElement | null {
    return this.shown?.replayer.wrapper ?? null;
  }

  add(events: readonly RrwebEvent[]): void {
    for (const event of events) this.addOne(event);
  }

  reset(): void {
    this.destroy(this.next);
    this.destroy(this.shown);
    this.next = null;
    this.shown = null;
    this.meta = null;
  }

  private addOne(event: RrwebEvent): void {
    if (event.type === EVENT_TYPE.meta) {
      this.meta = event;
      return;
    }
    if (event.type === EVENT_TYPE.fullSnapshot) {
      if (!this.meta) return this.missing();
      this.startNext(this.meta, event);
      this.meta = null;
      return;
    }
    const target = this.next ?? this.shown;
    if (!target) return this.missing();
    if (event.type === EVENT_TYPE.incremental && isViewportResize(event)) this.noteViewport(event.data);
    if (event.type === EVENT_TYPE.incremental && target.built) {
      const source = (event.data as { source?: unknown } | undefined)?.source;
      if (typeof source === 'number' && POINTER_SOURCES.has(source)) {
        if (movePointerNow(target.replayer, event.data)) return;
      } else if (source !== SOURCE_MOUSE_INTERACTION) {
        target.replayer.addEvent(recorded({ ...event, timestamp: target.baseline - 1 }));
        return;
      }
    }
    target.replayer.addEvent(recorded(event));
  }

  private startNext(meta: RrwebEvent, full: RrwebEvent): void {
    this.destroy(this.next);
    const root = document.createElement('div');
    root.className = 'replay replay--building';
    this.stage.append(root);
    const replayer = new Replayer([], {
      root,
      liveMode: true,
      useVirtualDom: false,
      mouseTail: false,
      insertStyleRules: ['.replayer-mouse{transition:none}'],
      showWarning: false,
      // The agent's view never plays the page's animations ahead or behind: paused ones stay still.
      pauseAnimation: true,
      triggerFocus: false,
    });
    // Keyboard focus belongs to the overlay, never to the replayed page (its links and fields are
    // the customer's; with control, keys reach them through the customer's own page).
    replayer.iframe.tabIndex = -1;
    const baseline = Date.now();
    const live: Live = { replayer, root, baseline, built: false };
    this.next = live;
    replayer.on('fullsnapshot-rebuilded', () => this.built(live));
    replayer.startLive(baseline);
    const data = meta.data as { width?: unknown; height?: unknown } | undefined;
    if (typeof data?.width === 'number' && typeof data.height === 'number') this.noteViewport({ width: data.width, height: data.height });
    replayer.addEvent(recorded(meta));
    replayer.addEvent(recorded(full));
  }

  private built(live: Live): void {
    if (this.next !== live || live.built) return;
    live.built = true;
    this.destroy(this.shown);
    this.shown = live;
    this.next = null;
    live.root.classList.remove('replay--building');
    this.callbacks.onViewport(this.viewport.width, this.viewport.height);
  }

  private noteViewport(data: unknown): void {
    const { width, height } = data as { width: number; height: number };
    if (!(width > 0 && height > 0)) return;
    this.viewport = { width, height };
    if (this.shown) this.callbacks.onViewport(width, height);
  }

  /** At most one request every few seconds, however many stray events come (a snapshot is big). */
  private missing(): void {
    const now = Date.now();
    if (now - this.complainedAt < 3_000) return;
    this.complainedAt = now;
    this.callbacks.onMissingSnapshot();
  }

  private destroy(live: Live | null): void {
    if (!live) return;
    try {
      live.replayer.destroy();
    } catch {
      // A replayer that never built its page has nothing more to free.
    }
    live.root.remove();
  }
}

/**
 * The event as rrweb's types name it. Only its type and stamp were checked here: the recorder on
 * the customer's page made it, and the replayer skips what it cannot apply.
 */
function recorded(event: RrwebEvent): Parameters<Replayer['addEvent']>[0] {
  return event as unknown as Parameters<Replayer['addEvent']>[0];
}

/**
 * Moves the replayed pointer to the last position of a pointer event now (rrweb's own
 * move-and-hover, which also sets the hover state). False when this rrweb has no such method
 * (rrweb is pinned; a newer one falls back to its timer) or the event has no position.
 */
function movePointerNow(replayer: Replayer, data: unknown): boolean {
  const move = (replayer as unknown as { moveAndHover?: MoveAndHover }).moveAndHover;
  const positions = (data as { positions?: unknown } | undefined)?.positions;
  if (typeof move !== 'function' || !Array.isArray(positions)) return false;
  const last = positions[positions.length - 1] as { x?: unknown; y?: unknown; id?: unknown } | undefined;
  if (typeof last?.x !== 'number' || typeof last.y !== 'number' || typeof last.id !== 'number') return false;
  move.call(replayer, last.x, last.y, last.id, false, data);
  return true;
}

function isViewportResize(event: RrwebEvent): boolean {
  return (event.data as { source?: unknown } | undefined)?.source === SOURCE_VIEWPORT_RESIZE;
}
