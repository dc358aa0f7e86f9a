import net from 'node:net';

// Watching for a SIP server's return. While the server's port refuses connections (a PBX being
// restarted, a host coming back), waiting out a back-off step costs the agent up to that whole
// step after the server is back. A TCP connect to the port is cheap for the server (a refused
// SYN, or an accepted connection closed at once, no TLS, no SIP), so the port is probed at a
// short interval and the softphone tries to register as soon as it answers. REGISTER itself is
// only ever sent on the back-off schedule or after the port went from refusing to answering,
// so a server that accepts connections but refuses to serve (503, a failing handshake) is still
// tried only at the back-off pace.

/** Where a `ws://` or `wss://` server listens: the port the WebSocket connects to. */
export function listeningAddress(server: string): { readonly host: string; readonly port: number } | null {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  const port = url.port === '' ? (url.protocol === 'wss:' ? 443 : 80) : Number(url.port);
  // URL keeps an IPv6 host in brackets; net.connect wants it bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return host === '' ? null : { host, port };
}

/**
 * Failures that mean "nobody listens there now": only after one of these is the port worth
 * watching. Anything else (a handshake or REGISTER refused, a timeout of the registrar) comes
 * from a server that answers, and gets the back-off alone.
 */
export function isUnreachable(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|Opening handshake has timed out/.test(text);
}

/** True when a TCP connection to the address is accepted within `timeoutMs`. */
export function portAnswers(address: { readonly host: string; readonly port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port });
    const finish = (open: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(open);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface PortWatchOptions {
  readonly intervalMs: number;
  /** Called once, when the port answers. */
  readonly onAnswer: () => void;
}

/**
 * Probes the address every `intervalMs` (one probe at a time) until it answers or the watch is
 * stopped; returns the stop function.
 */
export function watchPort(address: { readonly host: string; readonly port: number }, options: PortWatchOptions): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const probe = async () => {
    const open = await portAnswers(address, Math.max(options.intervalMs * 4, 1_000));
    if (stopped) return;
    if (open) {
      stopped = true;
      options.onAnswer();
      return;
    }
    timer = setTimeout(() => void probe(), options.intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void probe(), options.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
