import { UserPlus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useClient } from '../../app/client-context.ts';
import { useSyncStore } from '../../app/stores/sync-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { dialCountryOptions } from '../../app/dial-countries.ts';
import { createCustomerOnce } from './create-customer-once.ts';
import { CUSTOMER_LANGUAGES, checkNewCustomer, type NewCustomerProblem, type PopCall } from './screen-pop-model.ts';
import { useLinkCall } from './use-link-call.ts';

const PROBLEMS = {
  nameMissing: 'screenpop:problems.nameMissing',
  phoneInvalid: 'screenpop:problems.phoneInvalid',
  emailInvalid: 'screenpop:problems.emailInvalid',
} as const satisfies Record<NewCustomerProblem, string>;

type Checked = 'name' | 'phone' | 'email';

const FIELD_LABELS = {
  name: 'screenpop:form.name',
  phone: 'screenpop:form.phone',
  email: 'screenpop:form.email',
  language: 'screenpop:form.language',
  country: 'screenpop:form.country',
} as const satisfies Record<Checked | 'language' | 'country', string>;

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

/** A new customer for the caller: name, the caller's number, e-mail, language and country. */
export function NewCustomerForm({ call, draft, onDraft, onBack }: NewCustomerFormProps) {
  const { t } = useT();
  const client = useClient();
  const locale = useLocale();
  const id = useId();
  const link = useLinkCall(call);
  const { name, phone, email, language, country } = draft;
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
    const run = async () => {
      const { customerId, pending } = await createCustomerOnce(client, call.id, request);
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

  const problem = (field: Checked) => {
    const found = problems[field];
    return found ? t(PROBLEMS[found]) : null;
  };
  /** The field's new value, and its problem cleared: the agent is fixing it. */
  const change = (field: keyof NewCustomerDraft, value: string, clears: Checked | null) => {
    onDraft({ ...draft, [field]: value });
    if (clears && problems[clears]) setProblems((before) => ({ ...before, [clears]: undefined }));
  };
  const text = (field: Checked, type: 'text' | 'tel' | 'email', maxLength: number) => (
    <TextField
      id={`${id}-${field}`}
      label={t(FIELD_LABELS[field])}
      labelClassName="field-label--light"
      error={problem(field)}
      errorTestId={`new-customer-${field}-problem`}
      type={type}
      inputMode={type === 'tel' ? 'tel' : undefined}
      autoComplete="off"
      spellCheck={field === 'name' ? undefined : false}
      maxLength={maxLength}
      value={draft[field]}
      aria-required={field === 'name' ? 'true' : undefined}
      onValueChange={(value) => change(field, value, field)}
      autoFocus={field === 'name'}
      testId={`new-customer-${field}`}
    />
  );
  const choice = (field: 'language' | 'country', options: readonly { code: string; name: string }[]) => (
    <Field id={`${id}-${field}`} label={t(FIELD_LABELS[field])} labelClassName="field-label--light">
      {(control) => (
        // Another country changes whether the number is valid: its problem goes until the next check.
        <select id={control.id} className="select" value={draft[field]} onChange={(event) => change(field, event.target.value, field === 'country' ? 'phone' : null)} data-testid={`new-customer-${field}`}>
          {options.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form className="screen-pop__form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} aria-busy={busy} data-testid="new-customer-form">
      <p id={`${id}-title`} className="field-label">
        {t('screenpop:form.title')}
      </p>
      <div className="screen-pop__fields">
        {text('name', 'text', 200)}
        {text('phone', 'tel', 40)}
        {text('email', 'email', 200)}
        {choice('language', languages)}
        {choice('country', countries)}
      </div>
      {error ? <ErrorLine error={error} testId="new-customer-error" /> : null}
      <FormActions>
        <ActionButton type="submit" variant="primary" icon={UserPlus} label={t('screenpop:form.save')} busyLabel={t('screenpop:form.saving')} busy={busy} testId="new-customer-save" />
        <ActionButton label={t('screenpop:back')} onClick={onBack} disabled={busy} testId="screen-pop-back" />
      </FormActions>
    </form>
  );
}
