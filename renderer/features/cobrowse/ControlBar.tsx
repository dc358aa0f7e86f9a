import { Hand, MousePointerClick } from 'lucide-react';
import type { CobrowseStatus } from '../../../common/contract/cobrowse.ts';
import { useClient } from '../../app/client-context.ts';
import { cobrowseKeys } from '../../app/shortcuts.ts';
import { useT } from '../../i18n/use-t.ts';
import { Pill } from '../../ui/Pill.tsx';
import { useCobrowseStore } from './cobrowse-store.ts';

/**
 * Remote control, the second consent: "Ask for control" → waiting → "You have control", or the
 * customer's answer (refused, took it back) with "Ask again". Only on a live page.
 */
export function ControlBar({ status }: { status: CobrowseStatus }) {
  const { t } = useT();
  const client = useClient();
  const asked = useCobrowseStore((state) => state.controlAsked);
  const answer = useCobrowseStore((state) => state.controlAnswer);
  const { control } = status;
  const canAsk = status.state === 'live' && control === 'off' && !asked;
  const keys = cobrowseKeys('control');

  return (
    <div className="row cobrowse-control" data-testid="cobrowse-control" data-control={control}>
      {control === 'on' ? (
        <Pill tone="accent" testId="cobrowse-control-on">
          <MousePointerClick size={14} aria-hidden="true" /> {t('cobrowse:control.on')}
        </Pill>
      ) : control === 'requested' || asked ? (
        <span className="hint" role="status" data-testid="cobrowse-control-waiting">
          {t('cobrowse:control.waiting')}
        </span>
      ) : (
        <>
          <button
            type="button"
            className="button"
            onClick={() => void useCobrowseStore.getState().askControl(client)}
            disabled={!canAsk}
            aria-keyshortcuts={keys}
            title={keys}
            data-testid="cobrowse-ask-control"
          >
            <Hand size={16} aria-hidden="true" />
            {answer === null ? t('cobrowse:control.ask') : t('cobrowse:control.askAgain')}
          </button>
          {answer === null ? null : (
            <span className="hint hint--warning" role="status" data-testid="cobrowse-control-answer" data-answer={answer}>
              {answer === 'refused' ? t('cobrowse:control.refused') : t('cobrowse:control.takenBack')}
            </span>
          )}
        </>
      )}
    </div>
  );
}
