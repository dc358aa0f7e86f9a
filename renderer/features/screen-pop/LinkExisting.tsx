import { useId, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { moveIndex } from '../../app/list-keys.ts';
import { CustomerOption } from './CustomerOption.tsx';
import { callerNumber, type PopCall } from './screen-pop-model.ts';
import { useCustomerLookup } from './use-customer-lookup.ts';
import { useChooseCustomer } from './use-link-call.ts';

/** "Link to existing": find the customer, who then gets the caller's number. */
export function LinkExisting({ call, number, onBack }: { call: PopCall; number: string; onBack: () => void }) {
  const { t } = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const { search, active, setActive } = useCustomerLookup(query);
  // The customer picked gets the caller's number, so their next call is recognised.
  const { busy, error, choose } = useChooseCustomer(call, { addNumber: true });
  const hasNumber = callerNumber(call.remoteNumber) !== null;

  const idle = query.trim() === '';
  const hits = search.phase === 'done' && !idle ? search.hits : [];

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
  const failed = search.phase === 'error' && !idle;

  return (
    <div className="screen-pop__link">
      <Field label={t('screenpop:link.label')} labelClassName="field-label--light" hint={hasNumber ? t('screenpop:link.hint', { number }) : t('screenpop:link.hintNoNumber')}>
        {(control) => (
          <input
            id={control.id}
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
            aria-describedby={control['aria-describedby']}
            placeholder={t('screenpop:link.placeholder')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onKeyDown}
            autoFocus
            data-testid="link-customer-search"
          />
        )}
      </Field>
      <p className={failed ? 'form-error' : 'hint'} role={failed ? 'alert' : 'status'} data-testid="link-customer-state">
        {state}
      </p>
      <ul id={`${id}-hits`} className="screen-pop__matches" role="listbox" aria-label={t('screenpop:link.resultsLabel')} hidden={hits.length === 0}>
        {hits.map((hit, index) => (
          <CustomerOption
            key={hit.id}
            id={`${id}-hit-${index}`}
            customer={hit}
            active={index === active}
            busy={busy === hit.id}
            onChoose={() => choose(hit)}
            onActivate={() => setActive(index)}
            data-testid="link-customer-hit"
          />
        ))}
      </ul>
      {error ? <ErrorLine error={error} testId="link-customer-error" /> : null}
      <FormActions>
        <ActionButton label={t('screenpop:back')} onClick={onBack} disabled={busy !== null} testId="screen-pop-back" />
      </FormActions>
    </div>
  );
}
