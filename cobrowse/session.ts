// One co-browse session on this page: the session socket, recording once live, the agent's
// pointer and (with the second consent) control, the banner, and resuming after navigation.
import type { ActMessage, CustomerHello, CustomerMessage, HubToCustomerMessage } from '../common/cobrowse/protocol.ts';
import { socketUrl, type SnippetContext } from './context.ts';
import { performAct } from './control.ts';
import { publicUrl } from './privacy.ts';
import { startRecording, type Recording } from './recorder.ts';
import { clearResume, writeResume } from './resume.ts';
import { createPointer, showBanner, showEndedNotice, type Banner, type Pointer } from './ui/presence.ts';
import { showControlPrompt, type Closable } from './ui/prompts.ts';

/** The hub's close codes (common/cobrowse/protocol.ts COBROWSE_CLOSE; copied: the snippet ships without zod). */
const CLOSE_ENDED = 4000;
const FINAL_CLOSE_CODES = new Set([CLOSE_ENDED, 4401, 4403, 4008, 4400]);
/** Reconnect delays while the hub keeps an away session 60 s. */
const RETRY_DELAYS_MS = [250, 1000, 2000, 4000, 8000, 15_000, 20_000];

export interface SessionTicket {
  readonly sessionId: string;
  readonly customerKey: string;
  readonly agentName: string;
}

export class CobrowseSession {
  private socket: WebSocket | null = null;
  private recording: Recording | null = null;
  private banner: Banner | null = null;
  private pointer: Pointer | null = null;
  private controlPrompt: Closable | null = null;
  private control: 'off' | 'on';
  private live = false;
  /** A dropped socket is retried once the session was live here or on the previous page. */
  private retryable: boolean;
  private ended = false;
  private attempts = 0;
  private lastUrl = '';
  private readonly onNavigate = () => this.reportPage();

  constructor(
    private readonly context: SnippetContext,
    private readonly ticket: SessionTicket,
    private readonly onEnd: () => void,
    resumed: { control: 'off' | 'on' } | null = null,
  ) {
    this.control = resumed?.control ?? 'off';
    this.retryable = resumed !== null;
  }

  /** Opens the session socket; `consent: false` tells the hub the customer declined, then closes. */
  connect(consent: boolean): void {
    const socket = new WebSocket(socketUrl(this.context.hub, `/cobrowse/ws/customer?session=${encodeURIComponent(this.ticket.sessionId)}`));
    this.socket = socket;
    socket.addEventListener('open', () => {
      const hello: CustomerHello = {
        t: 'hello',
        key: this.ticket.customerKey,
        consent,
        page: { url: publicUrl(location.href), title: document.title.slice(0, 500), lang: document.documentElement.lang.slice(0, 40), width: innerWidth, height: innerHeight },
      };
      socket.send(JSON.stringify(hello));
      if (!consent) {
        this.ended = true;
        socket.close(1000);
      }
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') this.receive(event.data);
    });
    socket.addEventListener('close', (event) => this.closed(socket, event.code));
  }

  /** The customer's "Stop sharing" (or the shop's `loketCobrowse.end()`). */
  stop(): void {
    if (this.ended) return;
    this.send({ t: 'end' });
    this.finish(false);
  }

  private send(message: CustomerMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    let message: HubToCustomerMessage;
    try {
      message = JSON.parse(text) as HubToCustomerMessage;
    } catch {
      return;
    }
    switch (message.t) {
      case 'live':
        this.goLive(message.control);
        break;
      case 'pointer':
        this.pointer?.moveTo(message.x, message.y);
        break;
      case 'highlight':
        this.pointer?.ripple(message.x, message.y);
        break;
      case 'control.request':
        this.askForControl();
        break;
      case 'act':
        // The hub drops acts while control is off; the page checks again.
        if (this.control === 'on') this.act(message);
        break;
      case 'snapshot':
        this.recording?.snapshot();
        break;
      case 'ended':
        this.finish(true);
        break;
    }
  }

  private goLive(control: 'off' | 'on'): void {
    if (this.ended) return;
    this.live = true;
    this.retryable = true;
    this.attempts = 0;
    this.control = control;
    this.remember();
    const ui = this.context.ui();
    const agent = this.ticket.agentName;
    this.banner ??= showBanner(ui, this.context.t, agent, { stop: () => this.stop(), takeBack: () => this.setControl('off') });
    this.banner.update(this.control);
    this.pointer ??= createPointer(ui, agent);
    this.recording?.stop();
    this.recording = startRecording((frame) => {
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
      this.reportPage();
    });
    this.lastUrl = publicUrl(location.href);
    addEventListener('popstate', this.onNavigate);
    addEventListener('hashchange', this.onNavigate);
  }

  /** An SPA changed its address without a page load: tell the agent where the customer is. */
  private reportPage(): void {
    const url = publicUrl(location.href);
    if (url === this.lastUrl || !this.live) return;
    this.lastUrl = url;
    this.send({ t: 'page', url, title: document.title.slice(0, 500) });
  }

  private askForControl(): void {
    if (this.control === 'on' || this.controlPrompt) return;
    this.controlPrompt = showControlPrompt(this.context.ui(), this.context.t, this.ticket.agentName, (yes) => {
      this.controlPrompt = null;
      if (yes) this.setControl('on');
      else this.send({ t: 'control', state: 'denied' });
    });
  }

  private setControl(state: 'off' | 'on'): void {
    this.control = state;
    this.send({ t: 'control', state });
    this.banner?.update(state);
    this.remember();
  }

  private act(message: ActMessage): void {
    const ui = this.context.ui();
    const { t: _type, ...act } = message;
    performAct(act, ui.owns);
    if (act.a === 'click') this.pointer?.ripple(act.x, act.y);
  }

  private remember(): void {
    writeResume({ hub: this.context.hub, sessionId: this.ticket.sessionId, customerKey: this.ticket.customerKey, agentName: this.ticket.agentName, control: this.control });
  }

  private closed(socket: WebSocket, code: number): void {
    if (socket !== this.socket || this.ended) return;
    this.recording?.stop();
    this.recording = null;
    // The hub ended it, refused the key, or the page never got live: over. A dropped connection
    // while live: the hub keeps the session away for a minute, so try again.
    if (FINAL_CLOSE_CODES.has(code) || !this.retryable) {
      this.finish(this.live);
      return;
    }
    const delay = RETRY_DELAYS_MS[this.attempts];
    this.attempts += 1;
    if (delay === undefined) this.finish(true);
    else setTimeout(() => !this.ended && this.connect(true), delay);
  }

  private finish(notify: boolean): void {
    const wasLive = this.live;
    this.ended = true;
    this.live = false;
    clearResume();
    this.recording?.stop();
    this.recording = null;
    this.banner?.remove();
    this.pointer?.remove();
    this.controlPrompt?.close();
    removeEventListener('popstate', this.onNavigate);
    removeEventListener('hashchange', this.onNavigate);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
    if (notify && wasLive) showEndedNotice(this.context.ui(), this.context.t);
    this.onEnd();
  }
}
