import { Ban, CalendarX } from 'lucide-react';
import { useState } from 'react';
import type { OverflowAgent } from '../../../common/hub/access.ts';
import type { UnsentReports } from '../../../common/contract/enrollments.ts';
import { useClient } from '../../app/client-context.ts';
import { formatDateTime, languageName } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Pill, type PillTone } from '../../ui/Pill.tsx';
import { OverflowConfirm } from './OverflowConfirm.tsx';
import { overflowErrorMessage } from './overflow-errors.ts';

const STATUS = {
  invited: { label: 'overflow:status.invited', tone: 'pending' },
  active: { label: 'overflow:status.active', tone: 'accent' },
  ended: { label: 'overflow:status.ended', tone: 'neutral' },
} as const satisfies Record<OverflowAgent['status'], { label: string; tone: PillTone }>;

/** One overflow agent: status, access end, devices (each revocable), unsent reports and "End access now". */
export function OverflowAgentRow({ agent, onChanged }: { agent: OverflowAgent; onChanged: () => void }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const status = STATUS[agent.status];
  return (
    <tr data-testid={`overflow-agent-${agent.agentId}`} data-status={agent.status}>
      <th scope="row">
        <span className="overflow-table__name">{agent.displayName}</span>
        <span className="hint">{agent.languages.map((code) => languageName(code, locale)).join(', ')}</span>
      </th>
      <td>
        <Pill tone={status.tone}>{t(status.label)}</Pill>
      </td>
      <td>{agent.accessExpiresAt ? formatDateTime(agent.accessExpiresAt, locale) : t('overflow:noEnd')}</td>
      <td>
        {agent.devices.length === 0 ? (
          <span className="hint">{t('overflow:devices.none')}</span>
        ) : (
          <ul className="overflow-table__devices">
            {agent.devices.map((device) => (
              <li key={device.id} data-testid={`overflow-device-${device.id}`} data-revoked={device.revokedAt !== null}>
                <span>{device.name}</span>
                <span className="hint">
                  {device.revokedAt
                    ? t('overflow:devices.revoked', { when: formatDateTime(device.revokedAt, locale) })
                    : device.lastSeenAt
                      ? t('overflow:devices.lastSeen', { when: formatDateTime(device.lastSeenAt, locale) })
                      : t('overflow:devices.enrolled', { when: formatDateTime(device.enrolledAt, locale) })}
                </span>
                {device.revokedAt ? null : (
                  <OverflowConfirm
                    icon={Ban}
                    label={t('overflow:devices.revoke')}
                    ariaLabel={t('overflow:devices.revokeNamed', { device: device.name, name: agent.displayName })}
                    question={t('overflow:devices.revokeQuestion', { device: device.name })}
                    confirmLabel={t('overflow:devices.revokeConfirm')}
                    run={() => client.request('devices.revoke', { deviceId: device.id }).then(onChanged)}
                    testId={`overflow-revoke-${device.id}`}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <Unsent agent={agent} />
      </td>
      <td>
        {agent.status === 'ended' ? null : (
          <OverflowConfirm
            icon={CalendarX}
            label={t('overflow:endAccess.label')}
            ariaLabel={t('overflow:endAccess.named', { name: agent.displayName })}
            question={t('overflow:endAccess.question', { name: agent.displayName })}
            confirmLabel={t('overflow:endAccess.confirm')}
            run={() => client.request('enrollments.endAccess', { agentId: agent.agentId }).then(onChanged)}
            testId={`overflow-end-${agent.agentId}`}
          />
        )}
      </td>
    </tr>
  );
}

/** How many final reports came from the agent's console, and what was in them on request. */
function Unsent({ agent }: { agent: OverflowAgent }) {
  const { t } = useT();
  const locale = useLocale();
  const client = useClient();
  const [reports, setReports] = useState<UnsentReports | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  if (agent.unsentReports === 0) return <span className="hint">{t('overflow:unsent.none')}</span>;
  const show = () => {
    setFailure(null);
    client.request('enrollments.unsent', { agentId: agent.agentId }).then(setReports, setFailure);
  };
  return (
    <div className="overflow-table__unsent" data-testid={`overflow-unsent-${agent.agentId}`} data-count={agent.unsentReports}>
      <Pill tone="warning">{t('overflow:unsent.count', { count: agent.unsentReports })}</Pill>
      {reports ? (
        <ul className="overflow-table__items">
          {reports.reports.flatMap((report) =>
            report.items.map((item, index) => (
              // Items have no id of their own; a report's list never changes.
              <li key={`${report.id}-${String(index)}`}>
                <span className="hint">{formatDateTime(item.createdAt, locale)}</span> {item.text ?? t('overflow:unsent.noText')}
              </li>
            )),
          )}
        </ul>
      ) : (
        <button type="button" className="button button--small" onClick={show} aria-label={t('overflow:unsent.showNamed', { name: agent.displayName })} data-testid={`overflow-unsent-show-${agent.agentId}`}>
          {t('overflow:unsent.show')}
        </button>
      )}
      {failure ? <ErrorLine inline>{overflowErrorMessage(t, failure)}</ErrorLine> : null}
    </div>
  );
}
