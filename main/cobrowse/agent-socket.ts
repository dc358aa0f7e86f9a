import WebSocket from 'ws';
import { COBROWSE_MAX_FRAME_BYTES, HubToAgentMessage, type AgentSocketMessage } from '../../common/cobrowse/protocol.ts';

/** What the agent socket hears from the hub, sorted so the page frames never get parsed here. */
export interface AgentSocketHandlers {
  /** A customer `ev`/`part` frame: the hub's text, untouched. */
  readonly frame: (text: string) => void;
  readonly message: (message: HubToAgentMessage) => void;
  readonly close: (code: number, reason: string) => void;
}

/**
 * The customer's frames are the bulk of the traffic (up to 64 KB, 50+ a second): they are told
 * apart by their first bytes and passed on as text, never parsed in main — the viewer parses
 * them once. The snippet writes `t` first; anything else is parsed and checked.
 */
const PAGE_FRAME = /^\{\s*"t"\s*:\s*"(?:ev|part)"/;

/** Headroom over the customer's limit: the hub relays its frames verbatim. */
const MAX_PAYLOAD = COBROWSE_MAX_FRAME_BYTES + 1_024;

/** The agent socket's address on the hub (`http(s)` → `ws(s)`). */
export function agentSocketUrl(hubUrl: string, sessionId: string): string {
  const url = new URL('/cobrowse/ws/agent', hubUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('session', sessionId);
  return url.toString();
}

/**
 * One connection of the agent's socket: the bearer token in the header (main is a Node client),
 * permessage-deflate on (the hub compresses the customer's stream), frames sorted on arrival.
 * Reconnecting is the desk's job: a closed AgentSocket stays closed.
 */
export class AgentSocket {
  readonly #ws: WebSocket;
  #reported = false;

  constructor(url: string, accessToken: string, handlers: AgentSocketHandlers) {
    this.#ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${accessToken}` },
      perMessageDeflate: true,
      maxPayload: MAX_PAYLOAD,
      handshakeTimeout: 10_000,
    });
    this.#ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (PAGE_FRAME.test(text)) return handlers.frame(text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      if ((parsed as { t?: unknown } | null)?.t === 'ev' || (parsed as { t?: unknown } | null)?.t === 'part') return handlers.frame(text);
      const message = HubToAgentMessage.safeParse(parsed);
      if (message.success) handlers.message(message.data);
    });
    // An error (refused upgrade, reset) is always followed by 'close'; unhandled it would throw.
    this.#ws.on('error', () => undefined);
    this.#ws.on('unexpected-response', (_request, response) => {
      // The upgrade was answered with HTTP (401 before the socket existed): close with that status.
      this.#ws.terminate();
      this.#finish(response.statusCode === 401 ? 4401 : 1006, `http.${String(response.statusCode)}`, handlers);
    });
    this.#ws.on('close', (code, reason) => this.#finish(code, reason.toString(), handlers));
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Bytes queued but not yet written (pointer moves are dropped while the line is this busy). */
  get buffered(): number {
    return this.#ws.bufferedAmount;
  }

  send(message: AgentSocketMessage): boolean {
    if (!this.open) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    if (this.#ws.readyState === WebSocket.CONNECTING) this.#ws.terminate();
    else this.#ws.close(1000);
  }

  /** Reported once per connection, also when the desk closed it (it ignores sockets it let go). */
  #finish(code: number, reason: string, handlers: AgentSocketHandlers): void {
    if (this.#reported) return;
    this.#reported = true;
    handlers.close(code, reason);
  }
}
