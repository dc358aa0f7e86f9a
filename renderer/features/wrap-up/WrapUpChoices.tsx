import { TriangleAlert } from 'lucide-react';
import { CONTACT_CHANNELS, OUTCOMES, type ContactChannel, type OrderDetail, type Outcome } from '../../../common/contract/data.ts';
import { formatDateTime, formatMoney, formatWhen } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { Pill } from '../../ui/Pill.tsx';
import type { Load } from './use-load.ts';
import type { repeatedReasons } from './wrap-up-model.ts';
import { useWrapUpStore } from './wrap-up-store.ts';

// The wrap-up card's smaller parts: channel, outcome, first contact fix, order and the repeat warning.

const CHANNELS = {
  phone: 'wrapup:channel.phone',
  email: 'wrapup:channel.email',
  chat: 'wrapup:channel.chat',
  whatsapp: 'wrapup:channel.whatsapp',
  note: 'wrapup:channel.note',
} as const satisfies Record<ContactChannel, string>;

const OUTCOME_LABELS = {
  solved: 'wrapup:outcome.solved',
  follow_up: 'wrapup:outcome.follow_up',
  escalated: 'wrapup:outcome.escalated',
} as const satisfies Record<Outcome, string>;

/** How the contact came in, for a wrap-up opened on demand (the phone knows its own). */
export function ChannelChoice({ id, interactionId, channel }: { id: string; interactionId: string; channel: ContactChannel }) {
  const { t } = useT();
  return (
    <ChoiceGroup
      legend={t('wrapup:channel.label')}
      name={`${id}-channel`}
      choices={CONTACT_CHANNELS.map((option) => ({ value: option, label: t(CHANNELS[option]), testId: `wrap-up-channel-${option}` }))}
      value={channel}
      onChange={(option) => useWrapUpStore.getState().setChannel(interactionId, option)}
    />
  );
}

interface OutcomeChoiceProps {
  /** The card's id: the first option is `${id}-outcome`, focused when no outcome is chosen. */
  readonly id: string;
  readonly outcome: Outcome | null;
  readonly problem: boolean;
  readonly onChange: (outcome: Outcome) => void;
}

/** Solved, follow-up or escalated. */
export function OutcomeChoice({ id, outcome: chosen, problem, onChange }: OutcomeChoiceProps) {
  const { t } = useT();
  return (
    <ChoiceGroup
      legend={t('wrapup:outcome.label')}
      name={`${id}-outcome`}
      firstId={`${id}-outcome`}
      describedBy={problem ? `${id}-outcome-problem` : undefined}
      choices={OUTCOMES.map((outcome) => ({ value: outcome, label: t(OUTCOME_LABELS[outcome]), testId: `wrap-up-outcome-${outcome}` }))}
      value={chosen}
      onChange={onChange}
    >
      {problem ? (
        <ErrorLine id={`${id}-outcome-problem`} alert={false} testId="wrap-up-outcome-problem">
          {t('wrapup:problems.outcome')}
        </ErrorLine>
      ) : null}
    </ChoiceGroup>
  );
}

interface FirstContactFixProps {
  readonly id: string;
  readonly checked: boolean;
  /** The agent has not ticked or cleared it: the suggestion stands. */
  readonly undecided: boolean;
  /** Undecided and suggested as solved at first contact (shown with the reason why). */
  readonly suggested: boolean;
  readonly onChange: (checked: boolean) => void;
}

/** "Solved at first contact", suggested from the outcome, transfers and repeats. */
export function FirstContactFix({ id, checked, undecided, suggested, onChange }: FirstContactFixProps) {
  const { t } = useT();
  return (
    <div className="check">
      <input
        id={`${id}-fcf`}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-fcf-hint`}
        onChange={(event) => onChange(event.target.checked)}
        data-testid="wrap-up-fcf"
        data-suggested={undecided}
      />
      <label htmlFor={`${id}-fcf`}>
        {t('wrapup:fcf.label')}
        {suggested ? (
          <Pill className="wrap-up__suggested" testId="wrap-up-fcf-suggested">
            {t('wrapup:fcf.suggested')}
          </Pill>
        ) : null}
      </label>
      <p id={`${id}-fcf-hint`} className="hint check__hint">
        {suggested ? t('wrapup:fcf.why') : t('wrapup:fcf.hint')}
      </p>
    </div>
  );
}

/** Which order the contact was about, from the customer's latest. */
export function OrderSelect({ orders, orderId, onChange }: { orders: Load<readonly OrderDetail[]>; orderId: string | null; onChange: (orderId: string | null) => void }) {
  const { t } = useT();
  const locale = useLocale();
  return (
    <Field label={t('wrapup:order.label')}>
      {(control) => (
        <>
          <select
            {...control}
            className="select wrap-up__order"
            value={orderId ?? ''}
            onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
            data-testid="wrap-up-order"
          >
            <option value="">{orders.phase === 'loading' ? t('wrapup:order.loading') : t('wrapup:order.none')}</option>
            {orders.phase === 'ready'
              ? orders.value.map((order) => (
                  <option key={order.id} value={order.id}>
                    {t('wrapup:order.option', {
                      number: order.number,
                      date: formatDateTime(order.placedAt, locale, { dateStyle: 'medium' }),
                      total: formatMoney(order.totalCents, order.currency, locale),
                    })}
                  </option>
                ))
              : null}
          </select>
          {orders.phase === 'error' ? <p className="hint hint--warning">{t('wrapup:order.loadFailed')}</p> : null}
        </>
      )}
    </Field>
  );
}

interface RepeatWarningProps {
  readonly repeats: ReturnType<typeof repeatedReasons>;
  readonly labelOf: (code: string) => string;
  readonly now: number;
}

/** The same reason came up in the last seven days: said before the agent saves. */
export function RepeatWarning({ repeats, labelOf, now }: RepeatWarningProps) {
  const { t } = useT();
  const locale = useLocale();
  return (
    <div className="wrap-up__repeat" role="status" data-testid="wrap-up-repeat-warning">
      <TriangleAlert size={18} aria-hidden="true" />
      <div>
        <p className="wrap-up__repeat-title">{t('wrapup:repeat.title')}</p>
        <ul>
          {repeats.map((repeat) => (
            <li key={repeat.code} data-code={repeat.code}>
              {t('wrapup:repeat.item', { reason: labelOf(repeat.code), when: formatWhen(repeat.at, now, locale) })}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
