import { AlarmClock, CalendarClock, ClipboardCheck, PhoneCall } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { CallbackItem } from '../../../common/contract/callbacks.ts';
import { formatPhoneNumber } from '../../app/phone-format.ts';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import { useCannotCall } from '../../app/use-can-call.ts';
import { formatDateTime, languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { CALLBACK_OUTCOME_LABELS, CallbackOutcome } from './CallbackOutcome.tsx';
import { useCallbacksStore } from './callbacks-store.ts';

const when = (iso: string, locale: string) => formatDateTime(iso, locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const clock = (iso: string, locale: string) => formatDateTime(iso, locale, { timeStyle: 'short' });

interface CallbackRowProps {
  readonly callback: CallbackItem;
  /** The team's list names whose callback each is. */
  readonly showAssignee: boolean;
  readonly outcomeOpen: boolean;
  readonly onOutcome: (open: boolean) => void;
  /** A reminder opened this callback: scroll it into view and focus it. */
  readonly focused: boolean;
  /** An outcome was saved: read the list again now (the hub's live event follows too). */
  readonly onSaved: () => void;
}

/**
 * One callback: when (overdue ones say so in words and with an icon, not by colour alone), who
 * with the preferred window and language, where it came from, the attempts; Call dials only on
 * the click and then asks how it went.
 */
export function CallbackRow({ callback, showAssignee, outcomeOpen, onOutcome, focused, onSaved }: CallbackRowProps) {
  const { t } = useT();
  const locale = useLocale();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const callNumber = useCallNumber();
  const cannotCall = useCannotCall();
  const row = useRef<HTMLLIElement>(null);
  // Brought into view by a reminder: the row takes the focus, unless its outcome form is open
  // (then its first outcome has it, for the agent to go on by keyboard after the call).
  useEffect(() => {
    if (!focused) return;
    row.current?.scrollIntoView({ block: 'nearest' });
    if (!outcomeOpen) row.current?.focus();
  }, [focused, outcomeOpen]);

  const number = formatPhoneNumber(callback.phone, dialCountry);
  const name = callback.customerName || number;
  const open = callback.status === 'open';
  const call = async () => {
    const callId = await callNumber(callback.phone);
    if (callId !== null) onOutcome(true);
  };
  const callLabel = t('callbacks:row.callLabel', { name, number });
  const facts = [
    callback.windowStart && callback.windowEnd ? t('callbacks:row.window', { from: clock(callback.windowStart, locale), to: clock(callback.windowEnd, locale) }) : null,
    callback.language ? t('callbacks:row.language', { language: languageName(callback.language, locale) }) : null,
    callback.attempts > 0 ? t('callbacks:row.attempts', { count: callback.attempts }) : null,
    showAssignee ? (callback.assignedTo ? t('callbacks:row.assignedTo', { name: callback.assignedTo.name }) : t('callbacks:row.unassigned')) : null,
    callback.completedAt ? t('callbacks:row.completedAt', { time: when(callback.completedAt, locale) }) : null,
  ]
    .filter((fact) => fact !== null)
    .join(' · ');
  return (
    <li
      ref={row}
      tabIndex={-1}
      className={`callback-row${callback.overdue ? ' callback-row--overdue' : ''}${focused ? ' callback-row--focused' : ''}`}
      data-testid="callback"
      data-callback-id={callback.id}
      data-overdue={callback.overdue}
      onBlur={(event) => {
        if (focused && !event.currentTarget.contains(event.relatedTarget)) useCallbacksStore.getState().clearFocus();
      }}
    >
      <div className="callback-row__main">
        <span className="callback-row__when">
          {callback.overdue ? <AlarmClock size={16} aria-hidden="true" /> : <CalendarClock size={16} aria-hidden="true" />}
          {when(callback.dueAt, locale)}
        </span>
        <span className="callback-row__who">
          <button type="button" className="callback-row__name" onClick={() => openCustomer(callback.customerId)}>
            {name}
          </button>
          <span className="hint" data-phone={callback.phone}>
            {number}
          </span>
        </span>
        <span className="callback-row__badges">
          {callback.overdue ? (
            <Pill tone="warning" testId="callback-overdue">
              {t('callbacks:row.overdue')}
            </Pill>
          ) : null}
          {callback.source === 'web_shop' ? <Pill tone="accent">{t('callbacks:row.webShop')}</Pill> : null}
          {callback.status === 'done' && callback.outcome ? (
            <Pill testId="callback-done-outcome">
              <ClipboardCheck size={14} aria-hidden="true" /> {t(CALLBACK_OUTCOME_LABELS[callback.outcome])}
            </Pill>
          ) : null}
          {callback.status === 'cancelled' ? <Pill>{t('callbacks:row.cancelled')}</Pill> : null}
        </span>
        {open ? (
          <span className="callback-row__actions">
            <ActionButton
              small
              variant="call"
              icon={PhoneCall}
              label={t('callbacks:row.call')}
              ariaLabel={callLabel}
              disabled={cannotCall !== null}
              title={cannotCall === 'notReady' ? t('callbacks:phoneNotReady') : cannotCall === 'onCall' ? t('callbacks:onCall') : callLabel}
              onClick={() => void call()}
              testId="callback-call"
            />
            <ActionButton
              small
              label={t('callbacks:row.outcome')}
              ariaLabel={t('callbacks:outcome.label', { name })}
              expanded={outcomeOpen}
              onClick={() => onOutcome(!outcomeOpen)}
              testId="callback-outcome-open"
            />
          </span>
        ) : null}
      </div>
      {facts ? <p className="hint callback-row__facts">{facts}</p> : null}
      {callback.note ? <p className="callback-row__note">{callback.note}</p> : null}
      {open && outcomeOpen ? <CallbackOutcome callback={callback} name={name} onDone={() => onOutcome(false)} onSaved={onSaved} /> : null}
    </li>
  );
}
