import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ReasonOption } from '../../../common/contract/data.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import type { Load } from './use-load.ts';
import { filterReasons, moveIndex, reasonLabel } from './wrap-up-model.ts';

/** At most this many reasons per contact. */
export const MAX_REASONS = 10;

interface ReasonPickerProps {
  /** The filter box's id: the card focuses it when no reason is chosen. */
  readonly filterId: string;
  readonly reasons: Load<readonly ReasonOption[]>;
  readonly onRetry: () => void;
  readonly chosen: readonly string[];
  readonly onToggle: (code: string) => void;
  /** Save was pressed without a reason. */
  readonly problem: boolean;
  readonly language: string;
}

/** The contact reasons: a filter box over check boxes, the agent's most used first, by keyboard too. */
export function ReasonPicker({ filterId, reasons, onRetry, chosen, onToggle, problem, language }: ReasonPickerProps) {
  const { t } = useT();
  const id = filterId;
  const [filter, setFilter] = useState('');
  const reasonList = useRef<HTMLDivElement>(null);
  const allReasons = useMemo(() => (reasons.phase === 'ready' ? reasons.value : []), [reasons]);
  const shown = useMemo(() => filterReasons(allReasons, filter, language, chosen), [allReasons, filter, language, chosen]);

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
      const first = shown.find((reason) => !chosen.includes(reason.code));
      if (first && filter.trim() !== '') {
        onToggle(first.code);
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
      document.getElementById(filterId)?.focus();
      return;
    }
    const next = moveIndex(event.key, index, shown.length);
    if (next === null) return;
    event.preventDefault();
    focusReason(next);
  };

  return (
    <fieldset className="field field--plain wrap-up__reasons" aria-describedby={problem ? `${id}-reasons-problem` : undefined}>
      <legend className="field-label">
        {t('wrapup:reasons.label')}
        {chosen.length > 0 ? <span className="hint wrap-up__count"> {t('wrapup:reasons.chosen', { count: chosen.length })}</span> : null}
      </legend>
      <label htmlFor={id} className="visually-hidden">
        {t('wrapup:reasons.filter')}
      </label>
      <input
        id={id}
        className="text-input wrap-up__filter"
        type="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        placeholder={t('wrapup:reasons.filter')}
        aria-describedby={`${id}-hint`}
        aria-controls={`${id}-reason-list`}
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={onFilterKeyDown}
        data-testid="wrap-up-reason-filter"
      />
      <p id={`${id}-hint`} className="visually-hidden">
        {t('wrapup:reasons.filterHint')}
      </p>
      {reasons.phase === 'loading' ? <p className="hint">{t('wrapup:reasons.loading')}</p> : null}
      {reasons.phase === 'error' ? (
        <FormActions>
          <ErrorLine>
            {t('wrapup:reasons.loadFailed')} {errorMessage(t, reasons.error)}
          </ErrorLine>
          <ActionButton small label={t('wrapup:retry')} onClick={onRetry} />
        </FormActions>
      ) : null}
      {reasons.phase === 'ready' && shown.length === 0 ? (
        <p className="hint" role="status">
          {filter.trim() === '' ? t('wrapup:reasons.empty') : t('wrapup:reasons.noMatch', { query: filter.trim() })}
        </p>
      ) : null}
      <div id={`${id}-reason-list`} ref={reasonList} className="wrap-up__reason-list" role="group" aria-label={t('wrapup:reasons.label')}>
        {shown.map((reason: ReasonOption, index) => {
          const isChosen = chosen.includes(reason.code);
          return (
            <label key={reason.code} className={isChosen ? 'check wrap-up__reason wrap-up__reason--chosen' : 'check wrap-up__reason'}>
              <input
                type="checkbox"
                checked={isChosen}
                disabled={!isChosen && chosen.length >= MAX_REASONS}
                onChange={() => onToggle(reason.code)}
                onKeyDown={(event) => onReasonKeyDown(event, index)}
                data-testid="wrap-up-reason"
                data-code={reason.code}
              />
              <span>{reasonLabel(reason, language)}</span>
            </label>
          );
        })}
      </div>
      {problem ? (
        <ErrorLine id={`${id}-reasons-problem`} alert={false} testId="wrap-up-reasons-problem">
          {t('wrapup:problems.reasons')}
        </ErrorLine>
      ) : null}
    </fieldset>
  );
}
