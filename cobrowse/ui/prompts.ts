// The customer's decisions: the consent prompt, the control prompt and the "enter code" widget.
// Each is a small non-modal dialog in the snippet's layer that takes focus when it opens (so a
// screen reader reads it), answers Escape as "no", and gives focus back when it closes.
import type { Translate } from '../i18n.ts';
import { el, uniqueId, type UiRoot } from './root.ts';

export interface Closable {
  close(): void;
}

interface DialogParts {
  readonly testId: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly yes: { label: string; testId: string };
  readonly no: { label: string; testId: string };
  readonly onAnswer: (yes: boolean) => void;
}

function dialog(ui: UiRoot, parts: DialogParts): Closable {
  const titleId = uniqueId('title');
  const bodyId = uniqueId('body');
  const previousFocus = document.activeElement;
  const yes = el('button', { type: 'button', class: 'primary', 'data-testid': parts.yes.testId }, parts.yes.label);
  const no = el('button', { type: 'button', 'data-testid': parts.no.testId }, parts.no.label);
  const card = el(
    'div',
    { class: 'card', role: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId, tabindex: '-1', 'data-testid': parts.testId },
    el('h2', { id: titleId }, parts.title),
    el('div', { id: bodyId }, ...parts.paragraphs.map((text) => el('p', {}, text))),
    el('div', { class: 'actions' }, no, yes),
  );
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    card.remove();
    if (previousFocus instanceof HTMLElement && previousFocus.isConnected) previousFocus.focus({ preventScroll: true });
  };
  const answer = (value: boolean) => {
    close();
    parts.onAnswer(value);
  };
  yes.addEventListener('click', () => answer(true));
  no.addEventListener('click', () => answer(false));
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      answer(false);
    }
  });
  ui.layer.append(card);
  card.focus({ preventScroll: true });
  return { close };
}

export function showConsent(ui: UiRoot, t: Translate, who: { agent: string; shop: string }, onAnswer: (yes: boolean) => void): Closable {
  return dialog(ui, {
    testId: 'cobrowse-consent',
    title: t('cobrowse-snippet:consent.title', who),
    paragraphs: [t('cobrowse-snippet:consent.body', who), t('cobrowse-snippet:consent.hidden'), t('cobrowse-snippet:consent.stop')],
    yes: { label: t('cobrowse-snippet:consent.allow'), testId: 'cobrowse-consent-allow' },
    no: { label: t('cobrowse-snippet:consent.decline'), testId: 'cobrowse-consent-decline' },
    onAnswer,
  });
}

export function showControlPrompt(ui: UiRoot, t: Translate, agent: string, onAnswer: (yes: boolean) => void): Closable {
  return dialog(ui, {
    testId: 'cobrowse-control-prompt',
    title: t('cobrowse-snippet:control.title', { agent }),
    paragraphs: [t('cobrowse-snippet:control.body', { agent })],
    yes: { label: t('cobrowse-snippet:control.allow'), testId: 'cobrowse-control-allow' },
    no: { label: t('cobrowse-snippet:control.refuse'), testId: 'cobrowse-control-refuse' },
    onAnswer,
  });
}

export type CodeAnswer = 'ok' | 'unknown' | 'failed';

/** The "enter code" widget: six digits (spaces allowed), checked by `submit`; stays open on an error. */
export function showCodeWidget(ui: UiRoot, t: Translate, submit: (code: string) => Promise<CodeAnswer>, onCancel: () => void): Closable {
  const titleId = uniqueId('title');
  const inputId = uniqueId('code');
  const errorId = uniqueId('error');
  const input = el('input', {
    id: inputId, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: '9', 'aria-describedby': errorId, 'data-testid': 'cobrowse-code-input',
  });
  const error = el('p', { id: errorId, class: 'error', role: 'alert', 'data-testid': 'cobrowse-code-error' });
  error.hidden = true;
  const cancel = el('button', { type: 'button' }, t('cobrowse-snippet:code.cancel'));
  const go = el('button', { type: 'submit', class: 'primary' }, t('cobrowse-snippet:code.submit'));
  const form = el(
    'form',
    { novalidate: '' },
    el('p', {}, t('cobrowse-snippet:code.hint')),
    el('label', { for: inputId }, t('cobrowse-snippet:code.label')),
    input,
    error,
    el('div', { class: 'actions' }, cancel, go),
  );
  const card = el('div', { class: 'card', role: 'dialog', 'aria-labelledby': titleId, 'data-testid': 'cobrowse-code' }, el('h2', { id: titleId }, t('cobrowse-snippet:code.title')), form);
  let busy = false;
  const close = () => card.remove();
  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const code = input.value.replace(/\D/g, '');
    if (code.length !== 6) return fail(t('cobrowse-snippet:code.unknown'));
    busy = true;
    void submit(code).then((answer) => {
      busy = false;
      if (answer === 'ok') close();
      else fail(t(answer === 'unknown' ? 'cobrowse-snippet:code.unknown' : 'cobrowse-snippet:code.failed'));
    });
  });
  cancel.addEventListener('click', () => {
    close();
    onCancel();
  });
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      close();
      onCancel();
    }
  });
  ui.layer.append(card);
  input.focus();
  return { close };
}
