import { useId, useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { moveIndex } from '../../app/list-keys.ts';
import { CustomerOption } from './CustomerOption.tsx';
import type { PopCall } from './screen-pop-model.ts';
import { useChooseCustomer } from './use-link-call.ts';

/** Several customers share the number: arrows and Enter (or a click) pick, Esc hides. */
export function CallerChooser({ call, onDismiss }: { call: PopCall; onDismiss: () => void }) {
  const { t } = useT();
  const listId = useId();
  const [active, setActive] = useState(0);
  const { busy, error, choose } = useChooseCustomer(call, { addNumber: false });

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
          <CustomerOption
            key={match.id}
            id={`${listId}-${index}`}
            customer={match}
            active={index === active}
            busy={busy === match.id}
            sayNoEmail
            onChoose={() => choose(match)}
            onActivate={() => setActive(index)}
            data-testid="screen-pop-match"
          />
        ))}
      </ul>
      {error ? <ErrorLine error={error} testId="screen-pop-error" /> : null}
    </div>
  );
}
