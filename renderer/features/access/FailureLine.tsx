import type { AccessStatus } from '../../../common/contract/access.ts';
import { useT, type T } from '../../i18n/use-t.ts';

type Failed = Extract<AccessStatus, { state: 'failed' }>;

/** Why a link was refused, in words an agent acts on (main's reasons from common/links/enroll-link.ts). */
const LINK_REASONS = {
  empty: 'access:failed.link.empty',
  tooLong: 'access:failed.link.tooLong',
  notALink: 'access:failed.link.notALink',
  scheme: 'access:failed.link.scheme',
  hubMissing: 'access:failed.link.hubMissing',
  hubInvalid: 'access:failed.link.hubInvalid',
  hubInsecure: 'access:failed.link.hubInsecure',
  hubCredentials: 'access:failed.link.hubCredentials',
  fragment: 'access:failed.link.fragment',
  codeMissing: 'access:failed.link.codeMissing',
  codeInvalid: 'access:failed.link.codeInvalid',
} as const;

/** What went wrong and what to do next: one sentence each. */
export function failureText(t: T, failed: Failed): { what: string; next: string } {
  switch (failed.code) {
    case 'link.invalid': {
      const reason = failed.reason && Object.hasOwn(LINK_REASONS, failed.reason) ? LINK_REASONS[failed.reason as keyof typeof LINK_REASONS] : 'access:failed.link.notALink';
      return { what: t(reason), next: t('access:failed.next.newLink') };
    }
    case 'enrollment.invalid':
      return { what: t('access:failed.enrollmentInvalid'), next: t('access:failed.next.newLink') };
    case 'hub.unreachable':
      return { what: t('access:failed.hubUnreachable', { hub: failed.hub ?? '' }), next: t('access:failed.next.tryAgain') };
    case 'auth.expired':
      return { what: t('access:failed.expired'), next: t('access:failed.next.newLink') };
    case 'internal':
      return { what: t('access:failed.internal'), next: t('access:failed.next.tryAgain') };
  }
}

export function FailureLine({ failed }: { failed: Failed }) {
  const { t } = useT();
  const { what, next } = failureText(t, failed);
  return (
    <div className="form-error access-page__failure" role="alert" data-testid="access-failed" data-code={failed.code}>
      <p>{what}</p>
      <p>{next}</p>
    </div>
  );
}
