import { CheckCircle2, TimerReset } from 'lucide-react';
import { useState } from 'react';
import { useClient } from '../../app/client-context.ts';
import { formatCallDuration } from '../../app/phone-format.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useNow } from '../../app/use-now.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';

/**
 * The wrap-up time of this form's call, while it runs: how long calls are still held back, and
 * "Ready" (take calls again now) and "Extend" (once). Shown only on the form of the call the
 * time follows, so a countdown never sits on another caller's form.
 */
export function WrapUpTime({ interactionId }: { interactionId: string }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const presence = usePhoneStore((state) => state.status?.presence ?? null);
  const mine = presence?.state === 'wrapUp' && presence.until !== null && presence.wrapUp?.interactionId === interactionId;
  const now = useNow(mine ? 1_000 : null);
  const [busy, setBusy] = useState<'ready' | 'extend' | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!mine || presence.until === null || presence.wrapUp === undefined) return null;
  const period = presence.wrapUp;

  const run = (action: 'ready' | 'extend') => {
    setBusy(action);
    setError(null);
    // main's `phone.changed` brings the new presence; the answer only says it worked.
    client.request('phone.wrapUpTime', { action }).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  const left = formatCallDuration(Math.max(0, presence.until - now) + 999, locale);
  return (
    <div className="wrap-up__time" data-testid="wrap-up-time" data-extended={period.extended}>
      <p className="hint">
        {/* The countdown changes every second: not announced, the buttons say what to do. */}
        <span aria-hidden="true">{t('wrapup:time.left', { time: left })}</span>
        <span className="visually-hidden">{t('wrapup:time.held')}</span>
      </p>
      <FormActions>
        <ActionButton small icon={CheckCircle2} label={t('wrapup:time.ready')} onClick={() => run('ready')} busy={busy === 'ready'} testId="wrap-up-ready" />
        <ActionButton
          small
          icon={TimerReset}
          label={period.extended ? t('wrapup:time.extended') : t('wrapup:time.extend', { seconds: period.extendSeconds })}
          onClick={() => run('extend')}
          disabled={period.extended}
          busy={busy === 'extend'}
          testId="wrap-up-extend"
        />
      </FormActions>
      {error ? <ErrorLine error={error} testId="wrap-up-time-error" /> : null}
    </div>
  );
}
