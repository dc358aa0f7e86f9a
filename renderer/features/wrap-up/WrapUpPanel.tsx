import { ClipboardCheck } from 'lucide-react';
import { useCallback, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NOTE_MAX_LENGTH, type WrapUpContext } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useDraft } from '../../app/use-draft.ts';
import { useNow } from '../../app/use-now.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { formatCallDuration } from '../../app/phone-format.ts';
import { callTitle, OtherWrapUps } from './OtherWrapUps.tsx';
import { MAX_REASONS, ReasonPicker } from './ReasonPicker.tsx';
import { useLoad } from './use-load.ts';
import { ChannelChoice, FirstContactFix, OrderSelect, OutcomeChoice, RepeatWarning } from './WrapUpChoices.tsx';
import { reasonLabel, repeatedReasons, sortReasons, suggestFirstContactFix } from './wrap-up-model.ts';
import { useWrapUpStore, wrapUpDraftKey, type WrapUp, type WrapUpForm } from './wrap-up-store.ts';
import { WrapUpTime } from './WrapUpTime.tsx';
import './wrap-up.css';

/** A pause in typing this long saves the note's draft. */
export const WRAP_UP_DRAFT_DEBOUNCE_MS = 300;
const ORDERS_SHOWN = 20;

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
  return (
    <>
      {first ? <WrapUpCard key={first.interactionId} wrapUp={first} waiting={mine.length - 1} /> : null}
      <OtherWrapUps customerId={customerId} />
    </>
  );
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

  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

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

  // Named after THIS call (its caller and its interaction), never after whoever is open or rings now.
  const title = wrapUp.onDemand ? t('wrapup:title.onDemand') : callTitle(t, wrapUp, dialCountry);
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
      data-call-id={wrapUp.callId ?? undefined}
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
        {waiting > 0 ? <Pill tone="warning">{t('wrapup:waiting', { count: waiting })}</Pill> : null}
        <span className="hint wrap-up__contact-id" data-testid="wrap-up-contact-id">
          {t('wrapup:contactId', { id: interactionId })}
        </span>
      </header>

      {wrapUp.onDemand ? null : <WrapUpTime interactionId={interactionId} />}

      {wrapUp.onDemand ? <ChannelChoice id={id} interactionId={interactionId} channel={wrapUp.channel} /> : null}

      <ReasonPicker
        filterId={`${id}-filter`}
        reasons={reasons}
        onRetry={retryReasons}
        chosen={form.reasons}
        onToggle={toggle}
        problem={problems.includes('reasons')}
        language={language}
      />

      {repeats.length > 0 ? <RepeatWarning repeats={repeats} labelOf={labelOf} now={now} /> : null}

      <OutcomeChoice
        id={id}
        outcome={form.outcome}
        problem={problems.includes('outcome')}
        onChange={(outcome) => {
          update({ outcome });
          if (problems.includes('outcome')) setProblems(problems.filter((p) => p !== 'outcome'));
        }}
      />

      <div className="wrap-up__facts">
        <FirstContactFix id={id} checked={firstContactFix} undecided={form.firstContactFix === null} suggested={form.firstContactFix === null && suggested} onChange={(checked) => update({ firstContactFix: checked })} />
        <p className="wrap-up__transfers" data-testid="wrap-up-transfers" data-count={wrapUp.transfers}>
          {wrapUp.transfers === 0 ? t('wrapup:transfers.none') : t('wrapup:transfers.some', { count: wrapUp.transfers })}
        </p>
      </div>

      <OrderSelect orders={orders} orderId={form.orderId} onChange={(orderId) => update({ orderId })} />

      <Field id={`${id}-note`} label={t('wrapup:note.label')}>
        {(control) => (
          <>
            <textarea
              {...control}
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
          </>
        )}
      </Field>

      {saveError ? <ErrorLine error={saveError} testId="wrap-up-error" /> : null}
      <FormActions>
        <button type="button" className="button button--primary" onClick={save} disabled={saving} aria-busy={saving} aria-keyshortcuts="Control+Enter" data-testid="wrap-up-save">
          {saving ? t('wrapup:saving') : t('wrapup:save')}
        </button>
        {wrapUp.onDemand ? <ActionButton label={t('wrapup:cancel')} onClick={cancel} disabled={saving} testId="wrap-up-cancel" /> : null}
        <p className="hint">{t('wrapup:saveHint')}</p>
      </FormActions>
    </section>
  );
}
