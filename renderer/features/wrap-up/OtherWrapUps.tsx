import { ClipboardList } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { openCustomer } from '../../app/stores/customer-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { numberText } from '../../app/phone-format.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { useWrapUpStore, type WrapUp } from './wrap-up-store.ts';

type NamedCall = Pick<WrapUp, 'callerName' | 'remoteNumber'>;

/** How a wrap-up names its call: "Anna de Vries (+31 6 1234 5678)", the number alone, or nothing. */
export function callLabel(t: T, wrapUp: NamedCall, dialCountry: string): string | null {
  const number = wrapUp.remoteNumber ? numberText(t, wrapUp.remoteNumber, dialCountry) : null;
  if (wrapUp.callerName && number) return t('wrapup:callLabel', { name: wrapUp.callerName, number });
  return wrapUp.callerName ?? number;
}

/** The form's title, after the call it belongs to (its caller's name and number). */
export function callTitle(t: T, wrapUp: NamedCall, dialCountry: string): string {
  const number = wrapUp.remoteNumber ? numberText(t, wrapUp.remoteNumber, dialCountry) : null;
  if (wrapUp.callerName && number) return t('wrapup:title.callNamed', { name: wrapUp.callerName, number });
  if (number) return t('wrapup:title.call', { number });
  return t('wrapup:title.callUnknown');
}

/**
 * The unfinished wrap-ups of other customers' calls, on whichever customer is open: a call that
 * opened another customer never hides a form the agent has not saved (it stays in the store,
 * its note in main's drafts), and one click brings it back.
 */
export function OtherWrapUps({ customerId }: { customerId: string }) {
  const { t } = useT();
  const dialCountry = useSettingsStore((state) => state.settings.dialCountry);
  const others = useWrapUpStore(useShallow((state) => state.wrapUps.filter((wrapUp) => wrapUp.customerId !== null && wrapUp.customerId !== customerId)));
  if (others.length === 0) return null;
  return (
    <section className="card wrap-up-others" aria-label={t('wrapup:others.title', { count: others.length })} data-testid="wrap-up-others">
      <ClipboardList size={16} aria-hidden="true" />
      <p className="hint">{t('wrapup:others.title', { count: others.length })}</p>
      <ul className="wrap-up-others__list">
        {others.map((wrapUp) => {
          const label = wrapUp.onDemand ? t('wrapup:title.onDemand') : (callLabel(t, wrapUp, dialCountry) ?? t('wrapup:title.callUnknown'));
          return (
            <li key={wrapUp.interactionId} data-testid="wrap-up-other" data-interaction-id={wrapUp.interactionId}>
              <ActionButton
                small
                label={t('wrapup:others.open', { call: label })}
                onClick={() => {
                  if (wrapUp.customerId !== null) openCustomer(wrapUp.customerId);
                }}
                testId="wrap-up-other-open"
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
