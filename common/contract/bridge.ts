import type { Envelope } from '../errors.ts';
import type { EventName, RequestChannel } from './contract.ts';

/**
 * What the preload puts on `window.loket`: untyped at the boundary (the page may be compromised,
 * so main validates everything), typed again by the renderer's bridge client.
 */
export interface LoketBridge {
  request(channel: RequestChannel, payload: unknown): Promise<Envelope<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
}
