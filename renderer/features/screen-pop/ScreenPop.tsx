import { Link2, Mail, Phone, UserPlus, UserRoundSearch, X } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { v7 as uuidv7 } from 'uuid';
import type { CustomerHit } from '../../../common/contract/data.ts';
import type { CallerMatch } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { languageName, regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { dialCountryOptions } from '../phone/countries.ts';
import { numberText } from '../phone/phone-model.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { moveIndex } from '../wrap-up/wrap-up-model.ts';
import { useWrapUpStore } from '../wrap-up/wrap-up-store.ts';
import { CUSTOMER_LANGUAGES, callerNumber, checkNewCustomer, customerDefaults, popKind, type NewCustomerProblem, type PopCall } from './screen-pop-model.ts';
import { currentPop, useScreenPopStore } from './screen-pop-store.ts';
import './screen-pop.css';

/** Typing pauses shorter than this do not send a search. */
const SEARCH_DEBOUNCE_MS = 150;
const SEARCH_LIMIT = 8;

const PROBLEMS = {
  nameMissing: 'screenpop:problems.nameMissing',
  phoneInvalid: 'screenpop:problems.phoneInvalid',
  emailInvalid: 'screenpop:problems.emailInvalid',
} as const satisfies Record<NewCustomerProblem, string>;

/**
 * The screen pop's questions, in the frame's notice area (visible on every screen): which of the
 * customers with the caller's number is calling, or who an unknown caller is (a new customer, or
 * one we know under another number). Stays after the call until answered or hidden: the wrap-up
 * needs a customer.
 */
export function ScreenPop() {
  const pops = useScreenPopStore((state) => state.pops);
  const pop = currentPop(pops);
  if (!pop) return null;
  return <PopCard key={pop.call.id} call={pop.call} />;
}

/** Links the call to a customer (adding the caller's number first when asked) and opens them. */
function useLinkCall(call: PopCall) {
  const client = useClient();
  return useCallback(
    async (customerId: string, options: { addNumber: boolean }) => {
      const number = callerNumber(call.remoteNumber);
      if (options.addNumber && number !== null) await client.request('customers.addPhone', { customerId, phone: number });
      const before = usePhoneStore.getState().eventCount;
      try {
        const status = await client.request('phone.linkCustomer', { callId: call.id, customerId });
        if (usePhoneStore.getState().eventCount === before) usePhoneStore.getState().receive(status);
      } catch (error) {
        // Main forgets an ended call after a few seconds; its wrap-up takes the customer from here.
        const gone = error instanceof LoketError && (error.code === 'phone.noCall' || error.code === 'phone.wrongState');
        if (!(gone && call.state === 'ended')) throw error;
      }
      useScreenPopStore.getState().linked(call.id, customerId);
      useWrapUpStore.getState().setCustomer(call.interactionId, customerId);
      openCustomer(customerId);
    },
    [client, call],
  );
}

function PopCard({ call }: { call: PopCall }) {
  const { t } = useT();
  const id = useId();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const kind = popKind(call);
  const number = numberText(t, call.remoteNumber, dialCountry);
  const [mode, setMode] = useState<'choose' | 'new' | 'link'>('choose');
  const [draft, setDraft] = useState<NewCustomerDraft>(() => ({
    name: '',
    phone: callerNumber(call.remoteNumber) ?? '',
    email: '',
    ...customerDefaults(call.remoteNumber, dialCountry),
  }));

  const dismiss = () => {
    useScreenPopStore.getState().dismiss(call.id);
    // Hidden after the call: the agent chose not to wrap it up with a customer.
    if (call.state === 'ended') useWrapUpStore.getState().close(call.interactionId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (mode === 'choose') dismiss();
    else setMode('choose');
  };

  const title = kind === 'chooser' ? t('screenpop:chooser.title', { count: call.matches.length }) : t('screenpop:unknown.title');

  return (
    <section
      className={`screen-pop screen-pop--${call.state}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-number`}
      onKeyDown={onKeyDown}
      data-testid={kind === 'chooser' ? 'screen-pop-chooser' : 'screen-pop-unknown'}
      data-call-id={call.id}
      data-call-state={call.state}
    >
      <div className="screen-pop__head">
        {kind === 'chooser' ? <UserRoundSearch size={20} aria-hidden="true" /> : <UserPlus size={20} aria-hidden="true" />}
        <h2 id={`${id}-title`} className="screen-pop__title">
          {title}
        </h2>
        <span id={`${id}-number`} className="screen-pop__number" data-testid="screen-pop-number">
          <Phone size={14} aria-hidden="true" />
          {call.remoteName ? t('screenpop:namedNumber', { name: call.remoteName, number }) : number}
        </span>
        <button
          type="button"
          className="icon-button icon-button--small screen-pop__dismiss"
          aria-label={t('screenpop:dismiss')}
          title={t('screenpop:dismiss')}
          onClick={dismiss}
          data-testid="screen-pop-dismiss"
        >
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      {call.state === 'ended' ? <p className="hint hint--warning">{t('screenpop:callEnded')}</p> : null}
      {kind === 'chooser' ? (
        <Chooser call={call} onDismiss={dismiss} />
      ) : mode === 'new' ? (
        <NewCustomerForm call={call} draft={draft} onDraft={setDraft} onBack={() => setMode('choose')} />
      ) : mode === 'link' ? (
        <LinkExisting call={call} number={number} onBack={() => setMode('choose')} />
      ) : (
        <div className="screen-pop__choice">
          <p className="hint">{t('screenpop:unknown.body')}</p>
          <div className="row">
            <button type="button" className="button button--primary" onClick={() => setMode('new')} data-testid="screen-pop-new">
              <UserPlus size={16} aria-hidden="true" />
              {t('screenpop:unknown.new')}
            </button>
            <button type="button" className="button" onClick={() => setMode('link')} data-testid="screen-pop-link">
              <Link2 size={16} aria-hidden="true" />
              {t('screenpop:unknown.link')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** Several customers share the number: arrows and Enter (or a click) pick, Esc hides. */
function Chooser({ call, onDismiss }: { call: PopCall; onDismiss: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const listId = useId();
  const link = useLinkCall(call);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choose = (match: CallerMatch | undefined) => {
    if (!match || busy) return;
    setBusy(match.id);
    setError(null);
    link(match.id, { addNumber: false }).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(call.matches[active]);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      onDismiss();
      return;
    }
    const next = moveIndex(event.key, active, call.matches.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    document.getElementById(`${listId}-${next}`)?.scrollIntoView?.({ block: 'nearest' });
  };

  return (
    <div className="screen-pop__chooser">
      <p className="hint" id={`${listId}-hint`}>
        {t('screenpop:chooser.hint')}
      </p>
      {/* Focus stays on the list (aria-activedescendant); it takes no focus by itself: the agent may be typing. */}
      <ul
        className="screen-pop__matches"
        role="listbox"
        tabIndex={0}
        aria-label={t('screenpop:chooser.label')}
        aria-describedby={`${listId}-hint`}
        aria-activedescendant={`${listId}-${active}`}
        aria-busy={busy !== null}
        onKeyDown={onKeyDown}
      >
        {call.matches.map((match, index) => (
          <li
            key={match.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className="screen-pop__match"
            onClick={() => choose(match)}
            onMouseMove={index === active ? undefined : () => setActive(index)}
            data-testid="screen-pop-match"
            data-customer-id={match.id}
          >
            <strong className="screen-pop__match-name">{match.name}</strong>
            <span className="hint">{regionName(match.country, locale)}</span>
            {match.emails.length > 0 ? (
              <span className="screen-pop__match-mail">
                <Mail size={14} aria-hidden="true" />
                {match.emails.join(', ')}
              </span>
            ) : (
              <span className="hint">{t('screenpop:chooser.noEmail')}</span>
            )}
            {busy === match.id ? <span className="hint">{t('screenpop:linking')}</span> : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorLine error={error} data-testid="screen-pop-error" /> : null}
    </div>
  );
}

function ErrorLine({ error, 'data-testid': testId }: { error: unknown; 'data-testid': string }) {
  const { t } = useT();
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {errorMessage(t, error)}
    </p>
  );
}

interface FieldProps {
  readonly id: string;
  /** The field's test id; its problem's is that plus `-problem`. */
  readonly 'data-testid': string;
  readonly label: string;
  readonly problem: string | null;
  readonly children: (describedBy: string | undefined) => ReactNode;
}

function Field({ id, 'data-testid': testId, label, problem, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id} className="field-label field-label--light">
        {label}
      </label>
      {children(problem ? `${id}-problem` : undefined)}
      {problem ? (
        <p id={`${id}-problem`} className="form-error" data-testid={`${testId}-problem`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** A new customer for the caller: name, the caller's number, e-mail, language and country. */
/** What a call's new-customer form sent: a retry reuses the id, and never creates a second customer. */
interface Sent {
  attempt: { id: string; payload: string } | null;
  created: string | null;
}
const sentByCall = new Map<string, Sent>();
function sentForCall(callId: string): Sent {
  let sent = sentByCall.get(callId);
  if (!sent) {
    sent = { attempt: null, created: null };
    sentByCall.set(callId, sent);
  }
  return sent;
}

export interface NewCustomerDraft {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly language: string;
  readonly country: string;
}

interface NewCustomerFormProps {
  readonly call: PopCall;
  /** Kept by the pop, so going back and forth (or Esc) loses nothing typed. */
  readonly draft: NewCustomerDraft;
  readonly onDraft: (draft: NewCustomerDraft) => void;
  readonly onBack: () => void;
}

function NewCustomerForm({ call, draft, onDraft, onBack }: NewCustomerFormProps) {
  const { t } = useT();
  const client = useClient();
  const locale = useLocale();
  const id = useId();
  const link = useLinkCall(call);
  const { name, phone, email, language, country } = draft;
  const setField = (field: keyof NewCustomerDraft) => (value: string) => onDraft({ ...draft, [field]: value });
  const setName = setField('name');
  const setPhone = setField('phone');
  const setEmail = setField('email');
  const setLanguage = setField('language');
  const [problems, setProblems] = useState<ReturnType<typeof checkNewCustomer>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const languages = [...new Set<string>([...CUSTOMER_LANGUAGES, language])]
    .map((code) => ({ code, name: languageName(code, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const countries = dialCountryOptions(locale, country);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found = checkNewCustomer({ name, phone, email, country });
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    const request = {
      name: name.trim(),
      phone: phone.trim() === '' ? null : phone.trim(),
      email: email.trim() === '' ? null : email.trim(),
      language,
      country,
    };
    const payload = JSON.stringify(request);
    const run = async () => {
      // Created already and only the linking failed: link again. An answer that did not come for
      // the same form: the same id again, so main keeps one customer.
      const sent = sentForCall(call.id);
      let customerId = sent.created;
      let pending = false;
      if (customerId === null) {
        const customer = sent.attempt?.payload === payload ? sent.attempt.id : uuidv7();
        sent.attempt = { id: customer, payload };
        pending = (await client.request('customers.create', { id: customer, ...request })).pending;
        sent.created = customer;
        customerId = customer;
      }
      await link(customerId, { addNumber: false });
      const offline = useSyncStore.getState().status?.connection !== 'online';
      useToastStore
        .getState()
        .show('success', pending && offline ? t('screenpop:created.pending', { name: request.name }) : t('screenpop:created.done', { name: request.name }));
    };
    run().then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  const problem = (field: 'name' | 'phone' | 'email') => {
    const found = problems[field];
    return found ? t(PROBLEMS[found]) : null;
  };
  const clear = (field: 'name' | 'phone' | 'email') => {
    if (problems[field]) setProblems((before) => ({ ...before, [field]: undefined }));
  };

  return (
    <form className="screen-pop__form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} aria-busy={busy} data-testid="new-customer-form">
      <p id={`${id}-title`} className="field-label">
        {t('screenpop:form.title')}
      </p>
      <div className="screen-pop__fields">
        <Field id={`${id}-name`} data-testid="new-customer-name" label={t('screenpop:form.name')} problem={problem('name')}>
          {(describedBy) => (
            <input
              id={`${id}-name`}
              className="text-input"
              type="text"
              autoComplete="off"
              maxLength={200}
              value={name}
              aria-invalid={problems.name !== undefined}
              aria-describedby={describedBy}
              aria-required="true"
              onChange={(event) => {
                setName(event.target.value);
                clear('name');
              }}
              autoFocus
              data-testid="new-customer-name"
            />
          )}
        </Field>
        <Field id={`${id}-phone`} data-testid="new-customer-phone" label={t('screenpop:form.phone')} problem={problem('phone')}>
          {(describedBy) => (
            <input
              id={`${id}-phone`}
              className="text-input"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              spellCheck={false}
              maxLength={40}
              value={phone}
              aria-invalid={problems.phone !== undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                setPhone(event.target.value);
                clear('phone');
              }}
              data-testid="new-customer-phone"
            />
          )}
        </Field>
        <Field id={`${id}-email`} data-testid="new-customer-email" label={t('screenpop:form.email')} problem={problem('email')}>
          {(describedBy) => (
            <input
              id={`${id}-email`}
              className="text-input"
              type="email"
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              value={email}
              aria-invalid={problems.email !== undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                setEmail(event.target.value);
                clear('email');
              }}
              data-testid="new-customer-email"
            />
          )}
        </Field>
        <Field id={`${id}-language`} data-testid="new-customer-language" label={t('screenpop:form.language')} problem={null}>
          {() => (
            <select id={`${id}-language`} className="select" value={language} onChange={(event) => setLanguage(event.target.value)} data-testid="new-customer-language">
              {languages.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-country`} data-testid="new-customer-country" label={t('screenpop:form.country')} problem={null}>
          {() => (
            <select
              id={`${id}-country`}
              className="select"
              value={country}
              onChange={(event) => {
                onDraft({ ...draft, country: event.target.value });
                clear('phone');
              }}
              data-testid="new-customer-country"
            >
              {countries.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error ? <ErrorLine error={error} data-testid="new-customer-error" /> : null}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy} data-testid="new-customer-save">
          <UserPlus size={16} aria-hidden="true" />
          {busy ? t('screenpop:form.saving') : t('screenpop:form.save')}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={busy} data-testid="screen-pop-back">
          {t('screenpop:back')}
        </button>
      </div>
    </form>
  );
}

type SearchState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'done'; readonly query: string; readonly hits: readonly CustomerHit[] }
  | { readonly phase: 'error'; readonly error: unknown };

/** "Link to existing": find the customer, who then gets the caller's number. */
function LinkExisting({ call, number, onBack }: { call: PopCall; number: string; onBack: () => void }) {
  const { t } = useT();
  const client = useClient();
  const locale = useLocale();
  const id = useId();
  const link = useLinkCall(call);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ phase: 'idle' });
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const hasNumber = callerNumber(call.remoteNumber) !== null;

  useEffect(() => {
    const trimmed = query.trim();
    const mine = ++latest.current;
    if (trimmed === '') return;
    const timer = setTimeout(() => {
      setSearch({ phase: 'loading' });
      client.request('customers.search', { query: trimmed, limit: SEARCH_LIMIT }).then(
        ({ hits }) => {
          if (mine !== latest.current) return;
          setSearch({ phase: 'done', query: trimmed, hits });
          setActive(0);
        },
        (failure: unknown) => {
          if (mine === latest.current) setSearch({ phase: 'error', error: failure });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, query]);

  const idle = query.trim() === '';
  const hits = search.phase === 'done' && !idle ? search.hits : [];

  const choose = (hit: CustomerHit | undefined) => {
    if (!hit || busy) return;
    setBusy(hit.id);
    setError(null);
    link(hit.id, { addNumber: true }).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      choose(hits[active]);
      return;
    }
    if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const next = moveIndex(event.key, active, hits.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    document.getElementById(`${id}-hit-${next}`)?.scrollIntoView?.({ block: 'nearest' });
  };

  let state: string | null = null;
  if (idle) state = null;
  else if (search.phase === 'loading') state = t('screenpop:link.searching');
  else if (search.phase === 'error') state = errorMessage(t, search.error);
  else if (search.phase === 'done' && hits.length === 0) state = t('screenpop:link.none', { query: search.query });
  else if (search.phase === 'done') state = t('screenpop:link.results', { count: hits.length });

  return (
    <div className="screen-pop__link">
      <label htmlFor={`${id}-search`} className="field-label field-label--light">
        {t('screenpop:link.label')}
      </label>
      <input
        id={`${id}-search`}
        className="text-input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        aria-autocomplete="list"
        aria-expanded={hits.length > 0}
        aria-controls={`${id}-hits`}
        aria-activedescendant={hits.length > 0 ? `${id}-hit-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        placeholder={t('screenpop:link.placeholder')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
        data-testid="link-customer-search"
      />
      <p id={`${id}-hint`} className="hint">
        {hasNumber ? t('screenpop:link.hint', { number }) : t('screenpop:link.hintNoNumber')}
      </p>
      <p className={search.phase === 'error' && !idle ? 'form-error' : 'hint'} role={search.phase === 'error' && !idle ? 'alert' : 'status'} data-testid="link-customer-state">
        {state}
      </p>
      <ul id={`${id}-hits`} className="screen-pop__matches" role="listbox" aria-label={t('screenpop:link.resultsLabel')} hidden={hits.length === 0}>
        {hits.map((hit, index) => (
          <li
            key={hit.id}
            id={`${id}-hit-${index}`}
            role="option"
            aria-selected={index === active}
            className="screen-pop__match"
            onClick={() => choose(hit)}
            onMouseMove={index === active ? undefined : () => setActive(index)}
            data-testid="link-customer-hit"
            data-customer-id={hit.id}
          >
            <strong className="screen-pop__match-name">{hit.name}</strong>
            <span className="hint">{regionName(hit.country, locale)}</span>
            {hit.phones.length > 0 ? (
              <span className="screen-pop__match-mail">
                <Phone size={14} aria-hidden="true" />
                {hit.phones.join(', ')}
              </span>
            ) : null}
            {hit.emails.length > 0 ? (
              <span className="screen-pop__match-mail">
                <Mail size={14} aria-hidden="true" />
                {hit.emails.join(', ')}
              </span>
            ) : null}
            {busy === hit.id ? <span className="hint">{t('screenpop:linking')}</span> : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorLine error={error} data-testid="link-customer-error" /> : null}
      <div className="row">
        <button type="button" className="button" onClick={onBack} disabled={busy !== null} data-testid="screen-pop-back">
          {t('screenpop:back')}
        </button>
      </div>
    </div>
  );
}
