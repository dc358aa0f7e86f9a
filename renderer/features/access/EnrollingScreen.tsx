import { Check, Circle, LoaderCircle } from 'lucide-react';
import { ENROLL_STEPS, type AccessStatus } from '../../../common/contract/access.ts';
import { useT } from '../../i18n/use-t.ts';
import { AccessPage } from './AccessPage.tsx';

type Enrolling = Extract<AccessStatus, { state: 'enrolling' }>;

const STEP_LABELS = {
  signingIn: 'access:enrolling.steps.signingIn',
  syncing: 'access:enrolling.steps.syncing',
  registering: 'access:enrolling.steps.registering',
} as const;

const STATE_LABELS = {
  done: 'access:enrolling.state.done',
  current: 'access:enrolling.state.current',
  todo: 'access:enrolling.state.todo',
} as const;

/** Enrolment under way: the three steps (done, now, to come) and the current step's progress. */
export function EnrollingScreen({ status }: { status: Enrolling }) {
  const { t } = useT();
  const current = ENROLL_STEPS.indexOf(status.step);
  return (
    <AccessPage title={t('access:enrolling.title')} testId="access-enrolling" data-state="enrolling">
      <p className="access-page__lead">{t('access:enrolling.lead', { hub: status.hub })}</p>
      <ol className="access-steps" aria-label={t('access:enrolling.stepsLabel')}>
        {ENROLL_STEPS.map((step, index) => {
          const state: keyof typeof STATE_LABELS = index < current ? 'done' : index === current ? 'current' : 'todo';
          const Icon = state === 'done' ? Check : state === 'current' ? LoaderCircle : Circle;
          return (
            <li key={step} className={`access-steps__step access-steps__step--${state}`} aria-current={state === 'current' ? 'step' : undefined} data-step={step} data-state={state}>
              <Icon size={18} aria-hidden="true" />
              <span>{t(STEP_LABELS[step])}</span>
              <span className="visually-hidden">{t(STATE_LABELS[state])}</span>
            </li>
          );
        })}
      </ol>
      <progress
        className="access-progress"
        aria-label={t(STEP_LABELS[status.step])}
        max={1}
        // Indeterminate (no value) while the step cannot say how far it is.
        value={status.progress ?? undefined}
        data-testid="access-progress"
      />
      <p className="hint" role="status">
        {status.progress === null ? t(STEP_LABELS[status.step]) : t('access:enrolling.percent', { step: t(STEP_LABELS[status.step]), percent: Math.round(status.progress * 100) })}
      </p>
    </AccessPage>
  );
}
