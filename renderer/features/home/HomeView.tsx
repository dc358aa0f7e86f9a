import { CalendarClock, PhoneIncoming, TriangleAlert } from 'lucide-react';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ContactsPanel } from './ContactsPanel.tsx';
import { CallbacksPanel, CallsPanel, EscalationsPanel } from './HomePanels.tsx';
import { useHomeToday } from './use-home-today.ts';
import './home.css';

/**
 * The first screen: the agent's day at a glance — callbacks due today, today's calls (missed
 * ones to call back in one click), open escalations, and how many contacts were handled and
 * fixed at the first contact, hour by hour.
 */
export function HomeView() {
  const { t } = useT();
  const home = useHomeToday();
  if (home.state === 'loading') {
    return (
      <p className="hint" role="status" data-testid="home-loading">
        {t('home:loading')}
      </p>
    );
  }
  if (home.state === 'error') {
    return <ErrorLine testId="home-error">{t('home:failed', { reason: errorMessage(t, home.error) })}</ErrorLine>;
  }
  const { today } = home;
  return (
    <div className="home" data-testid="home">
      <ContactsPanel contacts={today.contacts} />
      <div className="home__lists">
        <CallbacksPanel callbacks={today.callbacks} icon={CalendarClock} />
        <CallsPanel calls={today.calls} icon={PhoneIncoming} />
        <EscalationsPanel escalations={today.escalations} icon={TriangleAlert} />
      </div>
    </div>
  );
}
