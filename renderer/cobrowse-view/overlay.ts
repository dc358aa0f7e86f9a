import type { AgentMessage } from '../../common/cobrowse/protocol.ts';
import type { CobrowseControl } from '../../common/cobrowse/protocol.ts';

// The transparent layer over the replayed page that turns what the agent does into messages for
// the customer's page, in the customer's viewport CSS pixels: the pointer (at most every ~30 ms),
// a click (a highlight, or a real click while control is on), the wheel (scrolling the customer's
// window, only with control) and keys (typed into the customer's focused field, only with
// control). Without control nothing the agent does can change the customer's page.

export const POINTER_INTERVAL_MS = 30;
const SCROLL_INTERVAL_MS = 50;
const EDITING_KEYS = new Set(['Backspace', 'Enter', 'Tab']);
/** Pressed alone they are no shortcut yet: the key that follows decides. */
const MODIFIERS = new Set(['Alt', 'AltGraph', 'Shift', 'Control', 'Meta']);

export interface OverlayHost {
  send(message: AgentMessage): void;
  /** The replayed page's scale on screen (1 = the customer's pixels). */
  scale(): number;
  /** The customer's current scroll position, as replayed. */
  scroll(): { x: number; y: number };
  /** An Alt shortcut of the console pressed while the view has focus. */
  shortcut(event: KeyboardEvent): void;
  /** Escape: give focus back to the console's controls. */
  leave(): void;
}

/** A key the customer's page may receive: one printable character or an editing key. */
export function keyToSend(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  if (EDITING_KEYS.has(event.key)) return event.key;
  // Named keys (ArrowLeft, Shift, F5…) are longer; a character is 1, or 2 for a surrogate pair.
  return [...event.key].length === 1 && event.key.length <= 2 && !/\p{Cc}/u.test(event.key) ? event.key : null;
}

export class Overlay {
  readonly element: HTMLDivElement;
  private control: CobrowseControl = 'off';
  private lastPointer = 0;
  private pendingPointer: ReturnType<typeof setTimeout> | null = null;
  private wheel = { dx: 0, dy: 0, timer: null as ReturnType<typeof setTimeout> | null };

  constructor(private readonly host: OverlayHost) {
    const element = document.createElement('div');
    element.className = 'overlay';
    element.tabIndex = 0;
    element.setAttribute('role', 'application');
    element.addEventListener('pointermove', (event) => this.pointer(event));
    element.addEventListener('click', (event) => this.click(event));
    element.addEventListener('wheel', (event) => this.wheelMoved(event), { passive: false });
    element.addEventListener('keydown', (event) => this.key(event));
    this.element = element;
  }

  setControl(control: CobrowseControl): void {
    this.control = control;
    this.element.classList.toggle('overlay--control', control === 'on');
  }

  setLabel(label: string): void {
    this.element.setAttribute('aria-label', label);
  }

  /** Where the event is on the customer's viewport. */
  private at(event: MouseEvent): { x: number; y: number } {
    const box = this.element.getBoundingClientRect();
    const scale = this.host.scale() || 1;
    return { x: Math.round((event.clientX - box.left) / scale), y: Math.round((event.clientY - box.top) / scale) };
  }

  private pointer(event: PointerEvent): void {
    const { x, y } = this.at(event);
    const wait = POINTER_INTERVAL_MS - (Date.now() - this.lastPointer);
    if (this.pendingPointer) clearTimeout(this.pendingPointer);
    const send = () => {
      this.pendingPointer = null;
      this.lastPointer = Date.now();
      this.host.send({ t: 'pointer', x, y });
    };
    // The last position always goes out (trailing), so the pointer rests where the agent left it.
    if (wait <= 0) send();
    else this.pendingPointer = setTimeout(send, wait);
  }

  private click(event: MouseEvent): void {
    const { x, y } = this.at(event);
    this.element.focus({ preventScroll: true });
    this.host.send(this.control === 'on' ? { t: 'act', a: 'click', x, y } : { t: 'highlight', x, y });
  }

  private wheelMoved(event: WheelEvent): void {
    if (this.control !== 'on') return;
    event.preventDefault();
    // Lines and pages as pixels, roughly as a browser scrolls them.
    const unit = event.deltaMode === 1 ? 40 : event.deltaMode === 2 ? 800 : 1;
    this.wheel.dx += event.deltaX * unit;
    this.wheel.dy += event.deltaY * unit;
    if (this.wheel.timer) return;
    this.wheel.timer = setTimeout(() => {
      const from = this.host.scroll();
      const x = Math.max(0, Math.round(from.x + this.wheel.dx));
      const y = Math.max(0, Math.round(from.y + this.wheel.dy));
      this.wheel = { dx: 0, dy: 0, timer: null };
      this.host.send({ t: 'act', a: 'scroll', x, y });
    }, SCROLL_INTERVAL_MS);
  }

  private key(event: KeyboardEvent): void {
    // The console's shortcuts (Alt+digit screens, Alt+Shift phone and co-browse) keep working here.
    if (MODIFIERS.has(event.key)) return;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.host.shortcut(event);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      this.host.leave();
      return;
    }
    if (this.control !== 'on') return;
    const key = keyToSend(event);
    if (key === null) return;
    // Tab goes to the customer's page only with control; Escape (never sent) leaves the view.
    event.preventDefault();
    this.host.send({ t: 'act', a: 'key', key });
  }
}
