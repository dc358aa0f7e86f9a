// A live session survives navigation: after `live` the snippet keeps what it needs to reconnect
// in this tab's sessionStorage, and the next page of the shop resumes at once (no new prompt).
// Ended, declined or refused by the hub → the entry is removed.

export const RESUME_KEY = 'loket-cobrowse';

export interface ResumeState {
  readonly hub: string;
  readonly sessionId: string;
  readonly customerKey: string;
  readonly agentName: string;
  readonly control: 'off' | 'on';
}

export function readResume(hub: string): ResumeState | null {
  try {
    const raw = sessionStorage.getItem(RESUME_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<ResumeState>;
    const valid =
      value.hub === hub && typeof value.sessionId === 'string' && typeof value.customerKey === 'string' &&
      typeof value.agentName === 'string' && (value.control === 'on' || value.control === 'off');
    return valid ? (value as ResumeState) : null;
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame) or damaged: no resume
  }
}

export function writeResume(state: ResumeState): void {
  try {
    sessionStorage.setItem(RESUME_KEY, JSON.stringify(state));
  } catch {
    // Without storage the session still runs; it ends when the customer leaves the page.
  }
}

export function clearResume(): void {
  try {
    sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // nothing kept
  }
}
