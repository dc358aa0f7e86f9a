import { contract, type EventName, type EventPayload } from '../../common/contract/contract.ts';

/** `to` names one renderer (the `sender` of its requests); without it an event goes to all. */
export type EventListener = (name: EventName, payload: unknown, to: string | undefined) => void;

/** Main → renderer events. Services emit; each shell subscribes once and forwards to its windows. */
export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>, options?: { readonly to?: string }): void;
  subscribe(listener: EventListener): () => void;
  /** A shell reports that a renderer went away (socket closed, page reloaded or destroyed). */
  senderGone(sender: string): void;
  onSenderGone(listener: (sender: string) => void): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  const goneListeners = new Set<(sender: string) => void>();
  return {
    emit(name, payload, options) {
      // Validate on the way out as well: the renderer trusts what the contract promises.
      const checked = contract.events[name].parse(payload);
      for (const listener of listeners) listener(name, checked, options?.to);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    senderGone(sender) {
      for (const listener of goneListeners) listener(sender);
    },
    onSenderGone(listener) {
      goneListeners.add(listener);
      return () => goneListeners.delete(listener);
    },
  };
}
