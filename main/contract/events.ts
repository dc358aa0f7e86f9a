import { contract, type EventName, type EventPayload } from '../../common/contract/contract.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Main → renderer events. Services emit; each shell subscribes once and forwards to its windows. */
export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      // Validate on the way out as well: the renderer trusts what the contract promises.
      const checked = contract.events[name].parse(payload);
      for (const listener of listeners) listener(name, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
