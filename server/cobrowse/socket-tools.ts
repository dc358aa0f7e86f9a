import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { COBROWSE_CLOSE } from '../../common/cobrowse/protocol.ts';
import { Id } from '../../common/hub/api.ts';
import { addBytes } from './session-store.ts';
import type { CobrowseRelay } from './relay.ts';

// What both session sockets need: the session id from the query, the wire-byte count into the
// audit row when the socket closes, and how an oversize frame is told from other socket errors.

export function sessionIdOf(request: FastifyRequest): string | null {
  const value = (request.query as Record<string, unknown> | undefined)?.['session'];
  const parsed = Id.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Counts the socket's wire bytes (after permessage-deflate) from now on and adds them to the
 * session's row when it closes. Returns a flag that turns true when the peer sent a frame larger
 * than maxPayload (ws then closes with 1009 by itself).
 */
export function meterSocket(relay: CobrowseRelay, socket: WebSocket, request: FastifyRequest, sessionId: string): { tooLarge: boolean } {
  const raw: Socket = request.raw.socket;
  const startIn = raw.bytesRead;
  const startOut = raw.bytesWritten;
  const flags = { tooLarge: false };
  socket.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') flags.tooLarge = true;
    else socket.terminate();
  });
  socket.once('close', () => {
    void addBytes(relay.hub.db, sessionId, raw.bytesRead - startIn, raw.bytesWritten - startOut).catch(() => undefined);
  });
  return flags;
}

export function parseFrame(data: unknown, isBinary: boolean): { t?: unknown; [key: string]: unknown } | null {
  if (isBinary) return null;
  try {
    const value: unknown = JSON.parse(String(data));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { t?: unknown }) : null;
  } catch {
    return null;
  }
}

/** Closes a socket for a broken rule: the code and the reason string of the protocol. */
export function refuse(socket: WebSocket, code: keyof typeof COBROWSE_CLOSE, reason: string): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(COBROWSE_CLOSE[code], reason);
}
