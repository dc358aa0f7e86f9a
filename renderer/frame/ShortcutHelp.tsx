import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { SHORTCUTS, type Shortcut } from '../app/shortcuts.ts';
import { useT } from '../i18n/use-t.ts';

const GROUPS = [
  { id: 'navigation', title: 'shortcuts:groups.navigation' },
  { id: 'general', title: 'shortcuts:groups.general' },
  { id: 'phone', title: 'shortcuts:groups.phone' },
  { id: 'cobrowse', title: 'shortcuts:groups.cobrowse' },
] as const;

/** The `?` overlay, built from the same list the key handler uses, so it cannot drift. */
export function ShortcutHelp() {
  const { t } = useT();
  const close = useNavigationStore((state) => state.setShortcutHelp);
  const dialog = useRef<HTMLDialogElement>(null);

  // No close() on unmount: the element leaves the DOM (and the top layer) with the component,
  // and a close() there would fire `onClose` and reopen/close races under StrictMode.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="dialog shortcut-help" aria-labelledby="shortcut-help-title" onClose={() => close(false)}>
      <header className="dialog__header">
        <h2 id="shortcut-help-title">{t('shortcuts:title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={() => close(false)} autoFocus>
          <X size={18} aria-hidden="true" />
        </button>
      </header>
      <p className="hint">{t('shortcuts:intro')}</p>
      {GROUPS.map((group) => (
        <section key={group.id}>
          <h3 className="shortcut-help__group">{t(group.title)}</h3>
          <dl className="shortcut-help__list">
            {SHORTCUTS.filter((shortcut) => shortcut.group === group.id).map((shortcut) => (
              <div key={shortcut.id} className="shortcut-help__row">
                <dt>{t(shortcut.description)}</dt>
                <dd>
                  <Keys shortcut={shortcut} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </dialog>
  );
}

/** Each alternative as its keys; CSS puts a slash between alternatives. */
function Keys({ shortcut }: { shortcut: Shortcut }) {
  const { t } = useT();
  return (
    <span className="keys">
      {shortcut.combos.map((combo) => {
        const keys: string[] = [];
        if (combo.alt) keys.push(t('shortcuts:keys.alt'));
        if (combo.shift) keys.push(t('shortcuts:keys.shift'));
        keys.push(combo.code === 'Escape' ? t('shortcuts:keys.esc') : combo.label);
        return (
          <span key={keys.join('+')} className="keys__alternative">
            {keys.map((key) => (
              <kbd key={key}>{key}</kbd>
            ))}
          </span>
        );
      })}
    </span>
  );
}
