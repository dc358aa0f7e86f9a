import type { UiState } from '../../common/contract/contract.ts';

/**
 * What the page had open (customer and screen), kept by main in memory only so a page that
 * reloads — the renderer crashed and was reloaded (desktop app), or the agent pressed F5 (web
 * shell) — opens the same customer again. Never on disk: a restart of the app starts at Home, and
 * nothing about a customer outlives the process. Forgotten when the agent signs out.
 */
export class UiMemory {
  #state: UiState | null = null;

  remember(state: UiState): Record<string, never> {
    this.#state = state;
    return {};
  }

  restore(): { state: UiState | null } {
    return { state: this.#state };
  }

  forget(): void {
    this.#state = null;
  }
}
