// Quitting while a call is on or writes have not reached the hub asks first: the Electron shell
// shows a dialog, the web shell's page sets `beforeunload`. Pure, shared by both.

export interface QuitState {
  /** Calls that are not over (ringing, dialling, talking or on hold). */
  readonly activeCalls: number;
  /** Writes in the outbox the hub has not taken yet (they survive in the cache). */
  readonly outboxPending: number;
}

export type QuitQuestion = { readonly ask: false } | { readonly ask: true; readonly callActive: boolean; readonly outboxPending: number };

export function quitQuestion(state: QuitState): QuitQuestion {
  const callActive = state.activeCalls > 0;
  const outboxPending = Math.max(0, state.outboxPending);
  if (!callActive && outboxPending === 0) return { ask: false };
  return { ask: true, callActive, outboxPending };
}
