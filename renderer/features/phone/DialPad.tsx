import { Delete, Grid3x3, PhoneCall } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useClient } from '../../app/client-context.ts';
import { phoneKeys } from '../../app/shortcuts.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { checkDialTarget, DIAL_INPUT, withKeys } from './phone-model.ts';
import { notReadyText } from './not-ready-text.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { usePopover } from './use-popover.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton } from '../../ui/FormActions.tsx';
import './phone.css';

const DIAL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The top bar's dial pad button and the popover it opens (also Alt+Shift+K without a call). */
export function DialPadButton() {
  const { t } = useT();
  const open = usePhoneStore((state) => state.popover === 'dialPad');
  const setPopover = usePhoneStore((state) => state.setPopover);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="phone-dial">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-label={t('phone:dialPad.open')}
        title={withKeys(t, t('phone:dialPad.open'), 'dialPad')}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-keyshortcuts={phoneKeys('dialPad')}
        onClick={() => setPopover(open ? null : 'dialPad')}
        data-testid="dial-pad-toggle"
      >
        <Grid3x3 size={18} aria-hidden="true" />
      </button>
      {open ? <DialPad id={id} trigger={button} /> : null}
    </div>
  );
}

/**
 * Any notation goes in (`06 12 34 56 78`, `+31 6…`, `0031…`, extension `1002`); what cannot be
 * called is said here and never sent. Main checks again (`phone.badNumber`), shown here too.
 */
function DialPad({ id, trigger }: { id: string; trigger: RefObject<HTMLButtonElement | null> }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const registration = usePhoneStore((state) => state.status?.registration);
  const setPopover = usePhoneStore((state) => state.setPopover);
  const panel = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // A number from a tel:/callto:/sip: link opens the pad with it (see the effect below).
  const [value, setValue] = useState(() => usePhoneStore.getState().dialPrefill?.number ?? '');
  // A refusal belongs to the registration it was made under: once the phone dropped (and came
  // back), it is no longer news.
  const [failure, setFailure] = useState<{ readonly text: string; readonly since: number | undefined } | null>(null);
  const error = failure !== null && failure.since === registration?.since ? failure.text : null;
  const setError = (text: string | null) => setFailure(text === null ? null : { text, since: usePhoneStore.getState().status?.registration.since });
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => setPopover(null), [setPopover]);
  usePopover(panel, trigger, close);

  // A number from a tel:/callto:/sip: link: shown for the agent to check, focus on Call — the
  // call itself waits for their click or Enter. Taken once: opening the pad by hand starts empty.
  useEffect(() => {
    const focusCall = () => panel.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    if (usePhoneStore.getState().dialPrefill) {
      focusCall();
      usePhoneStore.setState({ dialPrefill: null });
    }
    return usePhoneStore.subscribe((state) => {
      if (!state.dialPrefill) return;
      setValue(state.dialPrefill.number);
      setFailure(null);
      usePhoneStore.setState({ dialPrefill: null });
      focusCall();
    });
  }, []);

  const press = (key: string) => {
    setValue((current) => current + key);
    setError(null);
    input.current?.focus();
  };

  // While the phone is not registered a call cannot go out: the pad says why and what to do, in
  // one message, and its Call button waits (instead of sending a dial main would refuse).
  const notReady = registration && registration.state !== 'registered' ? notReadyText(t, registration) : null;

  const call = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || notReady !== null) return;
    const check = checkDialTarget(value, dialCountry);
    if (!check.ok) {
      setError(check.problem === 'empty' ? t('phone:dialPad.empty') : t('phone:dialPad.invalid', { target: value.trim() }));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    usePhoneStore
      .getState()
      .dial(client, check.target)
      .then(
        () => {
          setValue('');
          close();
        },
        (refusal: unknown) => {
          setError(errorMessage(t, refusal));
          input.current?.focus();
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <form ref={panel} id={id} className="popover dial-pad" aria-labelledby={`${id}-title`} onSubmit={call} noValidate data-testid="dial-pad">
      <h2 id={`${id}-title`} className="popover__title">
        {t('phone:dialPad.title')}
      </h2>
      <Field
        id={`${id}-input`}
        label={t('phone:dialPad.input')}
        invalid={notReady === null && error !== null}
        describedBy={notReady !== null ? `${id}-hint ${id}-not-ready` : error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
      >
        {(control) => (
          <div className="dial-pad__entry">
            <input
              {...control}
              ref={input}
              className="text-input dial-pad__input"
              {...DIAL_INPUT}
              value={value}
              onChange={(event) => {
                setValue(event.target.value);
                setError(null);
              }}
              data-autofocus
              data-testid="dial-input"
            />
            <button
              type="button"
              className="icon-button"
              aria-label={t('phone:dialPad.delete')}
              title={t('phone:dialPad.delete')}
              disabled={value === ''}
              onClick={() => {
                setValue((current) => current.slice(0, -1));
                input.current?.focus();
              }}
              data-testid="dial-delete"
            >
              <Delete size={18} aria-hidden="true" />
            </button>
          </div>
        )}
      </Field>
      <p id={`${id}-hint`} className="hint">
        {t('phone:dialPad.hint', { country: regionName(dialCountry, locale) })}
      </p>
      <div className="keypad" role="group" aria-label={t('phone:dialPad.keys')}>
        {DIAL_KEYS.map((key) => (
          <button key={key} type="button" className="keypad__key" onClick={() => press(key)} data-testid={`dial-key-${key}`}>
            {key}
          </button>
        ))}
        <button type="button" className="keypad__key keypad__key--wide" onClick={() => press('+')} data-testid="dial-key-plus">
          {'+'}
        </button>
      </div>
      {notReady !== null ? (
        <p id={`${id}-not-ready`} className="hint hint--warning" role="status" data-testid="dial-not-ready">
          {notReady}
        </p>
      ) : error === null ? null : (
        <ErrorLine id={`${id}-error`} testId="dial-error">
          {error}
        </ErrorLine>
      )}
      <ActionButton
        type="submit"
        variant="call"
        icon={PhoneCall}
        label={t('phone:dialPad.call')}
        busyLabel={t('phone:dialPad.calling')}
        busy={busy}
        disabled={notReady !== null}
        title={notReady ?? undefined}
        testId="dial-call"
      />
    </form>
  );
}
