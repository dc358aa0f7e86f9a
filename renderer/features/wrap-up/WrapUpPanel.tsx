import { ClipboardCheck, TriangleAlert } from 'lucide-react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  CONTACT_CHANNELS,
  NOTE_MAX_LENGTH,
  OUTCOMES,
  type ContactChannel,
  type OrderDetail,
  type Outcome,
  type ReasonOption,
  type WrapUpContext,
} from '../../../common/contract/data.ts';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/client-context.ts';
import { useDraft } from '../../app/use-draft.ts';
import { useNow } from '../../app/use-now.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatDateTime, formatMoney, formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatCallDuration, numberText } from '../phone/phone-model.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { filterReasons, moveIndex, reasonLabel, repeatedReasons, sortReasons, suggestFirstContactFix } from './wrap-up-model.ts';
import { useWrapUpStore, wrapUpDraftKey, type WrapUp, type WrapUpForm } from './wrap-up-store.ts';
import './wrap-up.css';

/** A pause in typing this long saves the note's draft. */
export const WRAP_UP_DRAFT_DEBOUNCE_MS = 300;
const MAX_REASONS = 10;
const ORDERS_SHOWN = 20;

const CHANNELS = {
  phone: 'wrapup:channel.phone',
  email: 'wrapup:channel.email',
  chat: 'wrapup:channel.chat',
  whatsapp: 'wrapup:channel.whatsapp',
  note: 'wrapup:channel.note',
} as const satisfies Record<ContactChannel, string>;

const OUTCOME_LABELS = {
  solved: 'wrapup:outcome.solved',
  follow_up: 'wrapup:outcome.follow_up',
  escalated: 'wrapup:outcome.escalated',
} as const satisfies Record<Outcome, string>;

/** "Wrap up a contact": a mail, chat or call not logged by the phone, wrapped up on this customer. */
export function WrapUpButton({ customerId }: { customerId: string }) {
  const { t } = useT();
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        const interactionId = useWrapUpStore.getState().openOnDemand(customerId);
        // The agent asked for it: take them there.
        setTimeout(() => document.getElementById(`wrap-up-${interactionId}`)?.focus(), 0);
      }}
      data-testid="wrap-up-open"
    >
      <ClipboardCheck size={16} aria-hidden="true" />
      {t('wrapup:open')}
    </button>
  );
}

/** The open wrap-up of this customer (after a call, or asked for), on the customer screen. */
export function WrapUpPanel({ customerId }: { customerId: string }) {
  const mine = useWrapUpStore(useShallow((state) => state.wrapUps.filter((wrapUp) => wrapUp.customerId === customerId)));
  const first = mine[0];
  if (!first) return null;
  return <WrapUpCard key={first.interactionId} wrapUp={first} waiting={mine.length - 1} />;
}

type Load<T> = { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'error'; readonly error: unknown };

/** One request on mount (and on retry); the panel works with whatever came. */
function useLoad<T>(load: () => Promise<T>): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ phase: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ phase: 'ready', value }),
      (error: unknown) => current && setState({ phase: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [load, round]);
  return [state, () => {
    setState({ phase: 'loading' });
    setRound((value) => value + 1);
  }];
}

type Problem = 'reasons' | 'outcome';

function WrapUpCard({ wrapUp, waiting }: { wrapUp: WrapUp; waiting: number }) {
  const { t, i18n } = useT();
  const locale = useLocale();
  const client = useClient();
  const id = useId();
  const now = useNow(60_000);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const { interactionId, form } = wrapUp;
  const customerId = wrapUp.customerId ?? '';
  const draftKey = wrapUpDraftKey(interactionId);
  const update = useCallback((patch: Partial<WrapUpForm>) => useWrapUpStore.getState().updateForm(interactionId, patch), [interactionId]);

  const [reasons, retryReasons] = useLoad(useCallback(() => client.request('reasons.list', {}).then((r) => sortReasons(r.reasons)), [client]));
  const [context] = useLoad(
    useCallback(() => client.request('wrapUp.context', { customerId, interactionId }), [client, customerId, interactionId]),
  );
  const [orders] = useLoad(useCallback(() => client.request('customers.orders', { customerId, limit: ORDERS_SHOWN }).then((r) => r.orders), [client, customerId]));

  const [filter, setFilter] = useState('');
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const reasonList = useRef<HTMLDivElement>(null);

  // ---- the note's draft: saved while typing, restored on open (after a crash or a reload) ----
  const draft = useDraft(draftKey, WRAP_UP_DRAFT_DEBOUNCE_MS, (stored) => {
    // What is in the box (typed since, or kept while the agent was elsewhere) wins.
    const shown = useWrapUpStore.getState().wrapUps.find((w) => w.interactionId === interactionId)?.form.note ?? '';
    if (shown !== '') return false;
    update({ note: stored.text });
    return true;
  });

  const changeNote = (value: string) => {
    update({ note: value });
    draft.changed(value);
  };

  // ---- what the agent sees decided ----
  const allReasons = useMemo(() => (reasons.phase === 'ready' ? reasons.value : []), [reasons]);
  const shown = useMemo(() => filterReasons(allReasons, filter, language, form.reasons), [allReasons, filter, language, form.reasons]);
  const recent: WrapUpContext['recentContacts'] = context.phase === 'ready' ? context.value.recentContacts : [];
  const repeats = repeatedReasons(form.reasons, recent, now);
  const suggested = suggestFirstContactFix({ outcome: form.outcome, transfers: wrapUp.transfers, repeats });
  const firstContactFix = form.firstContactFix ?? suggested;
  const labelOf = (code: string) => {
    const reason = allReasons.find((candidate) => candidate.code === code);
    return reason ? reasonLabel(reason, language) : code;
  };

  const toggle = (code: string) => {
    const chosen = form.reasons.includes(code) ? form.reasons.filter((c) => c !== code) : [...form.reasons, code];
    if (chosen.length > MAX_REASONS) return;
    update({ reasons: chosen });
    if (problems.includes('reasons')) setProblems(problems.filter((p) => p !== 'reasons'));
  };

  const save = () => {
    if (saving) return;
    const found: Problem[] = [];
    if (form.reasons.length === 0) found.push('reasons');
    if (form.outcome === null) found.push('outcome');
    setProblems(found);
    if (found.length > 0 || form.outcome === null || wrapUp.customerId === null) {
      document.getElementById(found[0] === 'outcome' ? `${id}-outcome` : `${id}-filter`)?.focus();
      return;
    }
    // The draft goes first, so main never sees it after the save that removes it.
    draft.flush(form.note);
    setSaving(true);
    setSaveError(null);
    const note = form.note.trim();
    client
      .request('wrapUp.save', {
        interactionId,
        customerId: wrapUp.customerId,
        create: wrapUp.onDemand ? { channel: wrapUp.channel, direction: wrapUp.direction, startedAt: new Date(wrapUp.startedAt).toISOString() } : null,
        reasons: [...form.reasons],
        outcome: form.outcome,
        firstContactFix,
        transfers: wrapUp.transfers,
        note: note === '' ? null : note,
        orderId: form.orderId,
        draftKey,
      })
      .then(
        (result) => {
          const offline = useSyncStore.getState().status?.connection !== 'online';
          useToastStore.getState().show('success', result.pending && offline ? t('wrapup:savedPending') : t('wrapup:saved'));
          useWrapUpStore.getState().close(interactionId);
        },
        (error: unknown) => {
          setSaving(false);
          setSaveError(error);
        },
      );
  };

  /** Drops a contact opened on demand by mistake, with its draft. */
  const cancel = () => {
    draft.discard();
    useWrapUpStore.getState().close(interactionId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  };

  // Arrow keys move between the reason boxes; from the filter, down goes into the list.
  const focusReason = (index: number) => reasonList.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[index]?.focus();
  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' && shown.length > 0) {
      event.preventDefault();
      focusReason(0);
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      // Enter takes the first reason the filter left that is not chosen yet.
      event.preventDefault();
      const first = shown.find((reason) => !form.reasons.includes(reason.code));
      if (first && filter.trim() !== '') {
        toggle(first.code);
        setFilter('');
      }
    } else if (event.key === 'Escape' && filter !== '') {
      event.preventDefault();
      setFilter('');
    }
  };
  const onReasonKeyDown = (event: KeyboardEvent<HTMLInputElement>, index: number) => {
    if (event.key === 'ArrowUp' && index === 0) {
      event.preventDefault();
      document.getElementById(`${id}-filter`)?.focus();
      return;
    }
    const next = moveIndex(event.key, index, shown.length);
    if (next === null) return;
    event.preventDefault();
    focusReason(next);
  };

  const title = wrapUp.onDemand
    ? t('wrapup:title.onDemand')
    : wrapUp.remoteNumber
      ? t('wrapup:title.call', { number: numberText(t, wrapUp.remoteNumber, dialCountry) })
      : t('wrapup:title.callUnknown');
  const duration = wrapUp.endedAt !== null ? formatCallDuration(wrapUp.endedAt - wrapUp.startedAt, locale) : null;

  return (
    <section
      id={`wrap-up-${interactionId}`}
      tabIndex={-1}
      className="card wrap-up"
      aria-labelledby={`${id}-title`}
      aria-busy={saving}
      onKeyDown={onKeyDown}
      data-testid="wrap-up-panel"
      data-interaction-id={interactionId}
      data-on-demand={wrapUp.onDemand}
    >
      <header className="wrap-up__head">
        <ClipboardCheck size={20} aria-hidden="true" />
        <h2 id={`${id}-title`} className="section-title">
          {title}
        </h2>
        {duration !== null && wrapUp.endedAt !== null ? (
          <span className="hint">
            {t('wrapup:callFacts', { duration, time: formatDateTime(new Date(wrapUp.endedAt).toISOString(), locale, { timeStyle: 'short' }) })}
          </span>
        ) : null}
        {waiting > 0 ? <span className="badge badge--warning">{t('wrapup:waiting', { count: waiting })}</span> : null}
      </header>

      {wrapUp.onDemand ? (
        <fieldset className="field field--plain">
          <legend className="field-label">{t('wrapup:channel.label')}</legend>
          <div className="segmented" role="radiogroup" aria-label={t('wrapup:channel.label')}>
            {CONTACT_CHANNELS.map((channel) => (
              <label key={channel} className="segmented__option">
                <input
                  type="radio"
                  name={`${id}-channel`}
                  value={channel}
                  checked={wrapUp.channel === channel}
                  onChange={() => useWrapUpStore.getState().setChannel(interactionId, channel)}
                  data-testid={`wrap-up-channel-${channel}`}
                />
                <span>{t(CHANNELS[channel])}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <fieldset className="field field--plain wrap-up__reasons" aria-describedby={problems.includes('reasons') ? `${id}-reasons-problem` : undefined}>
        <legend className="field-label">
          {t('wrapup:reasons.label')}
          {form.reasons.length > 0 ? <span className="hint wrap-up__count"> {t('wrapup:reasons.chosen', { count: form.reasons.length })}</span> : null}
        </legend>
        <label htmlFor={`${id}-filter`} className="visually-hidden">
          {t('wrapup:reasons.filter')}
        </label>
        <input
          id={`${id}-filter`}
          className="text-input wrap-up__filter"
          type="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={60}
          placeholder={t('wrapup:reasons.filter')}
          aria-describedby={`${id}-filter-hint`}
          aria-controls={`${id}-reason-list`}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={onFilterKeyDown}
          data-testid="wrap-up-reason-filter"
        />
        <p id={`${id}-filter-hint`} className="visually-hidden">
          {t('wrapup:reasons.filterHint')}
        </p>
        {reasons.phase === 'loading' ? <p className="hint">{t('wrapup:reasons.loading')}</p> : null}
        {reasons.phase === 'error' ? (
          <div className="row">
            <p className="form-error" role="alert">
              {t('wrapup:reasons.loadFailed')} {errorMessage(t, reasons.error)}
            </p>
            <button type="button" className="button button--small" onClick={retryReasons}>
              {t('wrapup:retry')}
            </button>
          </div>
        ) : null}
        {reasons.phase === 'ready' && shown.length === 0 ? (
          <p className="hint" role="status">
            {filter.trim() === '' ? t('wrapup:reasons.empty') : t('wrapup:reasons.noMatch', { query: filter.trim() })}
          </p>
        ) : null}
        <div id={`${id}-reason-list`} ref={reasonList} className="wrap-up__reason-list" role="group" aria-label={t('wrapup:reasons.label')}>
          {shown.map((reason: ReasonOption, index) => {
            const chosen = form.reasons.includes(reason.code);
            return (
              <label key={reason.code} className={chosen ? 'check wrap-up__reason wrap-up__reason--chosen' : 'check wrap-up__reason'}>
                <input
                  type="checkbox"
                  checked={chosen}
                  disabled={!chosen && form.reasons.length >= MAX_REASONS}
                  onChange={() => toggle(reason.code)}
                  onKeyDown={(event) => onReasonKeyDown(event, index)}
                  data-testid="wrap-up-reason"
                  data-code={reason.code}
                />
                <span>{reasonLabel(reason, language)}</span>
              </label>
            );
          })}
        </div>
        {problems.includes('reasons') ? (
          <p id={`${id}-reasons-problem`} className="form-error" data-testid="wrap-up-reasons-problem">
            {t('wrapup:problems.reasons')}
          </p>
        ) : null}
      </fieldset>

      {repeats.length > 0 ? (
        <div className="wrap-up__repeat" role="status" data-testid="wrap-up-repeat-warning">
          <TriangleAlert size={18} aria-hidden="true" />
          <div>
            <p className="wrap-up__repeat-title">{t('wrapup:repeat.title')}</p>
            <ul>
              {repeats.map((repeat) => (
                <li key={repeat.code} data-code={repeat.code}>
                  {t('wrapup:repeat.item', { reason: labelOf(repeat.code), when: formatWhen(repeat.at, now, locale) })}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <fieldset className="field field--plain" aria-describedby={problems.includes('outcome') ? `${id}-outcome-problem` : undefined}>
        <legend className="field-label">{t('wrapup:outcome.label')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('wrapup:outcome.label')}>
          {OUTCOMES.map((outcome, index) => (
            <label key={outcome} className="segmented__option">
              <input
                id={index === 0 ? `${id}-outcome` : undefined}
                type="radio"
                name={`${id}-outcome`}
                value={outcome}
                checked={form.outcome === outcome}
                onChange={() => {
                  update({ outcome });
                  if (problems.includes('outcome')) setProblems(problems.filter((p) => p !== 'outcome'));
                }}
                data-testid={`wrap-up-outcome-${outcome}`}
              />
              <span>{t(OUTCOME_LABELS[outcome])}</span>
            </label>
          ))}
        </div>
        {problems.includes('outcome') ? (
          <p id={`${id}-outcome-problem`} className="form-error" data-testid="wrap-up-outcome-problem">
            {t('wrapup:problems.outcome')}
          </p>
        ) : null}
      </fieldset>

      <div className="wrap-up__facts">
        <div className="check">
          <input
            id={`${id}-fcf`}
            type="checkbox"
            checked={firstContactFix}
            aria-describedby={`${id}-fcf-hint`}
            onChange={(event) => update({ firstContactFix: event.target.checked })}
            data-testid="wrap-up-fcf"
            data-suggested={form.firstContactFix === null}
          />
          <label htmlFor={`${id}-fcf`}>
            {t('wrapup:fcf.label')}
            {form.firstContactFix === null && suggested ? (
              <span className="badge wrap-up__suggested" data-testid="wrap-up-fcf-suggested">
                {t('wrapup:fcf.suggested')}
              </span>
            ) : null}
          </label>
          <p id={`${id}-fcf-hint`} className="hint check__hint">
            {form.firstContactFix === null && suggested ? t('wrapup:fcf.why') : t('wrapup:fcf.hint')}
          </p>
        </div>
        <p className="wrap-up__transfers" data-testid="wrap-up-transfers" data-count={wrapUp.transfers}>
          {wrapUp.transfers === 0 ? t('wrapup:transfers.none') : t('wrapup:transfers.some', { count: wrapUp.transfers })}
        </p>
      </div>

      <div className="field">
        <label htmlFor={`${id}-order`} className="field-label">
          {t('wrapup:order.label')}
        </label>
        <select
          id={`${id}-order`}
          className="select wrap-up__order"
          value={form.orderId ?? ''}
          onChange={(event) => update({ orderId: event.target.value === '' ? null : event.target.value })}
          data-testid="wrap-up-order"
        >
          <option value="">{orders.phase === 'loading' ? t('wrapup:order.loading') : t('wrapup:order.none')}</option>
          {orders.phase === 'ready'
            ? orders.value.map((order: OrderDetail) => (
                <option key={order.id} value={order.id}>
                  {t('wrapup:order.option', {
                    number: order.number,
                    date: formatDateTime(order.placedAt, locale, { dateStyle: 'medium' }),
                    total: formatMoney(order.totalCents, order.currency, locale),
                  })}
                </option>
              ))
            : null}
        </select>
        {orders.phase === 'error' ? <p className="hint hint--warning">{t('wrapup:order.loadFailed')}</p> : null}
      </div>

      <div className="field">
        <label htmlFor={`${id}-note`} className="field-label">
          {t('wrapup:note.label')}
        </label>
        <textarea
          id={`${id}-note`}
          className="text-input wrap-up__note"
          rows={3}
          maxLength={NOTE_MAX_LENGTH}
          placeholder={t('wrapup:note.placeholder')}
          aria-keyshortcuts="Control+Enter"
          value={form.note}
          readOnly={saving}
          onChange={(event) => changeNote(event.target.value)}
          data-testid="wrap-up-note"
        />
        <p className={draft.failed ? 'hint hint--warning' : 'hint'} data-testid="wrap-up-draft-status">
          {draft.failed
            ? t('wrapup:note.draftFailed')
            : draft.savedAt && form.note !== ''
              ? t('wrapup:note.draftSaved', { time: formatDateTime(draft.savedAt, locale, { timeStyle: 'short' }) })
              : null}
        </p>
      </div>

      {saveError ? (
        <p className="form-error" role="alert" data-testid="wrap-up-error">
          {errorMessage(t, saveError)}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="button button--primary" onClick={save} disabled={saving} aria-busy={saving} aria-keyshortcuts="Control+Enter" data-testid="wrap-up-save">
          {saving ? t('wrapup:saving') : t('wrapup:save')}
        </button>
        {wrapUp.onDemand ? (
          <button type="button" className="button" onClick={cancel} disabled={saving} data-testid="wrap-up-cancel">
            {t('wrapup:cancel')}
          </button>
        ) : null}
        <p className="hint">{t('wrapup:saveHint')}</p>
      </div>
    </section>
  );
}
