import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import './access.css';

/**
 * The page the gate shows instead of the console (first screen, enrolling, ready, ended): the
 * brand, one heading and the screen's content in the main landmark, which takes the focus target
 * of the skip link like the console's.
 */
export function AccessPage({ title, children, testId, 'data-state': state }: { title: string; children: ReactNode; testId: string; 'data-state': string }) {
  const { t } = useT();
  return (
    <div className="access-page" data-testid={testId} data-access-state={state}>
      <header className="access-page__brand">
        <img className="access-page__logo" src="./favicon.svg" alt="" width={28} height={28} />
        <span>{t('common:appName')}</span>
      </header>
      <main id="main" className="access-page__main" tabIndex={-1}>
        <h1 className="access-page__title">{title}</h1>
        {children}
      </main>
    </div>
  );
}
