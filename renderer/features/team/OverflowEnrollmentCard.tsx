import { Copy, X } from 'lucide-react';
import { useState } from 'react';
import type { EnrollmentCreated } from '../../../common/contract/enrollments.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { QrCode } from '../../ui/QrCode.tsx';

/** A new overflow agent's enrollment: the link to send (copy), its QR code to scan, and the plain code to read out. */
export function OverflowEnrollmentCard({ enrollment, onClose }: { enrollment: EnrollmentCreated; onClose: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(enrollment.link).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="overflow-enrollment" aria-labelledby="overflow-enrollment-title" data-testid="overflow-enrollment" data-agent-id={enrollment.agentId}>
      <h3 id="overflow-enrollment-title" className="overflow-enrollment__title">
        {t('overflow:created.title', { name: enrollment.displayName })}
      </h3>
      <div className="overflow-enrollment__body">
        <QrCode size={enrollment.qr.size} modules={enrollment.qr.modules} label={t('overflow:created.qr', { name: enrollment.displayName })} testId="overflow-qr" />
        <div className="overflow-enrollment__text">
          <p>{t('overflow:created.howTo')}</p>
          <label className="field__label" htmlFor="overflow-enrollment-link">
            {t('overflow:created.link')}
          </label>
          <input id="overflow-enrollment-link" className="text-input overflow-enrollment__link" readOnly value={enrollment.link} onFocus={(event) => event.target.select()} data-testid="overflow-link" />
          <FormActions>
            <ActionButton icon={Copy} label={t('overflow:created.copy')} onClick={copy} testId="overflow-copy-link" />
            <span className="hint" role="status">
              {copied === 'yes' ? t('overflow:created.copied') : copied === 'failed' ? t('overflow:created.copyFailed') : ''}
            </span>
          </FormActions>
          <dl className="facts">
            <dt>{t('overflow:created.code')}</dt>
            <dd className="overflow-enrollment__code" data-testid="overflow-code">
              {enrollment.code}
            </dd>
            <dt>{t('overflow:created.codeUntil')}</dt>
            <dd>{formatDateTime(enrollment.codeExpiresAt, locale)}</dd>
            <dt>{t('overflow:created.accessUntil')}</dt>
            <dd>{formatDateTime(enrollment.accessExpiresAt, locale)}</dd>
          </dl>
        </div>
      </div>
      <FormActions>
        <ActionButton icon={X} label={t('overflow:created.close')} onClick={onClose} testId="overflow-enrollment-close" />
      </FormActions>
    </section>
  );
}
