import { X } from 'lucide-react';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Colleague } from '../../common/contract/escalations.ts';
import { matchColleagues, type ColleagueWords } from './colleague-match.ts';

/** The picker's words, already translated (the app's `useColleagueTexts()` gives them). */
export interface ColleaguePickerTexts extends ColleagueWords {
  status(status: Colleague['status']): string;
  /** Under the box when nothing matches. */
  readonly noMatch: string;
  /** The clear button's accessible name. */
  readonly clear: string;
}

interface ColleaguePickerProps {
  readonly label: string;
  readonly hint?: string;
  readonly placeholder?: string;
  readonly colleagues: readonly Colleague[];
  /** The chosen colleague's id (null: none yet). */
  readonly value: string | null;
  readonly onChange: (colleague: Colleague | null) => void;
  readonly texts: ColleaguePickerTexts;
  readonly testId?: string;
  readonly autoFocus?: boolean;
  /** Marks the box invalid (the form says why elsewhere, e.g. in its error line). */
  readonly invalid?: boolean;
}

/** Up to this many options at once: the box narrows them down. */
const MAX_OPTIONS = 50;

/**
 * Pick a colleague by name, role, skill, language or office, with their live presence: free
 * ones first. An ARIA combobox: typing filters, Up/Down move through the options (focus stays
 * in the box, `aria-activedescendant`), Enter picks, Esc closes the list (and then clears).
 */
export function ColleaguePicker({ label, hint, placeholder, colleagues, value, onChange, texts, testId = 'colleague-picker', autoFocus, invalid }: ColleaguePickerProps) {
  const id = useId();
  const chosen = colleagues.find((colleague) => colleague.id === value) ?? null;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const options = useMemo(() => matchColleagues(colleagues, query, texts).slice(0, MAX_OPTIONS), [colleagues, query, texts]);
  const activeOption = open ? options[Math.min(active, options.length - 1)] : undefined;

  const pick = (colleague: Colleague) => {
    onChange(colleague);
    setQuery('');
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (options.length === 0 ? 0 : (Math.min(index, options.length - 1) + step + options.length) % options.length));
    } else if (event.key === 'Enter' && open && activeOption) {
      event.preventDefault();
      pick(activeOption);
    } else if (event.key === 'Escape' && (open || query !== '')) {
      event.stopPropagation();
      if (open) setOpen(false);
      else setQuery('');
    }
  };

  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  return (
    <div className="field colleague-picker" data-testid={testId}>
      <label htmlFor={`${id}-input`} className="field-label">
        {label}
      </label>
      <div className="colleague-picker__box">
        <input
          id={`${id}-input`}
          className="text-input"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? `${id}-${activeOption.id}` : undefined}
          aria-describedby={hint ? hintId : undefined}
          aria-invalid={invalid === true}
          autoComplete="off"
          autoFocus={autoFocus}
          placeholder={chosen ? chosen.displayName : placeholder}
          value={open || !chosen ? query : chosen.displayName}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid={`${testId}-input`}
        />
        {chosen ? (
          <button type="button" className="button button--small colleague-picker__clear" aria-label={texts.clear} title={texts.clear} onClick={() => onChange(null)} data-testid={`${testId}-clear`}>
            <X size={14} aria-hidden="true" />
          </button>
        ) : null}
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <ul id={listId} role="listbox" aria-label={label} className="colleague-picker__list" hidden={!open}>
        {open && options.length === 0 ? (
          <li className="hint colleague-picker__none" role="presentation">
            {texts.noMatch}
          </li>
        ) : null}
        {open
          ? options.map((colleague) => (
              <li
                key={colleague.id}
                id={`${id}-${colleague.id}`}
                role="option"
                aria-selected={colleague === activeOption}
                className="colleague-picker__option"
                // Picks before the box's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(colleague);
                }}
                data-testid={`${testId}-option`}
                data-colleague-id={colleague.id}
                data-status={colleague.status}
              >
                <span className="colleague-picker__name">
                  <span className={`presence-dot presence-dot--${colleague.status}`} aria-hidden="true" />
                  <strong>{colleague.displayName}</strong>
                  <span className="colleague-picker__status">{texts.status(colleague.status)}</span>
                </span>
                <span className="colleague-picker__meta">
                  {[texts.role(colleague.role), colleague.languages.map((code) => texts.language(code)).join(', '), colleague.office.name, ...colleague.skills].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
