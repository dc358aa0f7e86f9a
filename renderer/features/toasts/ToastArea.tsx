import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useToastStore, type ToastKind } from '../../app/stores/toast-store.ts';
import { useT } from '../../i18n/use-t.ts';
import './toasts.css';

const ICONS: Record<ToastKind, typeof Info> = { info: Info, success: CircleCheck, error: CircleAlert };

/** Bottom-right messages. Errors are announced assertively and stay until dismissed. */
export function ToastArea() {
  const { t } = useT();
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <section className="toast-area" aria-label={t('frame:toasts.label')}>
      {toasts.map((toast) => {
        const Icon = ICONS[toast.kind];
        return (
          <div key={toast.id} className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
            <Icon size={18} aria-hidden="true" className="toast__icon" />
            <p className="toast__message">{toast.message}</p>
            {toast.action ? (
              <button
                type="button"
                className="button button--small button--primary toast__action"
                data-testid={toast.action.testId}
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="icon-button icon-button--small" aria-label={t('common:actions.dismiss')} onClick={() => dismiss(toast.id)}>
              <X size={16} aria-hidden="true" />
            </button>
          </div>
        );
      })}
    </section>
  );
}
