import { create } from 'zustand';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  /** Already translated: the caller knows the context the message needs. */
  readonly message: string;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  show(kind: ToastKind, message: string): number;
  dismiss(id: number): void;
}

const AUTO_DISMISS_MS: Record<ToastKind, number | null> = { info: 5_000, success: 4_000, error: null };
const MAX_VISIBLE = 4;
let nextId = 1;

/** Errors stay until the agent dismisses them: an error that vanishes unread did not happen. */
export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  show(kind, message) {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts, { id, kind, message }].slice(-MAX_VISIBLE) }));
    const after = AUTO_DISMISS_MS[kind];
    if (after !== null) setTimeout(() => get().dismiss(id), after);
    return id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
}));
