import {
  ArrowRightLeft,
  Grid3x3,
  Mic,
  MicOff,
  Pause,
  Phone,
  PhoneIncoming,
  PhoneOff,
  Play,
  Signal,
  SignalLow,
  SignalMedium,
  Undo2,
  Check,
} from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CallQuality, CallView } from '../../../common/contract/telephony.ts';
import { useClient } from '../../app/client-context.ts';
import { isTypingTarget, phoneKeys } from '../../app/shortcuts.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import {
  arrangeCalls,
  callDurationMs,
  callStateText,
  checkDialTarget,
  consultOf,
  endReasonText,
  formatCallDuration,
  formatPhoneNumber,
  numberText,
  partyText,
  ringingCalls,
  withKeys,
} from './phone-model.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { usePhoneCommands } from './use-phone.ts';

const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

const RATINGS = {
  good: 'phone:quality.good',
  fair: 'phone:quality.fair',
  poor: 'phone:quality.poor',
} as const satisfies Record<CallQuality['rating'], string>;

const RATING_ICONS = { good: Signal, fair: SignalMedium, poor: SignalLow } as const;

/**
 * Under the top bar, above every screen: the ringing call's banner and the call in progress. A
 * live region says what happens to the call (connected, on hold, ended and why).
 */
export function CallArea() {
  const { t } = useT();
  const status = usePhoneStore((state) => state.status);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const calls = status?.calls ?? [];
  const ringing = ringingCalls(calls);
  const { primary, others } = arrangeCalls(calls);
  const first = ringing[0];
  const announcement = primary ? t('phone:call.announce', { party: partyText(t, primary, dialCountry), state: callStateText(t, primary) }) : '';

  return (
    <div className="call-area">
      <div className="visually-hidden" role="status" data-testid="call-announcer">
        {announcement}
      </div>
      {first && status ? (
        <IncomingCall key={first.id} call={first} waiting={ringing.length - 1} mediaAttached={status.mediaAttached} dialCountry={dialCountry} />
      ) : null}
      {primary ? <CallPanel key={primary.id} call={primary} calls={calls} others={others} dialCountry={dialCountry} /> : null}
    </div>
  );
}

interface IncomingCallProps {
  readonly call: CallView;
  /** Further calls ringing behind this one. */
  readonly waiting: number;
  readonly mediaAttached: boolean;
  readonly dialCountry: string;
}

/** The ringing call: who, Answer (focused, Enter or Alt+Shift+A) and Decline (Alt+Shift+R). */
function IncomingCall({ call, waiting, mediaAttached, dialCountry }: IncomingCallProps) {
  const { t } = useT();
  const commands = usePhoneCommands();
  const id = useId();
  const answer = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const number = numberText(t, call.remoteNumber, dialCountry);

  // Focus to Answer when it rings; back where the agent was once the banner goes.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    answer.current?.focus();
    return () => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <section
      className="incoming-call"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-who`}
      data-testid="incoming-call"
      data-call-id={call.id}
    >
      <PhoneIncoming className="incoming-call__icon" size={28} aria-hidden="true" />
      <div className="incoming-call__text">
        <p id={`${id}-title`} className="incoming-call__title">
          {t('phone:incoming.title')}
        </p>
        <p id={`${id}-who`} className="incoming-call__who">
          {call.remoteName ? (
            <>
              <strong className="incoming-call__name" data-testid="incoming-name">
                {call.remoteName}
              </strong>
              <span className="incoming-call__number" data-testid="incoming-number">
                {number}
              </span>
            </>
          ) : (
            <strong className="incoming-call__name" data-testid="incoming-number">
              {number}
            </strong>
          )}
        </p>
        {waiting > 0 ? <p className="hint">{t('phone:incoming.waiting', { count: waiting })}</p> : null}
        {mediaAttached ? null : <p className="hint hint--warning">{t('phone:incoming.noAudio')}</p>}
      </div>
      <div className="incoming-call__actions">
        <button
          ref={answer}
          type="button"
          className="button button--call"
          disabled={busy}
          aria-keyshortcuts={phoneKeys('answer')}
          title={withKeys(t, t('phone:incoming.answer'), 'answer')}
          onClick={() => {
            setBusy(true);
            commands.answer(call.id);
          }}
          data-testid="call-answer"
        >
          <Phone size={18} aria-hidden="true" />
          {t('phone:incoming.answer')}
        </button>
        <button
          type="button"
          className="button button--hangup"
          disabled={busy}
          aria-keyshortcuts={phoneKeys('decline')}
          title={withKeys(t, t('phone:incoming.decline'), 'decline')}
          onClick={() => {
            setBusy(true);
            commands.decline(call.id);
          }}
          data-testid="call-decline"
        >
          <PhoneOff size={18} aria-hidden="true" />
          {t('phone:incoming.decline')}
        </button>
      </div>
    </section>
  );
}

interface CallPanelProps {
  readonly call: CallView;
  readonly calls: readonly CallView[];
  readonly others: readonly CallView[];
  readonly dialCountry: string;
}

/** The call in progress (or just ended): who, how long, how it sounds, and what to do with it. */
function CallPanel({ call, calls, others, dialCountry }: CallPanelProps) {
  const { t } = useT();
  const locale = useLocale();
  const commands = usePhoneCommands();
  const id = useId();
  const live = call.state !== 'ended';
  const active = call.state === 'active';
  const now = useNow(live ? 1_000 : null);
  const keypadOpen = usePhoneStore((state) => state.keypadFor === call.id);
  const transferOpen = usePhoneStore((state) => state.transferFor === call.id);
  const setKeypad = usePhoneStore((state) => state.setKeypad);
  const setTransfer = usePhoneStore((state) => state.setTransfer);
  const duration = callDurationMs(call, now);
  const customer = call.consultFor === null ? null : (calls.find((candidate) => candidate.id === call.consultFor) ?? null);
  const consulting = consultOf(calls, call.id) !== null;
  const party = partyText(t, call, dialCountry);

  return (
    <section
      className={`call-panel call-panel--${call.state}`}
      aria-labelledby={`${id}-party`}
      data-testid="call-panel"
      data-call-id={call.id}
      data-call-state={call.state}
      data-held={call.held}
      data-muted={call.muted}
      data-recovering={call.recovering}
    >
      <div className="call-panel__summary">
        <Phone size={18} aria-hidden="true" className="call-panel__icon" />
        <p className="call-panel__who">
          <strong id={`${id}-party`} className="call-panel__party" data-testid="call-party">
            {party}
          </strong>
          {call.remoteName ? <span className="call-panel__number">{numberText(t, call.remoteNumber, dialCountry)}</span> : null}
          {call.consultFor !== null ? <span className="badge">{t('phone:transfer.consultBadge')}</span> : null}
        </p>
        <p className={`call-panel__state${call.recovering ? ' call-panel__state--warning' : ''}`} data-testid="call-state">
          {call.state === 'ended' ? (
            <>
              <span>{t('phone:call.endedTitle')}</span>
              <span className="call-panel__reason" data-testid="call-ended-reason">
                {endReasonText(t, call)}
              </span>
            </>
          ) : (
            callStateText(t, call)
          )}
        </p>
        {duration !== null ? (
          <span className="call-panel__timer" data-testid="call-timer">
            <span className="visually-hidden">{t('phone:call.timer')}</span>
            {formatCallDuration(duration, locale)}
          </span>
        ) : null}
        {active && call.quality ? <QualityBadge quality={call.quality} /> : null}
      </div>

      {live ? (
        <div className="call-panel__actions" role="group" aria-label={t('phone:call.controls', { party })}>
          <button
            type="button"
            className="button"
            disabled={!active}
            aria-keyshortcuts={phoneKeys('hold')}
            title={withKeys(t, call.held ? t('phone:call.resume') : t('phone:call.hold'), 'hold')}
            onClick={() => commands.hold(call.id, !call.held)}
            data-testid="call-hold"
          >
            {call.held ? <Play size={16} aria-hidden="true" /> : <Pause size={16} aria-hidden="true" />}
            {call.held ? t('phone:call.resume') : t('phone:call.hold')}
          </button>
          <button
            type="button"
            className={call.muted ? 'button button--on' : 'button'}
            disabled={!active}
            aria-keyshortcuts={phoneKeys('mute')}
            title={withKeys(t, call.muted ? t('phone:call.unmute') : t('phone:call.mute'), 'mute')}
            onClick={() => commands.mute(call.id, !call.muted)}
            data-testid="call-mute"
          >
            {call.muted ? <MicOff size={16} aria-hidden="true" /> : <Mic size={16} aria-hidden="true" />}
            {call.muted ? t('phone:call.unmute') : t('phone:call.mute')}
          </button>
          <button
            type="button"
            className="button"
            disabled={!active}
            aria-expanded={keypadOpen}
            aria-controls={keypadOpen ? `${id}-keypad` : undefined}
            aria-keyshortcuts={phoneKeys('dialPad')}
            title={withKeys(t, t('phone:call.keypad'), 'dialPad')}
            onClick={() => setKeypad(keypadOpen ? null : call.id)}
            data-testid="call-keypad-toggle"
          >
            <Grid3x3 size={16} aria-hidden="true" />
            {t('phone:call.keypad')}
          </button>
          {call.consultFor === null ? (
            <button
              type="button"
              className="button"
              disabled={!active || consulting}
              aria-expanded={transferOpen}
              aria-controls={transferOpen ? `${id}-transfer` : undefined}
              aria-keyshortcuts={phoneKeys('transfer')}
              title={withKeys(t, t('phone:call.transfer'), 'transfer')}
              onClick={() => setTransfer(transferOpen ? null : call.id)}
              data-testid="call-transfer"
            >
              <ArrowRightLeft size={16} aria-hidden="true" />
              {t('phone:call.transfer')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--hangup"
            aria-keyshortcuts={phoneKeys('hangUp')}
            title={withKeys(t, t('phone:call.hangUp'), 'hangUp')}
            onClick={() => commands.hangUp(call.id)}
            data-testid="call-hangup"
          >
            <PhoneOff size={16} aria-hidden="true" />
            {t('phone:call.hangUp')}
          </button>
        </div>
      ) : null}

      {call.consultFor !== null && live ? (
        <div className="call-panel__consult" data-testid="consult-controls">
          <p className="call-panel__consult-text">
            {t('phone:transfer.consulting', { customer: customer ? partyText(t, customer, dialCountry) : t('phone:transfer.theCustomer') })}
          </p>
          <div className="row">
            <button
              type="button"
              className="button button--primary"
              disabled={!active}
              onClick={() => commands.completeTransfer(call.id)}
              data-testid="transfer-complete"
            >
              <Check size={16} aria-hidden="true" />
              {t('phone:transfer.complete')}
            </button>
            <button type="button" className="button" onClick={() => commands.cancelTransfer(call.id)} data-testid="transfer-cancel">
              <Undo2 size={16} aria-hidden="true" />
              {t('phone:transfer.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      {call.transfer ? <TransferStatus call={call} dialCountry={dialCountry} /> : null}
      {keypadOpen && active ? <Keypad id={`${id}-keypad`} callId={call.id} /> : null}
      {transferOpen && active ? <TransferForm id={`${id}-transfer`} call={call} /> : null}

      {others.length > 0 ? (
        <ul className="call-others" aria-label={t('phone:call.others')}>
          {others.map((other) => (
            <OtherCall key={other.id} call={other} calls={calls} dialCountry={dialCountry} now={now} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A second live call in one line: typically the customer on hold while the agent consults. */
function OtherCall({ call, calls, dialCountry, now }: { call: CallView; calls: readonly CallView[]; dialCountry: string; now: number }) {
  const { t } = useT();
  const locale = useLocale();
  const commands = usePhoneCommands();
  const duration = callDurationMs(call, now);
  const inConsult = consultOf(calls, call.id) !== null;
  const party = partyText(t, call, dialCountry);
  return (
    <li className="call-other" data-testid="call-other" data-call-id={call.id} data-call-state={call.state} data-held={call.held}>
      <span className="call-other__party">{party}</span>
      <span className="hint">{inConsult ? t('phone:transfer.customerWaiting') : callStateText(t, call)}</span>
      {duration !== null ? <span className="call-panel__timer">{formatCallDuration(duration, locale)}</span> : null}
      {inConsult ? null : (
        <span className="row">
          {call.held && call.state === 'active' ? (
            <button
              type="button"
              className="button button--small"
              aria-label={t('phone:call.resumeLabel', { party })}
              onClick={() => commands.hold(call.id, false)}
              data-testid="call-other-resume"
            >
              <Play size={14} aria-hidden="true" />
              {t('phone:call.resume')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={t('phone:call.hangUpLabel', { party })}
            onClick={() => commands.hangUp(call.id)}
            data-testid="call-other-hangup"
          >
            <PhoneOff size={14} aria-hidden="true" />
            {t('phone:call.hangUp')}
          </button>
        </span>
      )}
    </li>
  );
}

function TransferStatus({ call, dialCountry }: { call: CallView; dialCountry: string }) {
  const { t } = useT();
  const transfer = call.transfer;
  if (!transfer) return null;
  const target = formatPhoneNumber(transfer.target, dialCountry);
  let text: string;
  switch (transfer.state) {
    case 'trying':
      text = t('phone:transfer.trying', { target });
      break;
    case 'done':
      text = t('phone:transfer.done', { target });
      break;
    case 'failed':
      text = call.state === 'ended' ? t('phone:transfer.failedEnded', { target }) : t('phone:transfer.failed', { target });
      break;
  }
  return (
    <p className={transfer.state === 'failed' ? 'form-error' : 'hint'} data-testid="transfer-status" data-state={transfer.state} data-kind={transfer.kind}>
      {text}
    </p>
  );
}

/** Tones for the far end (IVR menus, PIN codes): click, or type the digits while it is open. */
function Keypad({ id, callId }: { id: string; callId: string }) {
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

/**
 * Hand the customer on. "Consult first" (Enter) holds the customer and calls the colleague: the
 * warm transfer that spares the customer telling the story twice. "Transfer now" is the cold one.
 */
function TransferForm({ id, call }: { id: string; call: CallView }) {
  const { t } = useT();
  const client = useClient();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'blind' | 'consult' | null>(null);

  const start = (kind: 'blind' | 'consult') => {
    if (busy) return;
    const check = checkDialTarget(target, dialCountry);
    if (!check.ok) {
      setError(check.problem === 'empty' ? t('phone:transfer.empty') : t('phone:dialPad.invalid', { target: target.trim() }));
      return;
    }
    setError(null);
    setBusy(kind);
    const store = usePhoneStore.getState();
    const request = kind === 'blind' ? store.transfer(client, call.id, check.target) : store.consult(client, call.id, check.target);
    request.then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(errorMessage(t, failure));
      },
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start('consult');
  };

  return (
    <form id={id} className="transfer-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="transfer-form">
      <p id={`${id}-title`} className="field-label">
        {t('phone:transfer.title')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-target`} className="field-label field-label--light">
          {t('phone:transfer.target')}
        </label>
        <input
          id={`${id}-target`}
          className="text-input"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={target}
          aria-invalid={error !== null}
          aria-describedby={error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
          onChange={(event) => {
            setTarget(event.target.value);
            setError(null);
          }}
          autoFocus
          data-testid="transfer-target"
        />
      </div>
      <p id={`${id}-hint`} className="hint">
        {t('phone:transfer.hint')}
      </p>
      {error === null ? null : (
        <p id={`${id}-error`} className="form-error" role="alert" data-testid="transfer-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy !== null} aria-busy={busy === 'consult'} data-testid="transfer-consult">
          <Phone size={16} aria-hidden="true" />
          {t('phone:transfer.consult')}
        </button>
        <button type="button" className="button" disabled={busy !== null} aria-busy={busy === 'blind'} onClick={() => start('blind')} data-testid="transfer-blind">
          <ArrowRightLeft size={16} aria-hidden="true" />
          {t('phone:transfer.blind')}
        </button>
      </div>
    </form>
  );
}

/** Good / fair / poor, with MOS, round trip, jitter and loss for whoever wants the figures. */
function QualityBadge({ quality }: { quality: CallQuality }) {
  const { t } = useT();
  const locale = useLocale();
  const ms = (value: number | null) =>
    value === null ? t('phone:quality.unknown') : formatNumber(value, locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 });
  const details = t('phone:quality.details', {
    mos: formatNumber(quality.mos, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    rtt: ms(quality.rttMs),
    jitter: ms(quality.jitterMs),
    loss: formatNumber(quality.loss, locale, { style: 'percent', maximumFractionDigits: 1 }),
  });
  const Icon = RATING_ICONS[quality.rating];
  return (
    <span className={`call-quality call-quality--${quality.rating}`} title={details} data-testid="call-quality" data-rating={quality.rating} data-mos={quality.mos}>
      <Icon size={14} aria-hidden="true" />
      {t(RATINGS[quality.rating])}
      <span className="visually-hidden">{details}</span>
    </span>
  );
}
