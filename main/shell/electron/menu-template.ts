import type { MenuItemConstructorOptions } from 'electron';
import type { UiCommand, ViewId } from '../../../common/contract/contract.ts';
import type { MenuT } from '../../i18n.ts';

export interface MenuOptions {
  readonly t: MenuT;
  readonly platform: NodeJS.Platform;
  readonly development: boolean;
  /** Sends a command to the renderer (navigate, show shortcut help). */
  readonly command: (command: UiCommand) => void;
}

/**
 * The native menu, every label translated. Roles keep the OS behaviour and accelerators; the
 * labels are ours because Electron localises role labels on macOS only. Navigation accelerators
 * match the renderer's shortcuts (Alt+1…5 there, Cmd/Ctrl+1…5 here) so both paths work.
 */
export function buildMenuTemplate({ t, platform, development, command }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const go = (view: ViewId, key: string, label: string): MenuItemConstructorOptions => ({
    label,
    accelerator: `CmdOrCtrl+${key}`,
    click: () => command({ command: 'navigate', view }),
  });

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Loket',
          submenu: [
            { role: 'about', label: t('menu:app.about') },
            { type: 'separator' },
            { label: t('menu:app.settings'), accelerator: 'Cmd+,', click: () => command({ command: 'navigate', view: 'settings' }) },
            { type: 'separator' },
            { role: 'hide', label: t('menu:app.hide') },
            { role: 'hideOthers', label: t('menu:app.hideOthers') },
            { role: 'unhide', label: t('menu:app.showAll') },
            { type: 'separator' },
            { role: 'quit', label: t('menu:app.quit') },
          ],
        },
      ]
    : [];

  return [
    ...appMenu,
    {
      label: t('menu:file.title'),
      submenu: mac
        ? [{ role: 'close', label: t('menu:file.close') }]
        : [
            { label: t('menu:app.settings'), accelerator: 'Ctrl+,', click: () => command({ command: 'navigate', view: 'settings' }) },
            { type: 'separator' },
            { role: 'quit', label: t('menu:app.quit') },
          ],
    },
    {
      label: t('menu:edit.title'),
      submenu: [
        { role: 'undo', label: t('menu:edit.undo') },
        { role: 'redo', label: t('menu:edit.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('menu:edit.cut') },
        { role: 'copy', label: t('menu:edit.copy') },
        { role: 'paste', label: t('menu:edit.paste') },
        { role: 'selectAll', label: t('menu:edit.selectAll') },
      ],
    },
    {
      label: t('menu:go.title'),
      submenu: [
        go('customer', '1', t('menu:go.customer')),
        go('search', '2', t('menu:go.search')),
        go('escalations', '3', t('menu:go.escalations')),
        go('team', '4', t('menu:go.team')),
        go('settings', '5', t('menu:go.settings')),
        go('callbacks', '6', t('menu:go.callbacks')),
        go('carts', '7', t('menu:go.carts')),
      ],
    },
    {
      label: t('menu:view.title'),
      submenu: [
        { role: 'resetZoom', label: t('menu:view.actualSize') },
        { role: 'zoomIn', label: t('menu:view.zoomIn') },
        { role: 'zoomOut', label: t('menu:view.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu:view.fullScreen') },
        ...developerItems(t, development),
      ],
    },
    {
      label: t('menu:help.title'),
      role: 'help',
      submenu: [{ label: t('menu:help.shortcuts'), accelerator: 'F1', click: () => command({ command: 'showShortcuts' }) }],
    },
  ];
}

function developerItems(t: MenuT, development: boolean): MenuItemConstructorOptions[] {
  if (!development) return [];
  return [
    { type: 'separator' },
    { role: 'reload', label: t('menu:view.reload') },
    { role: 'toggleDevTools', label: t('menu:view.devTools') },
  ];
}
