import WebSocket from 'ws';

/**
 * A text message framed once for every socket it goes to. A server's frames are not masked, so
 * the bytes on the wire are the same for all of them: the live-events fan-out encodes the JSON and
 * builds the frame once per event (and audience), then each socket costs one write of a ready
 * buffer instead of `ws.send`'s per-socket UTF-8 encoding, header and two-chunk corked write.
 */
export interface PreparedFrame {
  readonly text: string;
  readonly bytes: Buffer;
}

/** FIN bit and the text opcode (RFC 6455 §5.2): a whole message in one frame. */
const FINAL_TEXT_FRAME = 0x81;

/** An unmasked text frame (RFC 6455 §5.2): header with the 7-bit, 16-bit or 64-bit length, then the UTF-8 payload. */
export function prepareFrame(text: string): PreparedFrame {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerLength + length);
  bytes[0] = FINAL_TEXT_FRAME;
  if (length < 126) {
    bytes[1] = length;
  } else if (length < 65_536) {
    bytes[1] = 126;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = 127;
    bytes.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(bytes, headerLength);
  return { text, bytes };
}

/** The parts of `ws` this relies on (ws 8): its TCP socket, its sender's queue state and the negotiated extensions. */
interface WsInternals {
  readonly _socket?: { write(chunk: Buffer): boolean } | null;
  readonly _sender?: { readonly _state?: number } | null;
}
/** ws's sender state when it holds nothing back (no compression or blob read in progress). */
const SENDER_IDLE = 0;

/**
 * Writes the prepared frame straight to the socket's TCP stream when that is exactly what
 * `ws.send` would put there: the socket is open, nothing is queued in ws's sender (so order is
 * kept) and no permessage-deflate was negotiated (`/events` never offers it, see
 * server/cobrowse/http.ts). Otherwise — or should ws's internals ever differ — it falls back to
 * `send`, which is always right, only slower.
 */
export function sendPrepared(socket: WebSocket, frame: PreparedFrame): void {
  const internals = socket as unknown as WsInternals;
  const raw = internals._socket;
  if (socket.readyState === WebSocket.OPEN && socket.extensions === '' && internals._sender?._state === SENDER_IDLE && raw && typeof raw.write === 'function') {
    raw.write(frame.bytes);
    return;
  }
  socket.send(frame.text);
}
