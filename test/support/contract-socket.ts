import WebSocket from 'ws';
import { SOCKET_PATH, SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type ServerFrame } from '../../common/contract/socket-protocol.ts';
import type { RunningWebShell } from './web-shell-process.ts';

/**
 * A client of the web shell's contract socket in Node, speaking exactly what the renderer's
 * socket client speaks: for tests that drive main the way the UI does, without a browser.
 */
export interface ContractSocket {
  request<T = unknown>(channel: string, payload: unknown): Promise<T>;
  /** Every event main pushed, in order, with when it arrived (`Date.now()`). */
  readonly events: { name: string; payload: unknown; at: number }[];
  close(): void;
  /** Resolves when the socket is gone (the shell was killed or closed it). */
  readonly closed: Promise<void>;
}

export function connectContract(shell: RunningWebShell): Promise<ContractSocket> {
  const token = new URL(shell.url).hash.replace(/^#token=/, '');
  const ws = new WebSocket(`${shell.origin.replace(/^http/, 'ws')}${SOCKET_PATH}`, [SOCKET_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    headers: { origin: shell.origin },
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: { name: string; payload: unknown; at: number }[] = [];
  const closed = new Promise<void>((resolve) =>
    ws.once('close', () => {
      for (const { reject } of waiting.values()) reject(new Error('socket closed'));
      waiting.clear();
      resolve();
    }),
  );
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.type === 'event') events.push({ name: frame.name, payload: frame.payload, at: Date.now() });
    if (frame.type !== 'response') return;
    const waiter = waiting.get(frame.id);
    waiting.delete(frame.id);
    if (!waiter) return;
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new Error(JSON.stringify(frame.result.error)));
  });
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        events,
        closed,
        close: () => ws.close(),
        request: <T>(channel: string, payload: unknown) =>
          new Promise<T>((res, rej) => {
            const id = nextId++;
            waiting.set(id, { resolve: res as (v: unknown) => void, reject: rej });
            ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
