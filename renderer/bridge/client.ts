import type {
  EventName,
  EventPayload,
  RequestChannel,
  RequestOf,
  ResponseOf,
} from '../../common/contract/contract.ts';
import { LoketError, type Envelope } from '../../common/errors.ts';

/** The link between this page and main: always up in Electron, a socket in the web shell. */
export type ConnectionStatus =
  | { readonly state: 'connected' }
  | { readonly state: 'connecting' }
  | { readonly state: 'offline'; readonly retryAt: number }
  /** The web shell is up but refuses our launch token (it was restarted): open its new address. */
  | { readonly state: 'unauthorized' };

/** The typed face of the contract for the renderer; both transports implement it. */
export interface LoketClient {
  /** Resolves with the response, rejects with a `LoketError` whose code the UI translates. */
  request<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export function unwrap<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw LoketError.fromPayload(envelope.error);
}
