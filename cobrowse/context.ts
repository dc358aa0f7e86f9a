// What every part of the snippet needs: where the hub is, the page's language and the UI root
// (made on first use, so a page nobody asks to share gets no extra element).
import { pageLanguage, translator, type Translate } from './i18n.ts';
import { createUiRoot, type UiRoot } from './ui/root.ts';

export interface SnippetContext {
  /** The hub's origin, e.g. https://hub.example.eu */
  readonly hub: string;
  /** The shop's name as the prompt says it. */
  readonly shop: string;
  readonly t: Translate;
  ui(): UiRoot;
}

export function createContext(hub: string, shop: string): SnippetContext {
  let root: UiRoot | undefined;
  return {
    hub,
    shop,
    t: translator(pageLanguage()),
    ui: () => {
      if (!root?.host.isConnected) root = createUiRoot();
      return root;
    },
  };
}

/** http(s)://host → ws(s)://host + path */
export function socketUrl(hub: string, path: string): string {
  return hub.replace(/^http/, 'ws') + path;
}
