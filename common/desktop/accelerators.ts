// Global shortcut key combinations in Electron's accelerator notation ("CommandOrControl+Alt+A").
// A global shortcut works while any other application has the focus, so a combination must not
// swallow ordinary typing: it needs a modifier other than Shift (F13–F24 alone are fine: no
// keyboard types with them). Shared by the settings schema, the page's key recorder and main.

const MODIFIERS = new Map<string, string>([
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter', 'Up', 'Down', 'Left', 'Right',
  'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
  'MediaPlayPause', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'VolumeUp', 'VolumeDown', 'VolumeMute',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const KEYS = new Map<string, string>([
  ...NAMED_KEYS.map((key) => [key.toLowerCase(), key] as const),
  ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].map((key) => [key.toLowerCase(), key] as const),
  ...Array.from({ length: 24 }, (_, index) => [`f${index + 1}`, `F${index + 1}`] as const),
  ...[...')!@#$%^&*(:;<=>,_-.?/~`{]|[}"\''].map((key) => [key, key] as const),
]);
const MAX_LENGTH = 100;

export interface ParsedAccelerator {
  readonly modifiers: readonly string[];
  readonly key: string;
}

/** The combination in canonical spelling, or null when Electron would not take it or it would steal typing. */
export function parseAccelerator(text: string): ParsedAccelerator | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LENGTH) return null;
  const parts = text.split('+');
  // "Ctrl++" is written "Ctrl+Plus" in Electron; an empty part is a typo.
  if (parts.some((part) => part.trim() === '')) return null;
  const keyText = parts.pop()?.trim().toLowerCase() ?? '';
  const key = KEYS.get(keyText);
  if (!key) return null;
  const modifiers: string[] = [];
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.trim().toLowerCase());
    if (!modifier || modifiers.includes(modifier)) return null;
    modifiers.push(modifier);
  }
  const typingSafe = modifiers.some((modifier) => modifier !== 'Shift') || /^F(1[3-9]|2[0-4])$/.test(key);
  return typingSafe ? { modifiers, key } : null;
}

export function isAccelerator(text: string): boolean {
  return parseAccelerator(text) !== null;
}

/** The same combination however it was spelt (`Ctrl+alt+a` = `Alt+Control+A`), to find clashes. */
export function normaliseAccelerator(text: string): string | null {
  const parsed = parseAccelerator(text);
  if (!parsed) return null;
  return [...[...parsed.modifiers].sort(), parsed.key].join('+');
}

export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

const CODE_KEYS: Readonly<Record<string, string>> = {
  Space: 'Space', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', Insert: 'Insert', Enter: 'Return',
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Home: 'Home', End: 'End',
  PageUp: 'PageUp', PageDown: 'PageDown', Minus: '-', Equal: '=', Comma: ',', Period: '.', Slash: '/',
  Semicolon: ';', Quote: "'", BracketLeft: '[', BracketRight: ']', Backquote: '`',
};

/**
 * The accelerator for a key press in the page's recorder, or null while only modifiers are down
 * (or for a key Electron has no name for). Reads `code`, not `key`: Alt+A types "å" on a Mac.
 */
export function acceleratorFromKeyPress(press: KeyPress, mac: boolean): string | null {
  const key = keyOfCode(press.code);
  if (!key) return null;
  const modifiers: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) modifiers.push('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.push('Control');
  if (!mac && press.metaKey) modifiers.push('Super');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  return [...modifiers, key].join('+');
}

function keyOfCode(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return code.startsWith('Numpad') ? `num${digit[1]}` : (digit[1] ?? null);
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return CODE_KEYS[code] ?? null;
}
