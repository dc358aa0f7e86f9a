import { useId } from 'react';
import { FCR_REPEAT_DAYS, type HomeContacts } from '../../../common/contract/home.ts';
import { useNow } from '../../app/use-now.ts';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { Panel } from '../../ui/Panel.tsx';
import { chartHours, dayBounds, fcrRate } from './home-model.ts';

const BAR_WIDTH = 22;
const GAP = 6;
const HEIGHT = 80;

/** Contacts today, first contact fix (with how it is counted), and contacts per hour. */
export function ContactsPanel({ contacts }: { contacts: HomeContacts }) {
  const { t } = useT();
  const locale = useLocale();
  const now = useNow(60_000);
  const rate = fcrRate(contacts);
  const currentHour = Math.floor((now - dayBounds(now).dayStart) / 3_600_000);
  return (
    <Panel title={t('home:contacts.title')} className="home__panel home__contacts" testId="home-contacts">
      <dl className="home__figures">
        <div className="home__figure">
          <dt>{t('home:contacts.total')}</dt>
          <dd data-testid="home-contacts-total">{formatNumber(contacts.total, locale)}</dd>
        </div>
        <div className="home__figure">
          <dt>{t('home:contacts.fcr')}</dt>
          <dd data-testid="home-fcr">{rate === null ? t('home:contacts.fcrNone') : formatPercent(rate, locale)}</dd>
        </div>
      </dl>
      <p className="hint" data-testid="home-fcr-explained">
        {rate === null
          ? t('home:contacts.fcrNoneHint')
          : t('home:contacts.fcrHint', { fixed: contacts.fixed, count: contacts.wrappedUp, days: FCR_REPEAT_DAYS })}
      </p>
      {contacts.total > 0 ? <HourChart perHour={contacts.perHour} currentHour={currentHour} /> : null}
    </Panel>
  );
}

/** Contacts per hour as plain SVG bars, with the same figures as a list for screen readers. */
function HourChart({ perHour, currentHour }: { perHour: readonly number[]; currentHour: number }) {
  const { t } = useT();
  const titleId = useId();
  const { first, last } = chartHours(perHour, currentHour);
  const hours = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const max = Math.max(1, ...hours.map((hour) => perHour[hour] ?? 0));
  const width = hours.length * (BAR_WIDTH + GAP);
  const label = (hour: number) => `${String(hour).padStart(2, '0')}`;
  return (
    <figure className="home__chart" data-testid="home-chart">
      <figcaption id={titleId} className="home__chart-title">
        {t('home:contacts.perHour')}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${HEIGHT + 16}`} width={width} height={HEIGHT + 16} aria-hidden="true" className="home__chart-svg">
        {hours.map((hour, index) => {
          const count = perHour[hour] ?? 0;
          const height = Math.round((count / max) * HEIGHT);
          const x = index * (BAR_WIDTH + GAP);
          return (
            <g key={hour}>
              <rect className={`home__bar${hour === currentHour ? ' home__bar--now' : ''}`} x={x} y={HEIGHT - height} width={BAR_WIDTH} height={Math.max(height, 1)} rx={3} />
              <text className="home__bar-label" x={x + BAR_WIDTH / 2} y={HEIGHT + 13} textAnchor="middle">
                {label(hour)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="visually-hidden" aria-labelledby={titleId}>
        {hours
          .filter((hour) => (perHour[hour] ?? 0) > 0)
          .map((hour) => (
            <li key={hour}>{t('home:contacts.hourLine', { from: `${label(hour)}:00`, count: perHour[hour] ?? 0 })}</li>
          ))}
      </ul>
    </figure>
  );
}
