import { LogIn, LogOut } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { SignInRequest } from '../../../common/contract/data.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { useCustomerStore } from '../../app/stores/customer-store.ts';
import { useSearchStore } from '../../app/stores/search-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ROLE_LABELS } from '../../app/roles.ts';

type SignInErrorKey =
  | 'settings:hub.errors.invalidCredentials'
  | 'settings:hub.errors.enrollmentInvalid'
  | 'settings:hub.errors.rateLimited'
  | 'settings:hub.errors.revoked'
  | 'settings:hub.errors.expired'
  | 'settings:hub.errors.forbidden'
  | 'settings:hub.errors.required';

const SIGN_IN_ERRORS: Readonly<Record<string, SignInErrorKey>> = {
  'auth.invalidCredentials': 'settings:hub.errors.invalidCredentials',
  'enrollment.invalid': 'settings:hub.errors.enrollmentInvalid',
  'auth.rateLimited': 'settings:hub.errors.rateLimited',
  'auth.revoked': 'settings:hub.errors.revoked',
  'auth.expired': 'settings:hub.errors.expired',
  'auth.forbidden': 'settings:hub.errors.forbidden',
  'auth.required': 'settings:hub.errors.required',
};

/** How an agent signs in: with a password, or with an enrollment code. */
const SIGN_IN_METHODS = [
  { value: 'password', label: 'settings:hub.methodPassword' },
  { value: 'enrollment', label: 'settings:hub.methodEnrollment' },
] as const satisfies readonly { value: SignInRequest['method']; label: string }[];

/** Why the hub did not let the agent in, from the code in the `error` HubStatus. */
export function signInErrorMessage(t: T, code: string, url: string): string {
  if (code === 'hub.unreachable') return t('settings:hub.errors.unreachable', { url });
  const key = Object.hasOwn(SIGN_IN_ERRORS, code) ? SIGN_IN_ERRORS[code] : undefined;
  return key ? t(key) : t('settings:hub.errors.other', { code });
}

/** Settings → Team hub: sign in with a password or an enrollment code, see who, sign out. */
export function HubSection() {
  const { t } = useT();
  const status = useHubStore((state) => state.status);
  return (
    <Panel title={t('settings:hub.title')} testId="hub-section" data-state={status.state}>
      {status.state === 'signedIn' ? <SignedIn /> : <SignInForm />}
    </Panel>
  );
}

function SignedIn() {
  const { t } = useT();
  const client = useClient();
  const wipeId = useId();
  const status = useHubStore((state) => state.status);
  const setStatus = useHubStore((state) => state.setStatus);
  const toast = useToastStore((state) => state.show);
  const [wipe, setWipe] = useState(false);
  const [busy, setBusy] = useState(false);
  if (status.state !== 'signedIn') return null;

  const signOut = () => {
    setBusy(true);
    client
      .request('hub.signOut', { wipe })
      .then(
        (next) => {
          setStatus(next);
          if (wipe) {
            // What was on screen came from the data just deleted.
            useCustomerStore.getState().setCustomer(null);
            useSearchStore.getState().clear();
          }
          toast('success', wipe ? t('settings:hub.signedOutWiped') : t('settings:hub.signedOut'));
        },
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <>
      <p data-testid="hub-agent">{t('settings:hub.signedInAs', { name: status.agent.displayName, role: t(ROLE_LABELS[status.agent.role]) })}</p>
      <dl className="facts">
        <dt>{t('settings:hub.account')}</dt>
        <dd>{status.agent.email}</dd>
        <dt>{t('settings:hub.address')}</dt>
        <dd>{status.url}</dd>
      </dl>
      <div className="check">
        <input id={wipeId} type="checkbox" checked={wipe} onChange={(event) => setWipe(event.target.checked)} aria-describedby={`${wipeId}-hint`} data-testid="hub-wipe" />
        <label htmlFor={wipeId}>{t('settings:hub.wipe')}</label>
        <p id={`${wipeId}-hint`} className="hint check__hint">
          {t('settings:hub.wipeHint')}
        </p>
      </div>
      <FormActions>
        <ActionButton
          variant={wipe ? 'danger' : 'plain'}
          icon={LogOut}
          label={t('settings:hub.signOut')}
          busyLabel={t('settings:hub.signingOut')}
          busy={busy}
          onClick={signOut}
          testId="hub-sign-out"
        />
      </FormActions>
    </>
  );
}

function SignInForm() {
  const { t } = useT();
  const client = useClient();
  const id = useId();
  const status = useHubStore((state) => state.status);
  const setStatus = useHubStore((state) => state.setStatus);
  const [method, setMethod] = useState<SignInRequest['method']>('password');
  const [url, setUrl] = useState(status.state === 'off' ? '' : status.url);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  /** A failure of the request itself (invalid address, console service gone); hub refusals come as status. */
  const [failure, setFailure] = useState<unknown>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request: SignInRequest =
      method === 'password' ? { method, url: url.trim(), email: email.trim(), password } : { method, url: url.trim(), code: code.trim() };
    setBusy(true);
    setFailure(null);
    client
      .request('hub.signIn', request)
      .then(
        (next) => {
          setStatus(next);
          if (next.state === 'signedIn') {
            setPassword('');
            setCode('');
          }
        },
        (error: unknown) => setFailure(error),
      )
      .finally(() => setBusy(false));
  };

  const connecting = status.state === 'connecting';
  const message = failure ? errorMessage(t, failure) : status.state === 'error' ? signInErrorMessage(t, status.code, status.url) : null;

  return (
    <form className="form" onSubmit={submit} aria-describedby={`${id}-description`} data-testid="hub-sign-in">
      <p id={`${id}-description`} className="hint">
        {t('settings:hub.description')}
      </p>
      <TextField id={`${id}-url`} label={t('settings:hub.url')} type="url" inputMode="url" autoComplete="url" required value={url} onValueChange={setUrl} testId="hub-url" />
      <ChoiceGroup
        legend={t('settings:hub.method')}
        name={`${id}-method`}
        choices={SIGN_IN_METHODS.map((choice) => ({ value: choice.value, label: t(choice.label), testId: `hub-method-${choice.value}` }))}
        value={method}
        onChange={setMethod}
      />
      {method === 'password' ? (
        <div className="form__pair">
          <TextField id={`${id}-email`} label={t('settings:hub.email')} type="email" autoComplete="username" required value={email} onValueChange={setEmail} testId="hub-email" />
          <TextField
            id={`${id}-password`}
            label={t('settings:hub.password')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValueChange={setPassword}
            testId="hub-password"
          />
        </div>
      ) : (
        <TextField
          id={`${id}-code`}
          label={t('settings:hub.code')}
          hint={t('settings:hub.codeHint')}
          inputClassName="text-input--code"
          type="text"
          autoComplete="one-time-code"
          spellCheck={false}
          required
          minLength={6}
          maxLength={40}
          value={code}
          onValueChange={setCode}
          testId="hub-code"
        />
      )}
      {message ? <ErrorLine testId="hub-error">{message}</ErrorLine> : null}
      {connecting ? (
        <p className="hint" role="status">
          {t('settings:hub.connecting', { url: status.url })}
        </p>
      ) : null}
      <FormActions>
        <ActionButton
          type="submit"
          variant="primary"
          icon={LogIn}
          label={t('settings:hub.signIn')}
          busyLabel={t('settings:hub.signingIn')}
          busy={busy}
          disabled={connecting}
          testId="hub-sign-in-submit"
        />
      </FormActions>
    </form>
  );
}
