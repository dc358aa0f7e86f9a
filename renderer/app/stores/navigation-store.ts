import { create } from 'zustand';
import type { ViewId } from '../../../common/contract/contract.ts';

interface NavigationState {
  readonly view: ViewId;
  readonly shortcutHelpOpen: boolean;
  navigate(view: ViewId): void;
  setShortcutHelp(open: boolean): void;
}

export const useNavigationStore = create<NavigationState>()((set) => ({
  view: 'customer',
  shortcutHelpOpen: false,
  navigate: (view) => set({ view }),
  setShortcutHelp: (open) => set({ shortcutHelpOpen: open }),
}));
