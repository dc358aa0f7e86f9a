import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../app/client-context.ts';
import { isTypingTarget } from '../../app/shortcuts.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';

const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** Tones for the far end (IVR menus, PIN codes): click, or type the digits while it is open. */
export function CallKeypad({ id, callId }: { id: string; callId: string }) {
  const { t } = useT();
  const client = useClient();
  const [sent, setSent] = useState('');
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const send = useCallback(
    (digit: string) => {
      setSent((current) => (current + digit).slice(-24));
      // One request per key, in the order pressed.
      queue.current = queue.current.then(() =>
        usePhoneStore
          .getState()
          .dtmf(client, callId, digit)
          .catch((error: unknown) => useToastStore.getState().show('error', errorMessage(t, error))),
      );
    },
    [client, callId, t],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return;
      if (!/^[0-9*#]$/.test(event.key)) return;
      event.preventDefault();
      send(event.key);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [send]);

  return (
    <div id={id} className="call-keypad" data-testid="call-keypad">
      <div className="keypad" role="group" aria-label={t('phone:keypad.title')}>
        {DTMF_KEYS.map((key) => (
          <button key={key} type="button" className="keypad__key" onClick={() => send(key)} data-testid={`dtmf-${key}`}>
            {key}
          </button>
        ))}
      </div>
      <p className="hint">{t('phone:keypad.hint')}</p>
      {sent === '' ? null : (
        <p className="call-keypad__sent" data-testid="dtmf-sent">
          {t('phone:keypad.sent', { digits: sent })}
        </p>
      )}
    </div>
  );
}
