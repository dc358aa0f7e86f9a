import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { AccessPage } from './AccessPage.tsx';
import { gateScreen } from './access-model.ts';
import { useAccessStore } from './access-store.ts';
import { useAccessLink } from './use-access-link.ts';
import { EndedScreen } from './EndedScreen.tsx';
import { EnrollingScreen } from './EnrollingScreen.tsx';
import { FirstScreen } from './FirstScreen.tsx';
import { ReadyScreen } from './ReadyScreen.tsx';

export interface AccessGateProps {
  /** The console, shown once access is active (and while it is ending, under the banner). */
  readonly children: ReactNode;
  /** The hub's password sign-in form, from its own feature (the frame hands it in). */
  readonly passwordSignIn: ReactNode;
}

/**
 * Around the console: a fresh install's first screen, enrolment's steps, "you're ready" with its
 * one confirm, and the "access ended" screen — by main's access status. The hub enforces access
 * either way; the gate is what the agent sees of it.
 */
export function AccessGate({ children, passwordSignIn }: AccessGateProps) {
  const { t } = useT();
  useAccessLink();
  const status = useAccessStore((state) => state.status);
  const unknown = useAccessStore((state) => state.unknown);
  const lookingAround = useAccessStore((state) => state.lookingAround);
  const screen = unknown ? null : gateScreen(status, lookingAround);
  if (screen === null || !status) {
    if (screen === 'loading') {
      return (
        <AccessPage title={t('common:appName')} testId="access-loading" data-state="loading">
          <p className="hint" role="status">
            {t('access:loading')}
          </p>
        </AccessPage>
      );
    }
    return children;
  }
  switch (status.state) {
    case 'none':
      if (lookingAround) return children;
      return <FirstScreen failed={null} passwordSignIn={passwordSignIn} />;
    case 'failed':
      return <FirstScreen failed={status} passwordSignIn={passwordSignIn} />;
    case 'enrolling':
      return <EnrollingScreen status={status} />;
    case 'ready':
      return <ReadyScreen status={status} />;
    case 'ended':
      return <EndedScreen status={status} />;
    default:
      return children;
  }
}
