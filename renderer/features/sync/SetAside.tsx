import { CircleAlert, Trash2, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { drop } from '../../../common/assert.ts';
import type { OutboxKind, SetAsideItem } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime, formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import './sync.css';

const KIND_LABELS = {
  note: 'sync:setAside.kinds.note',
  interaction: 'sync:setAside.kinds.interaction',
  wrapUp: 'sync:setAside.kinds.wrapUp',
  customer: 'sync:setAside.kinds.customer',
  escalation: 'sync:setAside.kinds.escalation',
  callback: 'sync:setAside.kinds.callback',
  callLog: 'sync:setAside.kinds.callLog',
} as const satisfies Record<OutboxKind, string>;

/** The hub's error codes for a refused write, as the agent needs to read them. */
const REASON_KEYS: Readonly<Record<string, 'sync:setAside.reasons.idempotencyConflict' | 'sync:setAside.reasons.requestInvalid' | 'sync:setAside.reasons.notFound' | 'sync:setAside.reasons.authForbidden' | 'sync:setAside.reasons.stateConflict'>> = {
  'idempotency.conflict': 'sync:setAside.reasons.idempotencyConflict',
  'request.invalid': 'sync:setAside.reasons.requestInvalid',
  'not.found': 'sync:setAside.reasons.notFound',
  'auth.forbidden': 'sync:setAside.reasons.authForbidden',
  'state.conflict': 'sync:setAside.reasons.stateConflict',
};

export function setAsideReason(t: T, reason: SetAsideItem['reason']): string {
  const key = Object.hasOwn(REASON_KEYS, reason.code) ? REASON_KEYS[reason.code] : undefined;
  return key ? t(key) : t('sync:setAside.reasons.other', { code: reason.code, status: reason.status });
}

/** The top-bar button that appears when the hub refused writes, and the panel it opens. */
export function SetAsideButton() {
  const { t } = useT();
  const count = useSyncStore((state) => state.status?.setAside ?? 0);
  const [open, setOpen] = useState(false);
  if (count === 0 && !open) return null;
  return (
    <>
      {count > 0 ? (
        <button
          type="button"
          className="set-aside-button"
          title={t('sync:setAside.openHint')}
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
          data-testid="set-aside-open"
        >
          <CircleAlert size={16} aria-hidden="true" />
          <span>{t('sync:setAside.open', { count })}</span>
        </button>
      ) : null}
      {open ? <SetAsidePanel onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SetAsidePanel({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const items = useSyncStore((state) => state.setAside);
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const now = useNow(60_000);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // The list may have changed while no one looked: fetch it fresh when the panel opens.
    drop(useSyncStore.getState().refreshSetAside(client), () => undefined);
  }, [client]);

  const discard = (id: string) => {
    setBusy(id);
    useSyncStore
      .getState()
      .discard(client, id)
      .catch((error: unknown) => toast('error', errorMessage(t, error)))
      .finally(() => setBusy(null));
  };

  return (
    <dialog ref={dialog} className="dialog set-aside" aria-labelledby="set-aside-title" onClose={onClose} data-testid="set-aside-panel">
      <header className="dialog__header">
        <h2 id="set-aside-title">{t('sync:setAside.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={onClose} autoFocus>
          <X size={18} aria-hidden="true" />
        </button>
      </header>
      <p className="hint">{t('sync:setAside.intro')}</p>
      {items.length === 0 ? (
        <p className="set-aside__empty">{t('sync:setAside.empty')}</p>
      ) : (
        <ul className="set-aside__list">
          {items.map((item) => (
            <li key={item.id} className="set-aside__item" data-testid="set-aside-item" data-code={item.reason.code}>
              <div className="set-aside__head">
                <Pill>{t(KIND_LABELS[item.kind])}</Pill>
                <time dateTime={item.createdAt} title={formatDateTime(item.createdAt, locale)} className="hint">
                  {t('sync:setAside.written', { time: formatWhen(item.createdAt, now, locale) })}
                </time>
              </div>
              <p className="set-aside__summary">{item.summary}</p>
              <p className="set-aside__reason">
                <CircleAlert size={16} aria-hidden="true" />
                <span>{setAsideReason(t, item.reason)}</span>
              </p>
              <FormActions>
                {item.customerId ? (
                  <ActionButton
                    small
                    label={t('sync:setAside.openCustomer')}
                    onClick={() => {
                      openCustomer(item.customerId ?? '');
                      onClose();
                    }}
                  />
                ) : null}
                <ActionButton
                  small
                  variant="danger"
                  icon={Trash2}
                  label={t('sync:setAside.discard')}
                  ariaLabel={t('sync:setAside.discardLabel', { summary: item.summary })}
                  busy={busy === item.id}
                  onClick={() => discard(item.id)}
                  testId="set-aside-discard"
                />
              </FormActions>
            </li>
          ))}
        </ul>
      )}
    </dialog>
  );
}
