// What the customer sees while sharing: the banner (one click stops sharing or takes back
// control), the agent's pointer with their first name, click ripples, the "ended" notice and the
// optional launcher. All of it ignores the pointer except the buttons, so the page stays usable.
import type { Translate } from '../i18n.ts';
import { el, type UiRoot } from './root.ts';

export interface Banner {
  update(control: 'off' | 'requested' | 'on'): void;
  remove(): void;
}

export function showBanner(ui: UiRoot, t: Translate, agent: string, actions: { stop(): void; takeBack(): void }): Banner {
  const text = el('span', { role: 'status' });
  const stop = el('button', { type: 'button', 'data-testid': 'cobrowse-stop' }, t('cobrowse-snippet:banner.stop'));
  const takeBack = el('button', { type: 'button', 'data-testid': 'cobrowse-take-back' }, t('cobrowse-snippet:banner.takeBack'));
  const banner = el('div', { class: 'banner', role: 'region', 'aria-label': t('cobrowse-snippet:banner.viewing', { agent }), 'data-testid': 'cobrowse-banner' }, el('span', { class: 'dot', 'aria-hidden': 'true' }), text, takeBack, stop);
  stop.addEventListener('click', () => actions.stop());
  takeBack.addEventListener('click', () => actions.takeBack());
  ui.layer.append(banner);
  const update = (control: 'off' | 'requested' | 'on') => {
    const on = control === 'on';
    text.textContent = t(on ? 'cobrowse-snippet:banner.control' : 'cobrowse-snippet:banner.viewing', { agent });
    banner.classList.toggle('control', on);
    takeBack.hidden = !on;
  };
  update('off');
  return { update, remove: () => banner.remove() };
}

export interface Pointer {
  moveTo(x: number, y: number): void;
  ripple(x: number, y: number): void;
  remove(): void;
}

export function createPointer(ui: UiRoot, agent: string): Pointer {
  const pointer = el('div', { class: 'pointer', 'aria-hidden': 'true', 'data-testid': 'cobrowse-pointer' }, el('span', { class: 'spot' }), el('span', { class: 'name' }, agent));
  pointer.hidden = true;
  ui.layer.append(pointer);
  const ripples = new Set<HTMLElement>();
  return {
    moveTo(x, y) {
      pointer.hidden = false;
      // CSSOM, not a style attribute: a strict CSP allows it.
      pointer.style.transform = `translate(${x}px, ${y}px)`;
    },
    ripple(x, y) {
      const ring = el('div', { class: 'ripple', 'aria-hidden': 'true' });
      ring.style.left = `${x}px`;
      ring.style.top = `${y}px`;
      ring.addEventListener('animationend', () => {
        ring.remove();
        ripples.delete(ring);
      });
      ripples.add(ring);
      ui.layer.append(ring);
    },
    remove() {
      pointer.remove();
      for (const ring of ripples) ring.remove();
    },
  };
}

export function showEndedNotice(ui: UiRoot, t: Translate): void {
  const notice = el('div', { class: 'toast', role: 'status' }, t('cobrowse-snippet:banner.ended'));
  ui.layer.append(notice);
  setTimeout(() => notice.remove(), 4000);
}

export function showLauncher(ui: UiRoot, t: Translate, open: () => void): void {
  const button = el('button', { type: 'button', class: 'launcher', 'data-testid': 'cobrowse-launcher' }, t('cobrowse-snippet:launcher'));
  button.addEventListener('click', open);
  ui.layer.append(button);
}
