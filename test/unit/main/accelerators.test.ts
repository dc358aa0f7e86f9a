import { describe, expect, it } from 'vitest';
import { acceleratorFromKeyPress, isAccelerator, normaliseAccelerator } from '../../../common/desktop/accelerators.ts';
import { Settings, SettingsPatch } from '../../../common/contract/contract.ts';

const press = (code: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: '',
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('global shortcut key combinations', () => {
  it.each(['CommandOrControl+Alt+A', 'CmdOrCtrl+Shift+F5', 'Ctrl+Alt+Plus', 'Super+num5', 'F13', 'Alt+Up', 'Control+Option+,'])('takes %s', (text) => {
    expect(isAccelerator(text)).toBe(true);
  });

  it.each([
    ['A', 'a bare letter would swallow typing everywhere'],
    ['Shift+A', 'Shift alone still types'],
    ['F5', 'a bare F-key other than F13–F24'],
    ['Ctrl+Ctrl+A', 'a modifier twice'],
    ['Ctrl++', 'an empty part'],
    ['Ctrl+Alt', 'no key'],
    ['Hyper+A', 'an unknown modifier'],
    ['Ctrl+Alt+Ä', 'a key Electron has no name for'],
    ['', 'empty'],
    [`Ctrl+${'A'.repeat(200)}`, 'too long'],
  ])('refuses %s (%s)', (text) => {
    expect(isAccelerator(text)).toBe(false);
  });

  it('spells one combination one way whatever the order and case', () => {
    expect(normaliseAccelerator('ctrl+alt+a')).toBe(normaliseAccelerator('Alt+Control+A'));
    expect(normaliseAccelerator('CmdOrCtrl+M')).toBe('CommandOrControl+M');
  });

  it('records a key press by its physical key, per platform', () => {
    expect(acceleratorFromKeyPress(press('KeyA', { metaKey: true, altKey: true }), true)).toBe('CommandOrControl+Alt+A');
    expect(acceleratorFromKeyPress(press('KeyA', { ctrlKey: true, altKey: true }), false)).toBe('CommandOrControl+Alt+A');
    expect(acceleratorFromKeyPress(press('KeyH', { ctrlKey: true, metaKey: true }), false)).toBe('CommandOrControl+Super+H');
    expect(acceleratorFromKeyPress(press('ArrowUp', { shiftKey: true, ctrlKey: true }), false)).toBe('CommandOrControl+Shift+Up');
    expect(acceleratorFromKeyPress(press('ControlLeft', { ctrlKey: true }), false)).toBeNull();
  });

  it('keeps shortcuts off by default with valid defaults, and refuses a broken one in a settings patch', () => {
    const settings = Settings.parse({});
    expect(settings.globalShortcuts.enabled).toBe(false);
    for (const key of ['answer', 'hangUp', 'mute'] as const) expect(isAccelerator(settings.globalShortcuts[key])).toBe(true);
    expect(SettingsPatch.safeParse({ globalShortcuts: { ...settings.globalShortcuts, answer: 'A' } }).success).toBe(false);
    expect(SettingsPatch.safeParse({ globalShortcuts: { ...settings.globalShortcuts, enabled: true } }).success).toBe(true);
  });
});
