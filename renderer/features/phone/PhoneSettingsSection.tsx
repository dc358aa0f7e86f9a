import { Bell, Plus, Save, Trash2, Volume2 } from 'lucide-react';
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { drop } from '../../../common/assert.ts';
import { WRAP_UP_SECONDS, type SettingsPatch } from '../../../common/contract/contract.ts';
import { SipAccountInput, type IceServer, type SipAccountView } from '../../../common/contract/telephony.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useWholeNumberSetting } from '../settings/use-whole-number-setting.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { listAudioDevices, playTestTone, startLevelMeter, watchDevices, type AudioDevices, type DeviceOption } from './audio-devices.ts';
import { dialCountryOptions } from './countries.ts';
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from './notifications.ts';
import { PHONE_SETTINGS_ID } from './PhoneStatusControl.tsx';
import { askForCallNotifications } from './use-phone.ts';

// ---- the SIP account form, checked before it is sent -------------------------------------------

export type AccountField = 'server' | 'username' | 'password' | 'domain' | 'authorizationUser' | 'displayName';
export type AccountDraft = Record<AccountField, string>;

type AccountProblem =
  | 'phone:settings.account.errors.serverRequired'
  | 'phone:settings.account.errors.serverInvalid'
  | 'phone:settings.account.errors.serverInsecure'
  | 'phone:settings.account.errors.usernameRequired'
  | 'phone:settings.account.errors.usernameInvalid'
  | 'phone:settings.account.errors.domainInvalid'
  | 'phone:settings.account.errors.tooLong';

const MAX_LENGTH: Record<AccountField, number> = { server: 300, username: 100, password: 200, domain: 200, authorizationUser: 100, displayName: 100 };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The account as main takes it, or what is wrong with each field (as locale keys). */
export function validateAccount(draft: AccountDraft): { input: SipAccountInput | null; problems: Partial<Record<AccountField, AccountProblem>> } {
  const problems: Partial<Record<AccountField, AccountProblem>> = {};
  const trimmed: AccountDraft = {
    server: draft.server.trim(),
    username: draft.username.trim(),
    password: draft.password,
    domain: draft.domain.trim(),
    authorizationUser: draft.authorizationUser.trim(),
    displayName: draft.displayName.trim(),
  };
  for (const field of Object.keys(MAX_LENGTH) as AccountField[]) {
    if (trimmed[field].length > MAX_LENGTH[field]) problems[field] = 'phone:settings.account.errors.tooLong';
  }
  if (!problems.server) {
    if (trimmed.server === '') problems.server = 'phone:settings.account.errors.serverRequired';
    else {
      const url = parseUrl(trimmed.server);
      if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:') || url.hostname === '') problems.server = 'phone:settings.account.errors.serverInvalid';
      else if (url.protocol === 'ws:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.')) {
        problems.server = 'phone:settings.account.errors.serverInsecure';
      }
    }
  }
  if (!problems.username) {
    if (trimmed.username === '') problems.username = 'phone:settings.account.errors.usernameRequired';
    else if (/[\s@:]/.test(trimmed.username)) problems.username = 'phone:settings.account.errors.usernameInvalid';
  }
  if (!problems.domain && trimmed.domain !== '' && !/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(trimmed.domain)) {
    problems.domain = 'phone:settings.account.errors.domainInvalid';
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const parsed = SipAccountInput.safeParse(trimmed);
  if (parsed.success) return { input: parsed.data, problems };
  // The contract said no to something the checks above let through: point at the field.
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in MAX_LENGTH) problems[field as AccountField] ??= field === 'server' ? 'phone:settings.account.errors.serverInvalid' : 'phone:settings.account.errors.tooLong';
  }
  return { input: null, problems };
}

/** How each field is typed and what the browser may fill in (never a saved web password). */
const ACCOUNT_INPUTS: Record<AccountField, { type: 'text' | 'url' | 'password'; autoComplete: string }> = {
  server: { type: 'url', autoComplete: 'off' },
  username: { type: 'text', autoComplete: 'off' },
  password: { type: 'password', autoComplete: 'new-password' },
  domain: { type: 'text', autoComplete: 'off' },
  authorizationUser: { type: 'text', autoComplete: 'off' },
  displayName: { type: 'text', autoComplete: 'name' },
};

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function draftOf(view: SipAccountView | null): AccountDraft {
  return {
    server: view?.server ?? '',
    username: view?.username ?? '',
    password: '',
    domain: view?.domain ?? '',
    authorizationUser: view?.authorizationUser ?? '',
    displayName: view?.displayName ?? '',
  };
}

// ---- ICE servers ---------------------------------------------------------------------------

export interface IceRow {
  readonly urls: string;
  readonly username: string;
  readonly credential: string;
}

const ICE_URL = /^(stuns?|turns?):[^\s,]+$/i;
const MAX_ICE_SERVERS = 10;

export type IceProblem = 'phone:settings.ice.errors.urls' | 'phone:settings.ice.errors.tooMany' | 'phone:settings.ice.errors.credentials';

/** The rows as the setting stores them, or the problem of each row (by index). */
export function parseIceRows(rows: readonly IceRow[]): { servers: IceServer[] | null; problems: (IceProblem | null)[] } {
  const servers: IceServer[] = [];
  const problems = rows.map((row): IceProblem | null => {
    const urls = row.urls.split(/[\s,]+/).filter((url) => url !== '');
    if (urls.length === 0 || urls.some((url) => !ICE_URL.test(url) || url.length > 300)) return 'phone:settings.ice.errors.urls';
    if (urls.length > 5) return 'phone:settings.ice.errors.tooMany';
    const username = row.username.trim();
    const credential = row.credential;
    if (urls.some((url) => /^turns?:/i.test(url)) && (username === '' || credential === '')) return 'phone:settings.ice.errors.credentials';
    servers.push({
      urls: urls.length === 1 ? (urls[0] ?? '') : urls,
      ...(username === '' ? {} : { username }),
      ...(credential === '' ? {} : { credential }),
    });
    return null;
  });
  return { servers: problems.every((problem) => problem === null) ? servers : null, problems };
}

function rowsOf(servers: readonly IceServer[]): IceRow[] {
  return servers.map((server) => ({
    urls: Array.isArray(server.urls) ? server.urls.join(', ') : server.urls,
    username: server.username ?? '',
    credential: server.credential ?? '',
  }));
}

// ---- the section ---------------------------------------------------------------------------

/** Settings → Phone: the SIP account, audio devices, call settings and connection servers. */
export function PhoneSettingsSection() {
  const { t } = useT();
  const id = useId();
  const shell = useSettingsStore((state) => state.info?.shell);
  return (
    <div className="phone-settings" id={PHONE_SETTINGS_ID} data-testid="phone-settings">
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="section-title" tabIndex={-1}>
          {t('phone:settings.account.title')}
        </h2>
        <AccountForm />
      </section>
      <DeviceSettings />
      <CallSettings />
      <IceServersEditor />
      {shell === 'web' ? <NotificationSetting /> : null}
    </div>
  );
}

function AccountForm() {
  const { t, i18n } = useT();
  const client = useClient();
  const id = useId();
  const toast = useToastStore((state) => state.show);
  const [view, setView] = useState<SipAccountView | null>(null);
  const [draft, setDraft] = useState<AccountDraft | null>(null);
  const [problems, setProblems] = useState<Partial<Record<AccountField, AccountProblem>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let alive = true;
    client.request('phone.account.get', {}).then(
      (account) => alive && setView(account),
      (error: unknown) => alive && setFailure(errorMessage(t, error)),
    );
    return () => {
      alive = false;
    };
    // `t` changes with the language; reading the account again then is not wanted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  const values = draft ?? draftOf(view);
  const change = (field: AccountField, value: string) => {
    setDraft({ ...values, [field]: value });
    setProblems((current) => ({ ...current, [field]: undefined }));
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validateAccount(values);
    setProblems(checked.problems);
    setFailure(null);
    if (!checked.input) {
      const first = (Object.keys(checked.problems) as AccountField[])[0];
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    // Setting up the phone is the moment to ask whether incoming calls may notify.
    askForCallNotifications();
    setSaving(true);
    client
      .request('phone.account.set', checked.input)
      .then(
        (account) => {
          setView(account);
          setDraft(null);
          toast('success', i18n.t('phone:settings.account.saved'));
        },
        (error: unknown) => setFailure(errorMessage(t, error)),
      )
      .finally(() => setSaving(false));
  };

  const field = (name: AccountField, label: string, input: { hint?: string; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`} className="field-label">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        className="text-input"
        type={ACCOUNT_INPUTS[name].type}
        autoComplete={ACCOUNT_INPUTS[name].autoComplete}
        spellCheck={false}
        required={name === 'server' || name === 'username'}
        placeholder={input.placeholder}
        value={values[name]}
        aria-invalid={problems[name] !== undefined}
        aria-describedby={[input.hint ? `${id}-${name}-hint` : null, problems[name] ? `${id}-${name}-error` : null].filter(Boolean).join(' ') || undefined}
        onChange={(event) => change(name, event.target.value)}
        data-testid={`sip-${name}`}
      />
      {input.hint ? (
        <p id={`${id}-${name}-hint`} className="hint">
          {input.hint}
        </p>
      ) : null}
      {problems[name] ? (
        <p id={`${id}-${name}-error`} className="form-error" data-testid={`sip-${name}-error`}>
          {t(problems[name])}
        </p>
      ) : null}
    </div>
  );

  const problemCount = Object.values(problems).filter(Boolean).length;

  return (
    <form className="form" onSubmit={save} noValidate data-testid="sip-account-form" data-source={view?.source ?? 'none'}>
      <p className="hint">{view?.source === 'hub' ? t('phone:settings.account.fromHub') : t('phone:settings.account.description')}</p>
      {field('server', t('phone:settings.account.server'), { hint: t('phone:settings.account.serverHint') })}
      <div className="form__pair">
        {field('username', t('phone:settings.account.username'))}
        {field('password', t('phone:settings.account.password'), {
          placeholder: view?.hasPassword ? t('phone:settings.account.passwordStored') : undefined,
          hint: view?.hasPassword ? t('phone:settings.account.passwordKeep') : undefined,
        })}
      </div>
      <div className="form__pair">
        {field('domain', t('phone:settings.account.domain'), { hint: t('phone:settings.account.domainHint') })}
        {field('authorizationUser', t('phone:settings.account.authorizationUser'), { hint: t('phone:settings.account.authorizationUserHint') })}
      </div>
      {field('displayName', t('phone:settings.account.displayName'), { hint: t('phone:settings.account.displayNameHint') })}
      {failure !== null || problemCount > 0 ? (
        <p className="form-error" role="alert" data-testid="sip-account-error">
          {failure ?? t('phone:settings.account.errors.summary', { count: problemCount })}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button button--primary" disabled={saving} aria-busy={saving} data-testid="sip-account-save">
          <Save size={16} aria-hidden="true" />
          {saving ? t('phone:settings.account.saving') : t('phone:settings.account.save')}
        </button>
      </div>
    </form>
  );
}

// ---- devices -------------------------------------------------------------------------------

function DeviceSettings() {
  const { t } = useT();
  const client = useClient();
  const id = useId();
  const toast = useToastStore((state) => state.show);
  const settings = useSettingsStore((state) => state.settings);
  const update = useSettingsStore((state) => state.update);
  const [devices, setDevices] = useState<AudioDevices | null>(null);
  const [listFailed, setListFailed] = useState(false);
  /** Why the level meter could not open the microphone (a DOMException name). */
  const [micError, setMicError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    listAudioDevices().then(
      (list) => {
        setDevices(list);
        setListFailed(false);
      },
      () => setListFailed(true),
    );
  }, []);

  useEffect(() => {
    refresh();
    return watchDevices((list) => setDevices(list));
  }, [refresh]);

  const save = (patch: SettingsPatch) => drop(update(client, patch), (error) => toast('error', errorMessage(t, error)));
  const sinkChoice = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="phone-devices">
      <h2 id={`${id}-title`} className="section-title">
        {t('phone:settings.devices.title')}
      </h2>
      {listFailed ? <p className="form-error">{t('phone:settings.devices.listFailed')}</p> : null}
      <DeviceSelect
        label={t('phone:settings.devices.microphone')}
        kind="microphone"
        options={devices?.microphones ?? []}
        value={settings.microphoneId}
        onChange={(microphoneId) => {
          setMicError(null);
          save({ microphoneId });
        }}
        // No alert: it would interrupt whoever opens Settings; the text is right under the choice.
        error={micError === null ? undefined : errorMessage(t, new LoketError('phone.microphoneBlocked', { reason: micError }))}
      >
        {/* Remounted per device: a new device starts a new meter with a clean state. */}
        <MicLevel key={settings.microphoneId} microphoneId={settings.microphoneId} onOpened={refresh} onError={setMicError} />
      </DeviceSelect>
      <DeviceSelect
        label={t('phone:settings.devices.speaker')}
        kind="speaker"
        options={devices?.speakers ?? []}
        value={settings.speakerId}
        onChange={(speakerId) => save({ speakerId })}
        hint={sinkChoice ? undefined : t('phone:settings.devices.noOutputChoice')}
      >
        <TestTone sinkId={settings.speakerId} kind="speaker" />
      </DeviceSelect>
      <DeviceSelect
        label={t('phone:settings.devices.ringer')}
        kind="ringer"
        options={devices?.speakers ?? []}
        value={settings.ringerId}
        onChange={(ringerId) => save({ ringerId })}
        hint={t('phone:settings.devices.ringerHint')}
      >
        <TestTone sinkId={settings.ringerId} kind="ringer" />
      </DeviceSelect>
    </section>
  );
}

interface DeviceSelectProps {
  readonly label: string;
  readonly kind: 'microphone' | 'speaker' | 'ringer';
  readonly options: readonly DeviceOption[];
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly hint?: string;
  readonly error?: string;
  readonly children?: ReactNode;
}

function DeviceSelect({ label, kind, options, value, onChange, hint, error, children }: DeviceSelectProps) {
  const { t } = useT();
  const id = useId();
  const known = value === '' || options.some((option) => option.id === value);
  const unnamed = (n: number) => (kind === 'microphone' ? t('phone:settings.devices.unnamedMicrophone', { n }) : t('phone:settings.devices.unnamedSpeaker', { n }));
  return (
    <div className="field phone-device">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="row">
        <select
          id={id}
          className="select phone-device__select"
          value={value}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => onChange(event.target.value)}
          data-testid={`device-${kind}`}
        >
          <option value="">{t('phone:settings.devices.systemDefault')}</option>
          {options.map((option, index) => (
            <option key={option.id} value={option.id}>
              {option.label === '' ? unnamed(index + 1) : option.label}
            </option>
          ))}
          {known ? null : <option value={value}>{t('phone:settings.devices.missing')}</option>}
        </select>
        {children}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" data-testid={kind === 'microphone' ? 'mic-error' : `${kind}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** How loud the microphone is right now, while Settings → Phone is open. */
function MicLevel({ microphoneId, onOpened, onError }: { microphoneId: string; onOpened: () => void; onError: (code: string) => void }) {
  const { t } = useT();
  const locale = useLocale();
  const [level, setLevel] = useState(0);

  useEffect(() => {
    let opened = false;
    return startLevelMeter(
      microphoneId,
      (value) => {
        // Twenty steps are enough for the eye and spare re-renders.
        setLevel(Math.round(Math.min(1, Math.max(0, value)) * 20) / 20);
        if (!opened) {
          opened = true;
          onOpened(); // the names of the devices are readable now
        }
      },
      onError,
    );
  }, [microphoneId, onOpened, onError]);

  const percent = Math.round(level * 100);
  return (
    <div
      className="mic-level"
      role="meter"
      aria-label={t('phone:settings.devices.level')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={formatNumber(level, locale, { style: 'percent' })}
      data-testid="mic-level"
      data-level={level}
    >
      <div className={`mic-level__fill${level >= 0.9 ? ' mic-level__fill--loud' : ''}`} style={{ width: `${percent}%` }} />
    </div>
  );}

function TestTone({ sinkId, kind }: { sinkId: string; kind: 'speaker' | 'ringer' }) {
  const { t } = useT();
  const [state, setState] = useState<'idle' | 'playing' | 'failed'>('idle');
  const play = () => {
    setState('playing');
    playTestTone(sinkId).then(
      () => setState('idle'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <button type="button" className="button button--small" onClick={play} disabled={state === 'playing'} aria-busy={state === 'playing'} data-testid={`${kind}-test`}>
        <Volume2 size={14} aria-hidden="true" />
        {state === 'playing' ? t('phone:settings.devices.playing') : t('phone:settings.devices.test')}
      </button>
      {state === 'failed' ? (
        <span className="form-error" role="alert">
          {t('phone:settings.devices.testFailed')}
        </span>
      ) : null}
    </>
  );
}

// ---- wrap-up and dial country ----------------------------------------------------------------

function CallSettings() {
  const { t, i18n } = useT();
  const locale = useLocale();
  const client = useClient();
  const id = useId();
  const toast = useToastStore((state) => state.show);
  const wrapUp = useWholeNumberSetting('wrapUpSeconds', WRAP_UP_SECONDS);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const update = useSettingsStore((state) => state.update);

  const changeCountry = (code: string) =>
    update(client, { dialCountry: code }).then(
      () => toast('success', i18n.t('settings:saved')),
      (error: unknown) => toast('error', errorMessage(t, error)),
    );

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="phone-call-settings">
      <h2 id={`${id}-title`} className="section-title">
        {t('phone:settings.calls.title')}
      </h2>
      <form className="row row--end" onSubmit={wrapUp.save} noValidate>
        <div className="field">
          <label htmlFor={`${id}-wrap-up`} className="field-label">
            {t('phone:settings.calls.wrapUp')}
          </label>
          <input
            id={`${id}-wrap-up`}
            className="text-input text-input--number"
            type="number"
            inputMode="numeric"
            min={WRAP_UP_SECONDS.min}
            max={WRAP_UP_SECONDS.max}
            step={1}
            required
            value={wrapUp.value}
            aria-invalid={wrapUp.invalid}
            aria-describedby={`${id}-wrap-up-hint`}
            onChange={(event) => wrapUp.edit(event.target.value)}
            data-testid="wrap-up-seconds"
          />
        </div>
        <button type="submit" className="button" disabled={wrapUp.saving || !wrapUp.dirty} aria-busy={wrapUp.saving} data-testid="wrap-up-save">
          {t('phone:settings.calls.save')}
        </button>
      </form>
      <p id={`${id}-wrap-up-hint`} className={wrapUp.invalid ? 'form-error' : 'hint'} role={wrapUp.invalid ? 'alert' : undefined} data-testid="wrap-up-hint">
        {wrapUp.invalid
          ? t('phone:settings.calls.wrapUpInvalid', wrapUp.bounds)
          : wrapUp.saved === 0
            ? t('phone:settings.calls.wrapUpOff')
            : t('phone:settings.calls.wrapUpHint', { count: wrapUp.saved })}
      </p>
      <div className="field">
        <label htmlFor={`${id}-country`} className="field-label">
          {t('phone:settings.calls.dialCountry')}
        </label>
        <select
          id={`${id}-country`}
          className="select phone-country"
          value={dialCountry}
          aria-describedby={`${id}-country-hint`}
          onChange={(event) => void changeCountry(event.target.value)}
          data-testid="dial-country"
        >
          {dialCountryOptions(locale, dialCountry).map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
        <p id={`${id}-country-hint`} className="hint">
          {t('phone:settings.calls.dialCountryHint')}
        </p>
      </div>
    </section>
  );
}

// ---- ICE servers -----------------------------------------------------------------------------

function IceServersEditor() {
  const { t, i18n } = useT();
  const client = useClient();
  const id = useId();
  const toast = useToastStore((state) => state.show);
  const saved = useSettingsStore((state) => state.settings.iceServers);
  const update = useSettingsStore((state) => state.update);
  const [draft, setDraft] = useState<IceRow[] | null>(null);
  const [problems, setProblems] = useState<(IceProblem | null)[]>([]);
  const [saving, setSaving] = useState(false);
  const rows = draft ?? rowsOf(saved);

  const edit = (index: number, patch: Partial<IceRow>) => {
    setDraft(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
    setProblems((current) => current.map((problem, at) => (at === index ? null : problem)));
  };
  const remove = (index: number) => {
    setDraft(rows.filter((_, at) => at !== index));
    setProblems((current) => current.filter((_, at) => at !== index));
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseIceRows(rows);
    setProblems(parsed.problems);
    if (!parsed.servers) return;
    setSaving(true);
    update(client, { iceServers: parsed.servers })
      .then(
        () => {
          setDraft(null);
          toast('success', i18n.t('settings:saved'));
        },
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setSaving(false));
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="ice-servers">
      <h2 id={`${id}-title`} className="section-title">
        {t('phone:settings.ice.title')}
      </h2>
      <p className="hint">{t('phone:settings.ice.description')}</p>
      <form className="form" onSubmit={save} noValidate>
        {rows.length === 0 ? (
          <p className="ice-empty" data-testid="ice-empty">
            {t('phone:settings.ice.empty')}
          </p>
        ) : (
          <ol className="ice-list">
            {rows.map((row, index) => {
              const n = index + 1;
              const problem = problems[index] ?? null;
              return (
                <li key={index} className="ice-row" data-testid="ice-row">
                  <fieldset className="field field--plain">
                    <legend className="field-label">{t('phone:settings.ice.server', { n })}</legend>
                    <div className="ice-row__fields">
                      <div className="field ice-row__urls">
                        <label htmlFor={`${id}-${index}-urls`} className="field-label field-label--light">
                          {t('phone:settings.ice.urls')}
                        </label>
                        <input
                          id={`${id}-${index}-urls`}
                          className="text-input"
                          type="text"
                          spellCheck={false}
                          autoComplete="off"
                          placeholder={t('phone:settings.ice.urlsPlaceholder')}
                          value={row.urls}
                          aria-invalid={problem !== null}
                          aria-describedby={problem ? `${id}-${index}-error` : undefined}
                          onChange={(event) => edit(index, { urls: event.target.value })}
                          data-testid="ice-urls"
                        />
                      </div>
                      <div className="field">
                        <label htmlFor={`${id}-${index}-username`} className="field-label field-label--light">
                          {t('phone:settings.ice.username')}
                        </label>
                        <input
                          id={`${id}-${index}-username`}
                          className="text-input"
                          type="text"
                          spellCheck={false}
                          autoComplete="off"
                          value={row.username}
                          onChange={(event) => edit(index, { username: event.target.value })}
                          data-testid="ice-username"
                        />
                      </div>
                      <div className="field">
                        <label htmlFor={`${id}-${index}-credential`} className="field-label field-label--light">
                          {t('phone:settings.ice.credential')}
                        </label>
                        <input
                          id={`${id}-${index}-credential`}
                          className="text-input"
                          type="password"
                          autoComplete="new-password"
                          value={row.credential}
                          onChange={(event) => edit(index, { credential: event.target.value })}
                          data-testid="ice-credential"
                        />
                      </div>
                      <button
                        type="button"
                        className="icon-button ice-row__remove"
                        aria-label={t('phone:settings.ice.remove', { n })}
                        title={t('phone:settings.ice.remove', { n })}
                        onClick={() => remove(index)}
                        data-testid="ice-remove"
                      >
                        <Trash2 size={16} aria-hidden="true" />
                      </button>
                    </div>
                    {problem ? (
                      <p id={`${id}-${index}-error`} className="form-error" data-testid="ice-error">
                        {t(problem)}
                      </p>
                    ) : null}
                  </fieldset>
                </li>
              );
            })}
          </ol>
        )}
        <div className="row">
          <button
            type="button"
            className="button button--small"
            disabled={rows.length >= MAX_ICE_SERVERS}
            onClick={() => setDraft([...rows, { urls: '', username: '', credential: '' }])}
            data-testid="ice-add"
          >
            <Plus size={14} aria-hidden="true" />
            {t('phone:settings.ice.add')}
          </button>
          <button type="submit" className="button" disabled={saving || draft === null} aria-busy={saving} data-testid="ice-save">
            {t('phone:settings.ice.save')}
          </button>
        </div>
        {problems.some((problem) => problem !== null) ? (
          <p className="form-error" role="alert">
            {t('phone:settings.ice.errors.summary')}
          </p>
        ) : null}
      </form>
    </section>
  );
}

// ---- notifications (web shell) ---------------------------------------------------------------

function NotificationSetting() {
  const { t } = useT();
  const id = useId();
  const [permission, setPermission] = useState<NotificationPermissionState>(() => notificationPermission());
  let text: string;
  switch (permission) {
    case 'granted':
      text = t('phone:settings.notifications.granted');
      break;
    case 'denied':
      text = t('phone:settings.notifications.denied');
      break;
    case 'default':
      text = t('phone:settings.notifications.default');
      break;
    case 'unsupported':
      text = t('phone:settings.notifications.unsupported');
      break;
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="phone-notifications" data-permission={permission}>
      <h2 id={`${id}-title`} className="section-title">
        {t('phone:settings.notifications.title')}
      </h2>
      <p className="hint" aria-live="polite">
        {text}
      </p>
      {permission === 'default' ? (
        <div className="row">
          <button type="button" className="button button--small" onClick={() => void requestNotificationPermission().then(setPermission)} data-testid="notifications-allow">
            <Bell size={14} aria-hidden="true" />
            {t('phone:settings.notifications.allow')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
