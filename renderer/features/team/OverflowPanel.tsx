import { UserPlus } from 'lucide-react';
import { useCallback, useState } from 'react';
import type { EnrollmentCreated } from '../../../common/contract/enrollments.ts';
import { useClient } from '../../app/client-context.ts';
import { useLiveRead } from '../../app/use-live-read.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { OverflowAgentRow } from './OverflowAgentRow.tsx';
import { OverflowEnrollmentCard } from './OverflowEnrollmentCard.tsx';
import { OverflowForm } from './OverflowForm.tsx';
import { overflowErrorMessage } from './overflow-errors.ts';
import './overflow.css';

/** Overflow agents' news the hub announces (a final report came in); main forwards these kinds. */
const OVERFLOW_KINDS = /^overflow\./;

/**
 * The team lead's overflow agents (on the Team screen): who is invited, active or ended, their
 * devices and unsent reports, with "Revoke device" and "End access now"; and "New overflow agent",
 * which ends in the link, its QR code and the plain code. The hub decides which agents a lead
 * sees and may change (their own office).
 */
export function OverflowPanel() {
  const { t } = useT();
  const client = useClient();
  const read = useCallback(() => client.request('enrollments.list', {}), [client]);
  const list = useLiveRead(read, OVERFLOW_KINDS);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<EnrollmentCreated | null>(null);

  return (
    <Panel title={t('overflow:title')} testId="overflow-panel" className="overflow-panel">
      <FormActions>
        <ActionButton
          icon={UserPlus}
          label={t('overflow:new')}
          expanded={formOpen}
          onClick={() => {
            setFormOpen((open) => !open);
            setCreated(null);
          }}
          testId="overflow-new"
        />
      </FormActions>
      {formOpen ? (
        <OverflowForm
          onCreated={(made) => {
            setCreated(made);
            setFormOpen(false);
            list.reload();
          }}
          onCancel={() => setFormOpen(false)}
        />
      ) : null}
      {created ? <OverflowEnrollmentCard enrollment={created} onClose={() => setCreated(null)} /> : null}
      {list.state === 'loading' ? (
        <p className="hint" role="status">
          {t('overflow:loading')}
        </p>
      ) : list.state === 'error' ? (
        <ErrorLine testId="overflow-error">{overflowErrorMessage(t, list.error)}</ErrorLine>
      ) : list.value.agents.length === 0 ? (
        <p className="hint" data-testid="overflow-empty">
          {t('overflow:empty')}
        </p>
      ) : (
        <div className="overflow-table__scroll">
          <table className="overflow-table" data-testid="overflow-table">
            <caption className="visually-hidden">{t('overflow:caption', { count: list.value.agents.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overflow:columns.agent')}</th>
                <th scope="col">{t('overflow:columns.status')}</th>
                <th scope="col">{t('overflow:columns.accessUntil')}</th>
                <th scope="col">{t('overflow:columns.devices')}</th>
                <th scope="col">{t('overflow:columns.unsent')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('overflow:columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value.agents.map((agent) => (
                <OverflowAgentRow key={agent.agentId} agent={agent} onChanged={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
