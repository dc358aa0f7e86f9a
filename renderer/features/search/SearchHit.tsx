import { CalendarClock, Mail, MapPin, MessagesSquare, Package, Phone, TriangleAlert } from 'lucide-react';
import type { CustomerHit, MatchKind } from '../../../common/contract/data.ts';
import { useNow } from '../../app/use-now.ts';
import { usePhoneFormat } from '../../app/use-phone-format.ts';
import { formatWhen, regionName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { OptionCard } from '../../ui/OptionCard.tsx';
import { Pill } from '../../ui/Pill.tsx';

const MATCH_LABELS = {
  phone: 'search:matchedOn.phone',
  email: 'search:matchedOn.email',
  order: 'search:matchedOn.order',
  name: 'search:matchedOn.name',
} as const satisfies Record<MatchKind, string>;

interface SearchHitProps {
  readonly id: string;
  /** A search hit (with the details that tell alike names apart), or a recent customer (found by nothing: `matchedOn` null). */
  readonly hit: Pick<CustomerHit, 'id' | 'name' | 'country' | 'phones' | 'emails' | 'orderNumber'> &
    Partial<Pick<CustomerHit, 'city' | 'lastContactAt' | 'openEscalations' | 'openCallbacks'>> & { readonly matchedOn: MatchKind | null };
  /** For a recent customer: when the agent opened them. */
  readonly openedAt?: string;
  readonly selected: boolean;
  readonly onOpen: () => void;
  readonly onHover: () => void;
}

/**
 * One customer in the hit list: name, city and country, open escalations and callbacks, the last
 * contact, and the phone numbers, e-mail addresses or order number, with what the query matched marked.
 */
export function SearchHit({ id, hit, openedAt, selected, onOpen, onHover }: SearchHitProps) {
  const { t } = useT();
  const locale = useLocale();
  const phoneText = usePhoneFormat();
  const now = useNow(openedAt || hit.lastContactAt ? 60_000 : null);
  const matched = (kind: MatchKind) => (hit.matchedOn === kind ? ' search-hit__field--matched' : '');
  return (
    <OptionCard
      id={id}
      selected={selected}
      onChoose={onOpen}
      onActivate={onHover}
      className="search-hit"
      testId={openedAt ? 'recent-customer' : 'search-hit'}
      data-matched={hit.matchedOn ?? undefined}
      data-customer-id={hit.id}
    >
      <span className="search-hit__top">
        <strong className={`search-hit__name${matched('name')}`}>{hit.name}</strong>
        <span className="hint search-hit__place">
          {hit.city ? (
            <>
              <MapPin size={14} aria-hidden="true" />
              <span data-testid="search-hit-city">{hit.city}</span>,{' '}
            </>
          ) : null}
          {regionName(hit.country, locale)}
        </span>
        {hit.openEscalations ? (
          <Pill tone="warning" testId="search-hit-escalations">
            <TriangleAlert size={12} aria-hidden="true" />
            {t('search:openEscalations', { count: hit.openEscalations })}
          </Pill>
        ) : null}
        {hit.openCallbacks ? (
          <Pill tone="accent" testId="search-hit-callbacks">
            <CalendarClock size={12} aria-hidden="true" />
            {t('search:openCallbacks', { count: hit.openCallbacks })}
          </Pill>
        ) : null}
        {hit.matchedOn ? <span className="search-hit__match">{t(MATCH_LABELS[hit.matchedOn])}</span> : null}
        {openedAt ? <span className="search-hit__match">{t('search:openedAt', { when: formatWhen(openedAt, now, locale) })}</span> : null}
      </span>
      <span className="search-hit__details">
        {hit.matchedOn ? (
          <span className="search-hit__field" data-testid="search-hit-last-contact">
            <MessagesSquare size={14} aria-hidden="true" />
            {hit.lastContactAt ? t('search:lastContact', { when: formatWhen(hit.lastContactAt, now, locale) }) : t('search:noRecentContact')}
          </span>
        ) : null}
        {hit.orderNumber ? (
          <span className={`search-hit__field${matched('order')}`}>
            <Package size={14} aria-hidden="true" />
            {t('search:order', { number: hit.orderNumber })}
          </span>
        ) : null}
        {hit.phones.map((phone) => (
          <span key={phone} className={`search-hit__field${matched('phone')}`} data-phone={phone}>
            <Phone size={14} aria-hidden="true" />
            {phoneText(phone)}
          </span>
        ))}
        {hit.emails.map((email) => (
          <span key={email} className={`search-hit__field${matched('email')}`}>
            <Mail size={14} aria-hidden="true" />
            {email}
          </span>
        ))}
      </span>
    </OptionCard>
  );
}
