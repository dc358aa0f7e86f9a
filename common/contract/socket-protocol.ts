import { z } from 'zod';
import { EnvelopeSchema, ErrorPayload } from '../errors.ts';

// The web shell carries the contract over one WebSocket. Frames are JSON; every frame a client
// sends is validated before anything else looks at it.

/** Sent as a WebSocket sub-protocol: browsers cannot set headers on a WebSocket. */
export const SOCKET_PROTOCOL = 'loket.v1';
export const TOKEN_PROTOCOL_PREFIX = 'loket-token.';
export const SOCKET_PATH = '/contract';
/** Frames larger than this are refused before parsing. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const ClientFrame = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('response'), id: z.number().int(), result: EnvelopeSchema }),
  z.strictObject({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  /** A frame that could not be read at all (no id to answer to). */
  z.strictObject({ type: z.literal('error'), error: ErrorPayload }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
