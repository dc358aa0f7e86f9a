import { PhoneCall, PhoneIncoming, PhoneMissed, PhoneOutgoing, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import type { HomeCall, HomeCallback, HomeEscalation } from '../../../common/contract/home.ts';
import { formatPhoneNumber } from '../../app/phone-format.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import { useNow } from '../../app/use-now.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { isOverdue } from './home-model.ts';

const QUEUE_LABELS = {
  second_line: 'home:escalations.queues.second_line',
  expert: 'home:escalations.queues.expert',
  team_lead: 'home:escalations.queues.team_lead',
} as const;

const time = (iso: string, locale: string) => formatDateTime(iso, locale, { timeStyle: 'short' });

/** A panel with its count in the title and, when empty, one line saying what would be here. */
function ListPanel({ title, count, empty, testId, icon: Icon, children }: { title: string; count: number; empty: string; testId: string; icon: LucideIcon; children: ReactNode }) {
  return (
    <Panel
      title={
        <span className="home__panel-title">
          <Icon size={18} aria-hidden="true" />
          {title}
          <Pill testId={`${testId}-count`}>{count}</Pill>
        </span>
      }
      className="home__panel"
      testId={testId}
    >
      {count === 0 ? (
        <p className="hint" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <ul className="home__list">{children}</ul>
      )}
    </Panel>
  );
}

/** The customer's name as a button that opens them; the number when the cache holds no name. */
function CustomerLink({ id, name, fallback }: { id: string | null; name: string | null; fallback: string }) {
  if (id === null) return <span className="home__who">{name ?? fallback}</span>;
  return (
    <button type="button" className="link-button home__who" onClick={() => openCustomer(id)} data-testid="home-open-customer">
      {name ?? fallback}
    </button>
  );
}

/** Call a number with one click; disabled (with why) while the phone cannot call or is busy. */
function CallBackButton({ number, label }: { number: string; label: string }) {
  const { t } = useT();
  const callNumber = useCallNumber();
  const ready = usePhoneStore((state) => state.status?.registration.state === 'registered');
  const busy = usePhoneStore((state) => state.status?.calls.some((call) => call.state === 'active' || call.state === 'dialing') ?? false);
  return (
    <ActionButton
      small
      variant="call"
      icon={PhoneCall}
      label={t('home:callBack')}
      ariaLabel={label}
      disabled={!ready || busy}
      title={!ready ? t('home:phoneNotReady') : busy ? t('home:onCall') : label}
      onClick={() => void callNumber(number)}
      testId="home-call-back"
    />
  );
}

export function CallbacksPanel({ callbacks, icon }: { callbacks: readonly HomeCallback[]; icon: LucideIcon }) {
  const { t } = useT();
  const locale = useLocale();
  const now = useNow(60_000);
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  return (
    <ListPanel title={t('home:callbacks.title')} count={callbacks.length} empty={t('home:callbacks.empty')} testId="home-callbacks" icon={icon}>
      {callbacks.map((callback) => {
        const number = formatPhoneNumber(callback.phone, dialCountry);
        const name = callback.customerName ?? number;
        const overdue = isOverdue(callback.dueAt, now);
        return (
          <li key={callback.id} className="home__item" data-testid="home-callback" data-overdue={overdue}>
            <span className="home__when">{time(callback.dueAt, locale)}</span>
            <span className="home__what">
              <CustomerLink id={callback.customerId} name={callback.customerName} fallback={number} />
              <span className="hint">{callback.note ? `${number} · ${callback.note}` : number}</span>
            </span>
            {overdue ? <Pill tone="warning">{t('home:callbacks.overdue')}</Pill> : null}
            <CallBackButton number={callback.phone} label={t('home:callBackLabel', { name })} />
          </li>
        );
      })}
    </ListPanel>
  );
}

const DIRECTION_ICONS = { inbound: PhoneIncoming, outbound: PhoneOutgoing } as const;

export function CallsPanel({ calls, icon }: { calls: readonly HomeCall[]; icon: LucideIcon }) {
  const { t } = useT();
  const locale = useLocale();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const missed = calls.filter((call) => call.missed).length;
  return (
    <ListPanel title={t('home:calls.title')} count={calls.length} empty={t('home:calls.empty')} testId="home-calls" icon={icon}>
      {missed > 0 ? (
        <li className="home__note" data-testid="home-missed-count">
          {t('home:calls.missedCount', { count: missed })}
        </li>
      ) : null}
      {calls.map((call) => {
        const Icon = call.missed ? PhoneMissed : DIRECTION_ICONS[call.direction];
        const number = call.number === null ? t('home:calls.noNumber') : formatPhoneNumber(call.number, dialCountry);
        const kind = call.missed ? t('home:calls.missed') : call.direction === 'inbound' ? t('home:calls.inbound') : t('home:calls.outbound');
        return (
          <li key={call.id} className={`home__item${call.missed ? ' home__item--missed' : ''}`} data-testid="home-call" data-missed={call.missed}>
            <span className="home__when">{time(call.startedAt, locale)}</span>
            <span className="home__what">
              <CustomerLink id={call.customerId} name={call.customerName} fallback={number} />
              <span className="hint home__kind">
                <Icon size={14} aria-hidden="true" />
                {call.customerName ? `${kind} · ${number}` : kind}
              </span>
            </span>
            {call.number === null ? null : <CallBackButton number={call.number} label={t('home:callBackLabel', { name: call.customerName ?? number })} />}
          </li>
        );
      })}
    </ListPanel>
  );
}

export function EscalationsPanel({ escalations, icon }: { escalations: readonly HomeEscalation[]; icon: LucideIcon }) {
  const { t } = useT();
  const locale = useLocale();
  return (
    <ListPanel title={t('home:escalations.title')} count={escalations.length} empty={t('home:escalations.empty')} testId="home-escalations" icon={icon}>
      {escalations.map((escalation) => {
        const queue = QUEUE_LABELS[escalation.queue as keyof typeof QUEUE_LABELS] as (typeof QUEUE_LABELS)[keyof typeof QUEUE_LABELS] | undefined;
        return (
          <li key={escalation.id} className="home__item" data-testid="home-escalation">
            <span className="home__when">{formatDateTime(escalation.createdAt, locale, { dateStyle: 'short' })}</span>
            <span className="home__what">
              <CustomerLink id={escalation.customerId} name={escalation.customerName} fallback={t('home:escalations.unknownCustomer')} />
              <span className="hint home__summary">{escalation.summary}</span>
            </span>
            <Pill>{queue ? t(queue) : escalation.queue}</Pill>
          </li>
        );
      })}
    </ListPanel>
  );
}
