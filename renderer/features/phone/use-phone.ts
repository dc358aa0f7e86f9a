import { useCallback, useEffect, useMemo } from 'react';
import { drop } from '../../../common/assert.ts';
import type { CallView } from '../../../common/contract/telephony.ts';
import { useClient } from '../../app/client-context.ts';
import { findShortcut, type PhoneCommand } from '../../app/shortcuts.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { whenConnected } from '../../bridge/when-connected.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { requestNotificationPermission } from './notifications.ts';

/** In the web shell, asks (once, from a click) whether ringing calls may show OS notifications. */
export function askForCallNotifications(): void {
  if (useSettingsStore.getState().info?.shell !== 'web') return; // Electron notifies from main
  drop(requestNotificationPermission(), () => undefined);
}
import { arrangeCalls, ringingCalls } from './phone-model.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';

/**
 * Follows main's phone: asks once at start (and whenever the link to main comes back, since
 * events sent meanwhile are lost), then listens to `phone.changed`.
 */
export function usePhoneLink(): void {
  const client = useClient();
  useEffect(() => {
    const off = client.on('phone.changed', (status) => usePhoneStore.getState().receive(status));
    // No toast when this fails (an older console service without a phone): nothing is shown.
    const load = () => drop(usePhoneStore.getState().load(client), () => undefined);
    const offStatus = whenConnected(client, load);
    return () => {
      off();
      offStatus();
    };
  }, [client]);
}

type Run = (action: (client: LoketClient) => Promise<unknown>) => void;

/** Runs a phone request; a failure becomes a translated error toast. */
export function usePhoneRun(): Run {
  const client = useClient();
  const { t } = useT();
  return useCallback<Run>(
    (action) => drop(action(client), (error) => useToastStore.getState().show('error', errorMessage(t, error))),
    [client, t],
  );
}

/** The agent's call controls, bound to the client, with errors as toasts. */
export function usePhoneCommands() {
  const run = usePhoneRun();
  return useMemo(() => {
    const store = () => usePhoneStore.getState();
    return {
      answer: (callId: string) => run((client) => store().answer(client, callId)),
      decline: (callId: string) => run((client) => store().decline(client, callId)),
      hangUp: (callId: string) => run((client) => store().hangUp(client, callId)),
      hold: (callId: string, on: boolean) => run((client) => store().hold(client, callId, on)),
      mute: (callId: string, on: boolean) => run((client) => store().mute(client, callId, on)),
      completeTransfer: (consultId: string) => run((client) => store().completeTransfer(client, consultId)),
      cancelTransfer: (consultId: string) => run((client) => store().cancelTransfer(client, consultId)),
      setPresence: (state: 'available' | 'break') => run((client) => store().setPresence(client, state)),
      register: () => {
        // Turning the phone on is the moment to ask whether incoming calls may notify.
        askForCallNotifications();
        run((client) => store().register(client));
      },
      unregister: () => run((client) => store().unregister(client)),
    };
  }, [run]);
}

/** The call the shortcuts and the panel act on. */
function primaryLiveCall(calls: readonly CallView[]): CallView | null {
  const { primary } = arrangeCalls(calls);
  return primary && primary.state !== 'ended' ? primary : null;
}

/** Carries out the phone shortcuts declared in app/shortcuts.ts (the frame's handler skips them). */
export function usePhoneShortcuts(): void {
  const commands = usePhoneCommands();
  useEffect(() => {
    const perform = (command: PhoneCommand) => {
      const state = usePhoneStore.getState();
      const calls = state.status?.calls ?? [];
      const ringing = ringingCalls(calls)[0] ?? null;
      const call = primaryLiveCall(calls);
      const active = call?.state === 'active' ? call : null;
      switch (command) {
        case 'answer':
          if (ringing) commands.answer(ringing.id);
          break;
        case 'decline':
          if (ringing) commands.decline(ringing.id);
          break;
        case 'hangUp':
          if (call) commands.hangUp(call.id);
          break;
        case 'hold':
          if (active) commands.hold(active.id, !active.held);
          break;
        case 'mute':
          if (active) commands.mute(active.id, !active.muted);
          break;
        case 'dialPad':
          // During a call the keys are tones for the far end (IVR menus); otherwise a new call.
          if (active) state.setKeypad(state.keypadFor === active.id ? null : active.id);
          else state.setPopover(state.popover === 'dialPad' ? null : 'dialPad');
          break;
        case 'transfer':
          if (active && active.consultFor === null) state.setTransfer(state.transferFor === active.id ? null : active.id);
          break;
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = findShortcut(event);
      if (shortcut?.action.type !== 'phone') return;
      event.preventDefault();
      perform(shortcut.action.command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands]);
}
