// Which ports are bound, read from /proc/net. /proc/net belongs to the reader's network
// namespace, so inside the rig's namespace it lists only the rig's sockets. Reading a file is
// much faster than spawning `ss` at every poll, which keeps start-up waits short.
import { readFileSync } from 'node:fs';

export type Protocol = 'tcp' | 'udp';

export interface BoundSocket {
  readonly protocol: Protocol;
  /** Dotted IPv4 address, or the kernel's hex form for IPv6. */
  readonly address: string;
  readonly port: number;
}

export interface SocketSpec {
  readonly protocol: Protocol;
  readonly port: number;
}

const TCP_LISTEN = '0A';

/** "0100007F:13C4" → { address: '127.0.0.1', port: 5060 } (IPv4 is little-endian hex). */
function parseEndpoint(hex: string): { address: string; port: number } {
  const [host = '', port = '0'] = hex.split(':');
  const address =
    host.length === 8
      ? [3, 2, 1, 0].map((i) => Number.parseInt(host.slice(i * 2, i * 2 + 2), 16)).join('.')
      : host;
  return { address, port: Number.parseInt(port, 16) };
}

function readTable(file: string, protocol: Protocol): BoundSocket[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // no IPv6 in this kernel
  }
  const sockets: BoundSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const state = fields[3];
    if (!local || !state) continue;
    // TCP: only listeners (connections in TIME_WAIT etc. do not block a new listener).
    // UDP: every bound socket.
    if (protocol === 'tcp' && state !== TCP_LISTEN) continue;
    sockets.push({ protocol, ...parseEndpoint(local) });
  }
  return sockets;
}

/** Every listening TCP socket and bound UDP socket of this network namespace. */
export function boundSockets(): BoundSocket[] {
  return [
    ...readTable('/proc/net/tcp', 'tcp'),
    ...readTable('/proc/net/tcp6', 'tcp'),
    ...readTable('/proc/net/udp', 'udp'),
    ...readTable('/proc/net/udp6', 'udp'),
  ];
}

/** The specs that something is bound to, on any address. */
export function occupied(specs: readonly SocketSpec[]): SocketSpec[] {
  const bound = boundSockets();
  return specs.filter((spec) => bound.some((s) => s.protocol === spec.protocol && s.port === spec.port));
}

/** The specs that are bound on 127.0.0.1 (what the rig's processes listen on). */
export function listeningOnLoopback(specs: readonly SocketSpec[]): SocketSpec[] {
  const bound = boundSockets();
  return specs.filter((spec) =>
    bound.some((s) => s.protocol === spec.protocol && s.port === spec.port && s.address === '127.0.0.1'),
  );
}

export const describeSpec = (spec: SocketSpec) => `${spec.protocol}/${spec.port}`;
