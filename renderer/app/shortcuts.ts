import type { ViewId } from '../../common/contract/contract.ts';

export interface KeyCombo {
  readonly alt?: boolean;
  readonly shift?: boolean;
  /** `KeyboardEvent.code` for combos with Alt (Option+1 types "¡" on a Mac, the code is stable). */
  readonly code?: string;
  /** `KeyboardEvent.key` for printable keys such as "?", wherever the layout puts them. */
  readonly key?: string;
}

export type ShortcutAction =
  | { readonly type: 'navigate'; readonly view: ViewId }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'closeDialog' }
  | { readonly type: 'toggleTheme' }
  | { readonly type: 'phone'; readonly command: PhoneCommand }
  | { readonly type: 'cobrowse'; readonly command: CobrowseCommand };

/** What the phone shortcuts do; features/phone/use-phone.ts carries them out. */
export type PhoneCommand = 'answer' | 'decline' | 'hangUp' | 'hold' | 'mute' | 'dialPad' | 'transfer';

/** What the co-browse shortcuts do on the customer screen; features/cobrowse carries them out. */
export type CobrowseCommand = 'start' | 'control' | 'end';

export interface Shortcut {
  readonly id: string;
  readonly group: 'navigation' | 'general' | 'phone' | 'cobrowse';
  /** Alternatives: any of them triggers the action. */
  readonly combos: readonly (KeyCombo & { readonly label: string })[];
  readonly description:
    | 'shortcuts:items.goHome'
    | 'shortcuts:items.goCustomer'
    | 'shortcuts:items.goSearch'
    | 'shortcuts:items.goEscalations'
    | 'shortcuts:items.goTeam'
    | 'shortcuts:items.goSettings'
    | 'shortcuts:items.goCallbacks'
    | 'shortcuts:items.goCarts'
    | 'shortcuts:items.help'
    | 'shortcuts:items.close'
    | 'shortcuts:items.toggleTheme'
    | 'shortcuts:items.phoneAnswer'
    | 'shortcuts:items.phoneDecline'
    | 'shortcuts:items.phoneHangUp'
    | 'shortcuts:items.phoneHold'
    | 'shortcuts:items.phoneMute'
    | 'shortcuts:items.phoneDialPad'
    | 'shortcuts:items.phoneTransfer'
    | 'shortcuts:items.cobrowseStart'
    | 'shortcuts:items.cobrowseControl'
    | 'shortcuts:items.cobrowseEnd';
  readonly action: ShortcutAction;
}

const go = (view: ViewId, digit: string, description: Shortcut['description']): Shortcut => ({
  id: `go-${view}`,
  group: 'navigation',
  combos: [{ alt: true, code: `Digit${digit}`, label: digit }],
  description,
  action: { type: 'navigate', view },
});

function phone(command: PhoneCommand, letter: string, description: Shortcut['description']): Shortcut {
  return {
    id: `phone-${command}`,
    group: 'phone',
    combos: [{ alt: true, shift: true, code: `Key${letter}`, label: letter }],
    description,
    action: { type: 'phone', command },
  };
}

function cobrowse(command: CobrowseCommand, letter: string, description: Shortcut['description']): Shortcut {
  return {
    id: `cobrowse-${command}`,
    group: 'cobrowse',
    combos: [{ alt: true, shift: true, code: `Key${letter}`, label: letter }],
    description,
    action: { type: 'cobrowse', command },
  };
}

/** Every shortcut of the frame, declared once: the key handler and the help overlay read this. */
export const SHORTCUTS: readonly Shortcut[] = [
  go('home', '0', 'shortcuts:items.goHome'),
  go('customer', '1', 'shortcuts:items.goCustomer'),
  go('search', '2', 'shortcuts:items.goSearch'),
  go('escalations', '3', 'shortcuts:items.goEscalations'),
  go('team', '4', 'shortcuts:items.goTeam'),
  go('settings', '5', 'shortcuts:items.goSettings'),
  go('callbacks', '6', 'shortcuts:items.goCallbacks'),
  go('carts', '7', 'shortcuts:items.goCarts'),
  {
    id: 'help',
    group: 'general',
    combos: [
      { key: '?', label: '?' },
      { code: 'F1', label: 'F1' },
    ],
    description: 'shortcuts:items.help',
    action: { type: 'toggleHelp' },
  },
  { id: 'close', group: 'general', combos: [{ code: 'Escape', label: '' }], description: 'shortcuts:items.close', action: { type: 'closeDialog' } },
  {
    id: 'theme',
    group: 'general',
    combos: [{ alt: true, shift: true, code: 'KeyD', label: 'D' }],
    description: 'shortcuts:items.toggleTheme',
    action: { type: 'toggleTheme' },
  },
  // The phone: Alt+Shift+letter, so they work while typing a note during the call.
  phone('answer', 'A', 'shortcuts:items.phoneAnswer'),
  phone('decline', 'R', 'shortcuts:items.phoneDecline'),
  phone('hangUp', 'E', 'shortcuts:items.phoneHangUp'),
  phone('hold', 'H', 'shortcuts:items.phoneHold'),
  phone('mute', 'M', 'shortcuts:items.phoneMute'),
  phone('dialPad', 'K', 'shortcuts:items.phoneDialPad'),
  phone('transfer', 'T', 'shortcuts:items.phoneTransfer'),
  // Co-browse: Alt+Shift+letter like the phone (B for browse, C for control, X to end).
  cobrowse('start', 'B', 'shortcuts:items.cobrowseStart'),
  cobrowse('control', 'C', 'shortcuts:items.cobrowseControl'),
  cobrowse('end', 'X', 'shortcuts:items.cobrowseEnd'),
];

/** `Alt+Shift+<letter>` as `aria-keyshortcuts` writes it, for the co-browse buttons. */
export function cobrowseKeys(command: CobrowseCommand): string {
  const combo = SHORTCUTS.find((shortcut) => shortcut.action.type === 'cobrowse' && shortcut.action.command === command)?.combos[0];
  return combo ? `Alt+Shift+${combo.label}` : '';
}

/** `Alt+Shift+<letter>` as `aria-keyshortcuts` writes it, for the buttons that do the same. */
export function phoneKeys(command: PhoneCommand): string {
  const combo = SHORTCUTS.find((shortcut) => shortcut.action.type === 'phone' && shortcut.action.command === command)?.combos[0];
  return combo ? `Alt+Shift+${combo.label}` : '';
}

export function matchesCombo(combo: KeyCombo, event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code' | 'key'>): boolean {
  if (event.ctrlKey || event.metaKey) return false;
  if (Boolean(combo.alt) !== event.altKey) return false;
  if (combo.code !== undefined) return event.code === combo.code && (combo.shift === undefined || combo.shift === event.shiftKey);
  return combo.key !== undefined && event.key === combo.key;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number']);

/** A field that takes typed text: there "?" must stay a question mark in a note. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/**
 * Alt combinations type no text, so they work everywhere; plain keys ("?", F1) only outside
 * text fields; Escape always (it closes the dialog, and otherwise reaches the field).
 */
export function findShortcut(event: KeyboardEvent): Shortcut | undefined {
  const typing = isTypingTarget(event.target);
  return SHORTCUTS.find((shortcut) =>
    shortcut.combos.some(
      (combo) => matchesCombo(combo, event) && (!typing || combo.alt === true || shortcut.action.type === 'closeDialog'),
    ),
  );
}
