import { create } from 'zustand';
import type { ViewId } from '../../../common/contract/contract.ts';

interface NavigationState {
  readonly view: ViewId;
  readonly shortcutHelpOpen: boolean;
  navigate(view: ViewId): void;
  setShortcutHelp(open: boolean): void;
}

export const useNavigationStore = create<NavigationState>()((set) => ({
  // Home is the first screen: the agent's day (a call's screen pop opens the customer anyway).
  view: 'home',
  shortcutHelpOpen: false,
  navigate: (view) => set({ view }),
  setShortcutHelp: (open) => set({ shortcutHelpOpen: open }),
}));
