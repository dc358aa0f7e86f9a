import type { DesktopStatus, GlobalShortcutAction, GlobalShortcuts } from '../../common/contract/desktop.ts';
import { GLOBAL_SHORTCUT_ACTIONS } from '../../common/contract/desktop.ts';
import type { PhoneStatus } from '../../common/contract/telephony.ts';
import { normaliseAccelerator } from '../../common/desktop/accelerators.ts';

// Global shortcuts: which keys to hold for which action, and what each action does to the phone.
// Pure, so the rules are tested without Electron; desktop-integration.ts hands it Electron's
// `globalShortcut` as the registrar.

export interface ShortcutRegistrar {
  /** false when another application holds the combination. */
  register(accelerator: string, run: () => void): boolean;
  unregisterAll(): void;
}

export interface ShortcutPhone {
  status(): PhoneStatus;
  answer(callId: string): Promise<unknown>;
  hangup(callId: string): Promise<unknown>;
  mute(callId: string, on: boolean): Promise<unknown>;
}

export const ALL_UNSUPPORTED: DesktopStatus = { shortcuts: { answer: 'unsupported', hangUp: 'unsupported', mute: 'unsupported' } };

/**
 * Registers the shortcuts the settings ask for, after dropping the previous ones, and says how
 * each went. A combination two actions share is registered for the first only (the settings
 * screen refuses such a pair; a hand-edited file may still have one).
 */
export function applyGlobalShortcuts(settings: GlobalShortcuts, registrar: ShortcutRegistrar, run: (action: GlobalShortcutAction) => void): DesktopStatus {
  registrar.unregisterAll();
  const status: DesktopStatus = { shortcuts: { answer: 'off', hangUp: 'off', mute: 'off' } };
  if (!settings.enabled) return status;
  const used = new Set<string>();
  for (const action of GLOBAL_SHORTCUT_ACTIONS) {
    const key = normaliseAccelerator(settings[action]);
    if (!key || used.has(key)) {
      status.shortcuts[action] = 'taken';
      continue;
    }
    used.add(key);
    let registered = false;
    try {
      registered = registrar.register(settings[action], () => run(action));
    } catch {
      registered = false;
    }
    status.shortcuts[action] = registered ? 'registered' : 'taken';
  }
  return status;
}

/** What a shortcut does right now: answer the ringing call, hang up or (un)mute the active one. */
export async function runShortcut(action: GlobalShortcutAction, phone: ShortcutPhone): Promise<boolean> {
  const calls = phone.status().calls;
  if (action === 'answer') {
    const ringing = calls.find((call) => call.direction === 'inbound' && call.state === 'ringing');
    if (!ringing) return false;
    await phone.answer(ringing.id);
    return true;
  }
  // The call the agent is talking on: not one on hold behind it.
  const current = calls.find((call) => call.state === 'active' && !call.held) ?? calls.find((call) => call.state === 'active' || call.state === 'dialing');
  if (!current) return false;
  if (action === 'hangUp') await phone.hangup(current.id);
  else await phone.mute(current.id, !current.muted);
  return true;
}
