import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { RunningHub } from './hub-fixture.ts';

// The agent's side of a co-browse session without a console: the REST calls and a plain `ws`
// client on `/cobrowse/ws/agent` (permessage-deflate on, as main's client), recording every frame
// it receives verbatim and the wire bytes it read.

export interface CreatedSession {
  readonly id: string;
  readonly code: string;
  readonly codeExpiresAt: string;
  readonly pageOnline: boolean;
}

/** `POST /cobrowse/sessions` as the agent holding `token`. */
export async function createCobrowseSession(hub: RunningHub, token: string, customerId: string): Promise<CreatedSession> {
  const answer = await hub.call('POST', '/cobrowse/sessions', { token, body: { id: randomUUID(), customerId } });
  if (answer.status !== 200) throw new Error(`POST /cobrowse/sessions: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as CreatedSession;
}

export interface AgentStateFrame {
  readonly t: 'state';
  readonly state: string;
  readonly control: string;
  readonly page: { url: string; title: string } | null;
  readonly reason: string | null;
}

export interface AgentSocket {
  /** Every text frame the hub sent, verbatim, in order. */
  readonly frames: string[];
  /** Bytes read from the TCP socket (compressed frames with their headers). */
  wireBytes(): number;
  send(message: unknown): void;
  /** Resolves with the first received frame (parsed) that matches; fails after `ms`. */
  waitFor(match: (frame: Record<string, unknown>) => boolean, ms?: number, what?: string): Promise<Record<string, unknown>>;
  /** The close code and reason once the hub closed the socket. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens the agent socket of `sessionId` with the agent's access token; resolves once open. */
export function joinAsAgent(hubUrl: string, sessionId: string, token: string): Promise<AgentSocket> {
  const ws = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/cobrowse/ws/agent?session=${encodeURIComponent(sessionId)}`, {
    headers: { authorization: `Bearer ${token}` },
    perMessageDeflate: true,
  });
  const frames: string[] = [];
  const parsed: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = String(data);
    frames.push(text);
    try {
      parsed.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      parsed.push({});
    }
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  let socketBytes = 0;
  ws.once('upgrade', (response) => {
    const socket = response.socket;
    socket.on('data', (chunk: Buffer) => {
      socketBytes += chunk.length;
    });
  });
  const api: AgentSocket = {
    frames,
    wireBytes: () => socketBytes,
    send: (message) => ws.send(JSON.stringify(message)),
    waitFor(match, ms = 15_000, what = 'frame') {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < parsed.length; seen++) {
            const frame = parsed[seen] as Record<string, unknown>;
            if (match(frame)) {
              finish();
              resolve(frame);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`agent socket: no ${what} within ${ms} ms; got ${parsed.map((f) => String(f.t)).slice(-20).join(', ') || 'nothing'}`));
        }, ms);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    closed,
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(api));
    ws.once('error', reject);
    void closed.then(({ code, reason }) => reject(new Error(`agent socket closed before open: ${code} ${reason}`)));
  });
}

/** The rrweb events inside an `ev` frame (or `[]` for any other frame; `part` frames are joined by `joinParts`). */
export function eventsOf(frame: string): Record<string, unknown>[] {
  try {
    const message = JSON.parse(frame) as { t?: string; e?: unknown };
    return message.t === 'ev' && Array.isArray(message.e) ? (message.e as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}

/** Every `ev` frame among `frames`, with `part` frames reassembled into the frame they split. */
export function joinParts(frames: readonly string[]): string[] {
  const whole: string[] = [];
  const pending = new Map<string, string[]>();
  for (const frame of frames) {
    let message: { t?: string; id?: string; i?: number; n?: number; d?: string };
    try {
      message = JSON.parse(frame) as typeof message;
    } catch {
      continue;
    }
    if (message.t !== 'part') {
      whole.push(frame);
      continue;
    }
    const pieces = pending.get(String(message.id)) ?? [];
    pieces[Number(message.i)] = String(message.d);
    pending.set(String(message.id), pieces);
    if (pieces.filter((p) => p !== undefined).length === message.n) {
      whole.push(pieces.join(''));
      pending.delete(String(message.id));
    }
  }
  return whole;
}
