import { create } from 'zustand';
import type { EscalationInbox } from '../../../common/contract/escalations.ts';
import type { LoketClient } from '../../bridge/index.ts';

export interface LiveEscalationEvent {
  readonly kind: string;
  readonly payload: Record<string, unknown>;
}

interface EscalationState {
  /** The hub's last answer (null: not read yet, or signed out). */
  readonly inbox: EscalationInbox | null;
  /** Why the last read failed (null: it did not); the last answer stays on screen meanwhile. */
  readonly failure: unknown;
  readonly loading: boolean;
  /** Bumped after every read, so an open escalation's detail reads again too. */
  readonly generation: number;
  load(client: LoketClient): Promise<EscalationInbox | null>;
  clear(): void;
}

let asked = 0;

/** The inbox as the hub last said it, read by the Escalations screen and the navigation's counts. */
export const useEscalationStore = create<EscalationState>()((set) => ({
  inbox: null,
  failure: null,
  loading: false,
  generation: 0,
  async load(client) {
    const ask = ++asked;
    set({ loading: true });
    try {
      const inbox = await client.request('escalations.inbox', {});
      if (ask === asked) set((state) => ({ inbox, failure: null, loading: false, generation: state.generation + 1 }));
      return inbox;
    } catch (failure) {
      if (ask === asked) set((state) => ({ failure, loading: false, generation: state.generation + 1 }));
      return null;
    }
  },
  clear() {
    asked++;
    set((state) => ({ inbox: null, failure: null, loading: false, generation: state.generation + 1 }));
  },
}));

/**
 * The events that change an inbox: every escalation event. A reply is also an `interaction.saved`,
 * but it always comes with `escalation.replied`; reading every console's inbox on every note the
 * team saves would multiply the hub's work for nothing.
 */
export const INBOX_EVENTS = /^escalation\./;
