import { create } from 'zustand';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  /** Already translated: the caller knows the context the message needs. */
  readonly message: string;
  /** One button beside the message (a due callback's "Call"); such a toast stays until used or dismissed. */
  readonly action?: ToastAction;
}

export interface ToastAction {
  /** Already translated. */
  readonly label: string;
  readonly run: () => void;
  readonly testId?: string;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  show(kind: ToastKind, message: string, action?: ToastAction): number;
  dismiss(id: number): void;
}

const AUTO_DISMISS_MS: Record<ToastKind, number | null> = { info: 5_000, success: 4_000, error: null };
const MAX_VISIBLE = 4;
let nextId = 1;

/** Errors stay until the agent dismisses them: an error that vanishes unread did not happen. */
export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  show(kind, message, action) {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts, action ? { id, kind, message, action } : { id, kind, message }].slice(-MAX_VISIBLE) }));
    const after = action ? null : AUTO_DISMISS_MS[kind];
    if (after !== null) setTimeout(() => get().dismiss(id), after);
    return id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
}));
