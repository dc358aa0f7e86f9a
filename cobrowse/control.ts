// The agent's hands, only while the customer granted control: a click at a point, a scroll of
// the window, a key into the focused field. Never on a private element or the snippet's own UI.
import { isPrivate } from './privacy.ts';

export type Act = { a: 'click'; x: number; y: number } | { a: 'scroll'; x: number; y: number } | { a: 'key'; key: string };

const TYPABLE_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'number', '']);

/** Performs the act; false when it was refused (private target, our UI, nothing focused). */
export function performAct(act: Act, isOwnUi: (element: Element | null) => boolean): boolean {
  if (act.a === 'scroll') {
    window.scrollTo(act.x, act.y);
    return true;
  }
  if (act.a === 'click') return clickAt(act.x, act.y, isOwnUi);
  return typeKey(act.key, isOwnUi);
}

function clickAt(x: number, y: number, isOwnUi: (element: Element | null) => boolean): boolean {
  const target = document.elementFromPoint(x, y);
  if (!target || isOwnUi(target) || isPrivate(target)) return false;
  const init: MouseEventInit = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, view: window, button: 0 };
  target.dispatchEvent(new PointerEvent('pointerdown', { ...init, pointerType: 'mouse', isPrimary: true }));
  target.dispatchEvent(new MouseEvent('mousedown', init));
  const focusable = target.closest('input, textarea, select, button, a[href], [tabindex]');
  if (focusable instanceof HTMLElement && !isPrivate(focusable)) focusable.focus();
  target.dispatchEvent(new PointerEvent('pointerup', { ...init, pointerType: 'mouse', isPrimary: true }));
  target.dispatchEvent(new MouseEvent('mouseup', init));
  target.dispatchEvent(new MouseEvent('click', init));
  return true;
}

function focusedField(isOwnUi: (element: Element | null) => boolean): HTMLInputElement | HTMLTextAreaElement | null {
  const active = document.activeElement;
  if (!active || isOwnUi(active) || isPrivate(active)) return null;
  if (active instanceof HTMLTextAreaElement) return active.readOnly || active.disabled ? null : active;
  if (active instanceof HTMLInputElement && TYPABLE_INPUT_TYPES.has(active.type)) return active.readOnly || active.disabled ? null : active;
  return null;
}

function typeKey(key: string, isOwnUi: (element: Element | null) => boolean): boolean {
  const field = focusedField(isOwnUi);
  if (key === 'Tab') return moveFocus(field ?? document.activeElement, isOwnUi);
  if (!field) return false;
  if (key === 'Enter' && field instanceof HTMLInputElement) {
    field.form?.requestSubmit();
    return true;
  }
  const value = field.value;
  // number/email inputs have no selection API: they type at the end.
  const start = safeSelection(field, 'selectionStart') ?? value.length;
  const end = safeSelection(field, 'selectionEnd') ?? value.length;
  let next: string;
  let caret: number;
  if (key === 'Backspace') {
    const from = start === end ? Math.max(0, start - 1) : start;
    next = value.slice(0, from) + value.slice(end);
    caret = from;
  } else {
    const text = key === 'Enter' ? '\n' : key;
    next = value.slice(0, start) + text + value.slice(end);
    caret = start + text.length;
  }
  // The native setter, so frameworks that track the value (React) see the change as typing.
  const prototype = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, next);
  try {
    field.setSelectionRange(caret, caret);
  } catch {
    // Types without a selection (email, number): the caret stays at the end.
  }
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: key === 'Backspace' ? 'deleteContentBackward' : 'insertText', data: key === 'Backspace' ? null : key }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

function safeSelection(field: HTMLInputElement | HTMLTextAreaElement, which: 'selectionStart' | 'selectionEnd'): number | null {
  try {
    return field[which];
  } catch {
    return null;
  }
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function moveFocus(from: Element | null, isOwnUi: (element: Element | null) => boolean): boolean {
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !isOwnUi(element) && !isPrivate(element));
  if (all.length === 0) return false;
  const index = from instanceof HTMLElement ? all.indexOf(from) : -1;
  all[(index + 1) % all.length]?.focus();
  return true;
}
