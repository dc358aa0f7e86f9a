import type { MenuItemConstructorOptions } from 'electron';
import type { PhoneStatus, PresenceState } from '../../../common/contract/telephony.ts';
import type { MenuT } from '../../i18n.ts';

// The tray (Windows, Linux) or menu-bar (macOS) icon's menu: what the agent's status is, a call
// in progress, the hub; set the status; open the window; quit (through the quit guard). Pure,
// like menu-template.ts: main.ts only builds it with Electron's Menu.

export type HubConnection = 'online' | 'offline' | 'connecting' | 'off';

export interface TrayState {
  readonly presence: PresenceState;
  /** The other party of the call in progress, or null. */
  readonly caller: string | null;
  readonly hub: HubConnection;
}

export interface TrayActions {
  setPresence(state: 'available' | 'break'): void;
  open(): void;
  quit(): void;
}

export function trayStateOf(phone: PhoneStatus, hub: HubConnection): TrayState {
  const call = phone.calls.find((candidate) => candidate.state === 'active' || candidate.state === 'dialing');
  return {
    presence: phone.presence.state,
    caller: call ? (call.remoteName ?? call.remoteNumber) : null,
    hub,
  };
}

const PRESENCE_TEXT = {
  available: 'desktop:presence.available',
  onCall: 'desktop:presence.onCall',
  wrapUp: 'desktop:presence.wrapUp',
  break: 'desktop:presence.break',
  offline: 'desktop:presence.offline',
} as const satisfies Record<PresenceState, string>;

const HUB_TEXT = { online: 'desktop:tray.hubOnline', offline: 'desktop:tray.hubOffline', connecting: 'desktop:tray.hubConnecting', off: null } as const;

/** The tooltip: one line with the status the icon stands for. */
export function trayTooltip(t: MenuT, state: TrayState): string {
  return t('desktop:tray.tooltip', { status: t(PRESENCE_TEXT[state.presence]) });
}

export function buildTrayTemplate(t: MenuT, state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const hubText = HUB_TEXT[state.hub];
  const choosable = state.presence === 'available' || state.presence === 'break';
  return [
    { label: t('desktop:tray.status', { presence: t(PRESENCE_TEXT[state.presence]) }), enabled: false },
    { label: state.caller ? t('desktop:tray.onCall', { caller: state.caller }) : t('desktop:tray.noCall'), enabled: false },
    ...(hubText ? [{ label: t(hubText), enabled: false }] : []),
    { type: 'separator' },
    {
      label: t('desktop:tray.presenceMenu'),
      // On a call or in wrap-up the phone decides the status; the agent picks only between these two.
      enabled: choosable,
      submenu: (['available', 'break'] as const).map((presence) => ({
        label: t(PRESENCE_TEXT[presence]),
        type: 'radio' as const,
        checked: state.presence === presence,
        click: () => actions.setPresence(presence),
      })),
    },
    { type: 'separator' },
    { label: t('desktop:tray.open'), click: () => actions.open() },
    { label: t('desktop:tray.quit'), click: () => actions.quit() },
  ];
}
