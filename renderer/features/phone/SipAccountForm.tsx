import { Save } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SipAccountView } from '../../../common/contract/telephony.ts';
import { useClient } from '../../app/client-context.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ACCOUNT_INPUTS, draftOf, validateAccount, type AccountDraft, type AccountField, type AccountProblem } from './sip-account-model.ts';
import { askForCallNotifications } from './use-phone.ts';

/** Settings → Phone → SIP account: the form, checked field by field before it is sent. */
export function SipAccountForm() {
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

  const field = (name: AccountField, label: string, input: { hint?: string; placeholder?: string } = {}) => {
    const problem = problems[name];
    return (
      <TextField
        id={`${id}-${name}`}
        label={label}
        hint={input.hint}
        error={problem ? t(problem) : undefined}
        errorTestId={`sip-${name}-error`}
        type={ACCOUNT_INPUTS[name].type}
        autoComplete={ACCOUNT_INPUTS[name].autoComplete}
        spellCheck={false}
        required={name === 'server' || name === 'username'}
        placeholder={input.placeholder}
        value={values[name]}
        onValueChange={(text) => change(name, text)}
        testId={`sip-${name}`}
      />
    );
  };

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
        <ErrorLine testId="sip-account-error">{failure ?? t('phone:settings.account.errors.summary', { count: problemCount })}</ErrorLine>
      ) : null}
      <FormActions>
        <ActionButton
          type="submit"
          variant="primary"
          icon={Save}
          label={t('phone:settings.account.save')}
          busyLabel={t('phone:settings.account.saving')}
          busy={saving}
          testId="sip-account-save"
        />
      </FormActions>
    </form>
  );
}
