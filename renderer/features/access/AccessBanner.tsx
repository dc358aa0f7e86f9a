import { CalendarClock, PhoneOff } from 'lucide-react';
import './access.css';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAccessStore } from './access-store.ts';

/**
 * Over the console: while access is ending (the console waits for the call to end, then signs
 * out), and — quietly — when an overflow agent's access ends within three days.
 */
export function AccessBanner() {
  const { t } = useT();
  const locale = useLocale();
  const status = useAccessStore((state) => state.status);
  if (status?.state === 'ending') {
    return (
      <div className="access-banner access-banner--ending" role="alert" data-testid="access-ending" data-reason={status.reason} data-waiting={status.waitingForCall}>
        <PhoneOff size={18} aria-hidden="true" />
        <p>
          <strong>{t('access:ending.title')}</strong> {status.waitingForCall ? t('access:ending.waiting') : t('access:ending.signingOut')}
        </p>
      </div>
    );
  }
  if (status?.state === 'active' && status.endingSoon && status.accessEndsAt) {
    return (
      <div className="access-banner" role="status" data-testid="access-ending-soon">
        <CalendarClock size={18} aria-hidden="true" />
        <p>{t('access:endingSoon', { when: formatDateTime(status.accessEndsAt, locale, { dateStyle: 'full', timeStyle: 'short' }) })}</p>
      </div>
    );
  }
  return null;
}
