import { useId } from 'react';
import { useT } from '../../i18n/use-t.ts';

/** Customer search. The field is in place; it needs the hub and the cache to search in. */
export function SearchView() {
  const { t } = useT();
  const fieldId = useId();
  const hintId = useId();
  return (
    <section className="view" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`} className="section-title">
        {t('search:title')}
      </h2>
      <label htmlFor={fieldId} className="field-label">
        {t('search:fieldLabel')}
      </label>
      <input id={fieldId} className="text-input text-input--large" type="search" disabled aria-describedby={hintId} />
      <p id={hintId} className="hint">
        {t('search:unavailable')}
      </p>
    </section>
  );
}
