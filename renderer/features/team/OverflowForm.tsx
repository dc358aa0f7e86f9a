import { UserPlus } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { EnrollmentCreated } from '../../../common/contract/enrollments.ts';
import { useClient } from '../../app/client-context.ts';
import { languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { overflowErrorMessage } from './overflow-errors.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { accessEndOf, localDate, OVERFLOW_LANGUAGES, overflowProblems, type OverflowProblem } from './overflow-model.ts';

const PROBLEMS = {
  nameMissing: 'overflow:form.problems.nameMissing',
  nameTooLong: 'overflow:form.problems.nameTooLong',
  languagesMissing: 'overflow:form.problems.languagesMissing',
  endMissing: 'overflow:form.problems.endMissing',
  endPast: 'overflow:form.problems.endPast',
  endTooFar: 'overflow:form.problems.endTooFar',
} as const satisfies Record<OverflowProblem, string>;

const DAY = 86_400_000;

/**
 * "New overflow agent": name, the languages they take calls in and the last day of access, for
 * the lead's own office (the hub gives a SIP account from the office's pool). Enter sends.
 */
export function OverflowForm({ onCreated, onCancel }: { onCreated: (made: EnrollmentCreated) => void; onCancel: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const id = useId();
  const nameField = useRef<HTMLInputElement>(null);
  const [displayName, setDisplayName] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  // Six weeks: a peak season, as the lead usually hires for it.
  const [openedAt] = useState(() => Date.now());
  const [endDate, setEndDate] = useState(() => localDate(openedAt + 42 * DAY));
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => nameField.current?.focus(), []);

  const draft = { displayName, languages, endDate };
  const problems = shown ? overflowProblems(draft, openedAt) : {};
  const problem = (key: keyof typeof problems) => {
    const found = problems[key];
    return found ? t(PROBLEMS[found]) : undefined;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setShown(true);
    const accessExpiresAt = accessEndOf(endDate);
    if (Object.keys(overflowProblems(draft, Date.now())).length > 0 || !accessExpiresAt) return;
    setBusy(true);
    setFailure(null);
    client
      .request('enrollments.create', { displayName: displayName.trim(), languages, accessExpiresAt })
      .then(onCreated, (error: unknown) => setFailure(error))
      .finally(() => setBusy(false));
  };

  const toggle = (code: string, on: boolean) => setLanguages((now) => (on ? [...now, code] : now.filter((other) => other !== code)));
  const languagesError = problem('languages');

  return (
    <form className="form overflow-form" onSubmit={submit} noValidate data-testid="overflow-form">
      <TextField
        id={`${id}-name`}
        inputRef={nameField}
        label={t('overflow:form.name')}
        autoComplete="off"
        maxLength={100}
        value={displayName}
        onValueChange={setDisplayName}
        error={problem('displayName')}
        testId="overflow-name"
      />
      <fieldset className="overflow-form__languages" aria-describedby={languagesError ? `${id}-languages-error` : undefined}>
        <legend className="field__label">{t('overflow:form.languages')}</legend>
        <div className="overflow-form__choices">
          {OVERFLOW_LANGUAGES.map((code) => (
            <div className="check" key={code}>
              <input id={`${id}-lang-${code}`} type="checkbox" checked={languages.includes(code)} onChange={(event) => toggle(code, event.target.checked)} data-testid={`overflow-language-${code}`} />
              <label htmlFor={`${id}-lang-${code}`}>{languageName(code, locale)}</label>
            </div>
          ))}
        </div>
        {languagesError ? <ErrorLine id={`${id}-languages-error`} alert={false}>{languagesError}</ErrorLine> : null}
      </fieldset>
      <TextField
        id={`${id}-end`}
        label={t('overflow:form.endDate')}
        hint={t('overflow:form.endDateHint')}
        type="date"
        min={localDate(openedAt)}
        max={localDate(openedAt + 366 * DAY)}
        value={endDate}
        onValueChange={setEndDate}
        error={problem('endDate')}
        testId="overflow-end-date"
      />
      <p className="hint">{t('overflow:form.officeHint')}</p>
      {failure ? <ErrorLine testId="overflow-form-error">{overflowErrorMessage(t, failure)}</ErrorLine> : null}
      <FormActions>
        <ActionButton type="submit" variant="primary" icon={UserPlus} label={t('overflow:form.create')} busyLabel={t('overflow:form.creating')} busy={busy} testId="overflow-create" />
        <ActionButton label={t('overflow:cancel')} onClick={onCancel} testId="overflow-form-cancel" />
      </FormActions>
    </form>
  );
}
