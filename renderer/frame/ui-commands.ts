import type { UiCommand } from '../../common/contract/contract.ts';
import type { LinkRefusal } from '../../common/contract/desktop.ts';
import { openCustomer } from '../app/stores/customer-store.ts';
import { useNavigationStore } from '../app/stores/navigation-store.ts';
import { usePhoneStore } from '../app/stores/phone-store.ts';
import { useToastStore } from '../app/stores/toast-store.ts';
import type { T } from '../i18n/use-t.ts';

/** Why a link from outside was not used, in the agent's words. */
const REFUSAL_TEXTS = {
  scheme: 'desktop:link.refused.scheme',
  empty: 'desktop:link.refused.empty',
  tooLong: 'desktop:link.refused.tooLong',
  characters: 'desktop:link.refused.characters',
  serviceCode: 'desktop:link.refused.serviceCode',
  notANumber: 'desktop:link.refused.notANumber',
  enrollLink: 'desktop:link.refused.enrollLink',
} as const satisfies Record<LinkRefusal, string>;

/**
 * A command from outside the page (native menu, a link another program opened, a click on a
 * notification). A phone link only fills the dial pad: the call waits for the agent's click.
 * Escalations open themselves (features/escalations listens for their `open`).
 */
export function runCommand(command: UiCommand, t: T): void {
  const navigation = useNavigationStore.getState();
  switch (command.command) {
    case 'navigate':
      navigation.navigate(command.view);
      break;
    case 'showShortcuts':
      navigation.setShortcutHelp(true);
      break;
    case 'dial':
      usePhoneStore.getState().prefillDialPad(command.number);
      useToastStore.getState().show('info', t('desktop:link.dialReady'));
      break;
    case 'linkRefused':
      useToastStore.getState().show('error', t(REFUSAL_TEXTS[command.reason]));
      break;
    case 'open':
      if (command.target.view === 'customer') openCustomer(command.target.customerId);
      else if (command.target.view === 'callbacks') navigation.navigate('callbacks');
      // 'phone': the ringing call's banner is on every screen; 'escalations': see above.
      break;
  }
}
