import { PhoneForwarded, RotateCw } from 'lucide-react';
import { useCallback, useId } from 'react';
import { CALLBACK_SCOPES, CALLBACK_STATES, type CallbackScope, type CallbackState } from '../../../common/contract/callbacks.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useLiveRead } from '../../app/use-live-read.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton } from '../../ui/FormActions.tsx';
import { CallbackRow } from './CallbackRow.tsx';
import { useCallbacksStore } from './callbacks-store.ts';
import './callbacks.css';

/** Callbacks change at the hub (due, taken, done by a colleague) and with the customers' data. */
const LIVE_KINDS = /^callback\./;

const SCOPE_LABELS = { mine: 'callbacks:scope.mine', team: 'callbacks:scope.team' } as const satisfies Record<CallbackScope, string>;
const STATE_LABELS = { due: 'callbacks:state.due', overdue: 'callbacks:state.overdue', done: 'callbacks:state.done' } as const satisfies Record<CallbackState, string>;
const EMPTY_TEXTS = { due: 'callbacks:empty.due', overdue: 'callbacks:empty.overdue', done: 'callbacks:empty.done' } as const satisfies Record<CallbackState, string>;

/**
 * The callbacks the agent (Mine) or the team (Team) owes customers: due today, overdue, or done
 * in the last 7 days, by due time, read from the hub and read again when it announces a change.
 */
export function CallbacksView() {
  const { t } = useT();
  const client = useClient();
  const { scope, state, focus, outcomeFor, setFilter, setOutcomeFor } = useCallbacksStore();
  const scopeName = useId();
  const stateName = useId();
  const read = useCallback(() => client.request('callbacks.list', { scope, state }), [client, scope, state]);
  const list = useLiveRead(read, LIVE_KINDS);
  const signedOut = useHubStore((hub) => hub.status.state === 'off');

  return (
    <div className="callbacks" data-testid="callbacks">
      <header className="callbacks__header">
        <div className="callbacks__filters">
          <ChoiceGroup
            legend={t('callbacks:scope.legend')}
            name={scopeName}
            value={scope}
            onChange={(next) => setFilter({ scope: next })}
            choices={CALLBACK_SCOPES.map((value) => ({ value, label: t(SCOPE_LABELS[value]), testId: `callbacks-scope-${value}` }))}
          />
          <ChoiceGroup
            legend={t('callbacks:state.legend')}
            name={stateName}
            value={state}
            onChange={(next) => setFilter({ state: next })}
            choices={CALLBACK_STATES.map((value) => ({ value, label: t(STATE_LABELS[value]), testId: `callbacks-state-${value}` }))}
          />
        </div>
        {list.state === 'ready' ? (
          <p className="callbacks__count" role="status" data-testid="callbacks-count">
            {t('callbacks:count', { count: list.value.callbacks.length })}
          </p>
        ) : null}
      </header>
      {list.state === 'loading' ? (
        <p className="hint" role="status" data-testid="callbacks-loading">
          {t('callbacks:loading')}
        </p>
      ) : list.state === 'error' ? (
        <div className="callbacks__problem" data-testid="callbacks-error">
          <ErrorLine>{signedOut ? t('callbacks:signedOut') : problemText(t, list.error)}</ErrorLine>
          <ActionButton small icon={RotateCw} label={t('callbacks:retry')} onClick={list.reload} />
        </div>
      ) : list.value.callbacks.length === 0 ? (
        <EmptyState icon={PhoneForwarded} title={t(EMPTY_TEXTS[state])}>
          {t('callbacks:empty.body')}
        </EmptyState>
      ) : (
        <ul className="callbacks__list" aria-label={t('callbacks:listLabel', { scope: t(SCOPE_LABELS[scope]), state: t(STATE_LABELS[state]) })}>
          {list.value.callbacks.map((callback) => (
            <CallbackRow
              key={callback.id}
              callback={callback}
              showAssignee={scope === 'team'}
              outcomeOpen={outcomeFor === callback.id}
              onOutcome={(open) => setOutcomeFor(open ? callback.id : null)}
              focused={focus === callback.id}
              onSaved={list.reload}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Without the hub the list cannot be known: say so plainly rather than as an error code. */
function problemText(t: T, error: unknown): string {
  if (error instanceof LoketError && error.code === 'hub.unreachable') return t('callbacks:offline');
  if (error instanceof LoketError && error.code === 'hub.notSignedIn') return t('callbacks:signedOut');
  return t('callbacks:failed', { reason: errorMessage(t, error) });
}
