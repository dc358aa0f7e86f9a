// The snippet's UI lives in a closed shadow root under one host element marked
// `data-loket-private` (rrweb never records it) and `data-loket-cobrowse` (tests find it).
import { SNIPPET_CSS } from './styles.ts';

export interface UiRoot {
  readonly host: HTMLElement;
  readonly layer: HTMLElement;
  /** True for the host itself (what elementFromPoint answers over our UI). */
  owns(element: Element | null): boolean;
}

let sheet: CSSStyleSheet | undefined;

export function createUiRoot(doc: Document = document): UiRoot {
  const host = doc.createElement('loket-cobrowse');
  host.setAttribute('data-loket-cobrowse', '');
  host.setAttribute('data-loket-private', '');
  const shadow = host.attachShadow({ mode: 'closed' });
  sheet ??= new CSSStyleSheet();
  sheet.replaceSync(SNIPPET_CSS);
  shadow.adoptedStyleSheets = [sheet];
  const layer = el('div', { class: 'layer' });
  shadow.append(layer);
  (doc.body ?? doc.documentElement).append(host);
  return { host, layer, owns: (element) => element !== null && (element === host || host.contains(element)) };
}

type Attributes = Record<string, string>;

/** A small element factory: attributes, then text or children. Text always goes in as text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

let idCounter = 0;
export const uniqueId = (prefix: string): string => `loket-cb-${prefix}-${(idCounter += 1)}`;
