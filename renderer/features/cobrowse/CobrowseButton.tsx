import { ScreenShare } from 'lucide-react';
import { useClient } from '../../app/client-context.ts';
import { cobrowseKeys } from '../../app/shortcuts.ts';
import { useT } from '../../i18n/use-t.ts';
import { useCobrowseStore } from './cobrowse-store.ts';

/**
 * The customer header's "Co-browse": asks the customer to share the shop's tab (a code to read
 * out, and the prompt on their open page when they are identified there). While this customer's
 * session runs it says so and moves focus to the panel instead of starting another.
 */
export function CobrowseButton({ customerId }: { customerId: string }) {
  const { t } = useT();
  const client = useClient();
  const running = useCobrowseStore((state) => state.status !== null && state.status.customerId === customerId && state.status.state !== 'ended');
  const starting = useCobrowseStore((state) => state.startingFor !== null);
  const keys = cobrowseKeys('start');
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        if (running) document.getElementById('cobrowse-panel-title')?.focus();
        else void useCobrowseStore.getState().start(client, customerId);
      }}
      disabled={starting}
      aria-busy={starting}
      aria-keyshortcuts={keys}
      title={`${running ? t('cobrowse:action.openHint') : t('cobrowse:action.startHint')} (${keys})`}
      data-testid="customer-cobrowse"
    >
      <ScreenShare size={16} aria-hidden="true" />
      {running ? t('cobrowse:action.open') : t('cobrowse:action.start')}
    </button>
  );
}
