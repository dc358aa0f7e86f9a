import { useEffect, useRef } from 'react';
import { z } from 'zod';
import type { CallbackItem } from '../../../common/contract/callbacks.ts';
import { useClient } from '../../app/client-context.ts';
import { formatPhoneNumber } from '../../app/phone-format.ts';
import { useNavigationStore } from '../../app/stores/navigation-store.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import type { LoketClient } from '../../bridge/index.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { useCallbacksStore } from './callbacks-store.ts';

/** What the hub says when a callback falls due (`callback.due`: to its agent, or to everyone for an unassigned one). */
const CallbackDue = z.object({ callbackId: z.string(), customerId: z.string(), dueAt: z.string(), phone: z.string() });
type CallbackDue = z.infer<typeof CallbackDue>;

/**
 * Reminds the agent of each callback as it falls due, for the page's lifetime (the frame calls
 * it once): a toast whose Call button dials the customer (only on that click) and opens the
 * callback with its outcome form; main shows the OS notification (main/notifications). Once per
 * callback and due time: a no-answer retry falls due again and is reminded again.
 */
export function useCallbackReminders(): void {
  const client = useClient();
  const { t } = useT();
  const callNumber = useCallNumber();
  // The latest translations and dialler, without subscribing again on a language change.
  const latest = useRef({ t, callNumber });
  useEffect(() => {
    latest.current = { t, callNumber };
  });

  useEffect(() => {
    const reminded = new Set<string>();
    return client.on('hub.live', ({ kind, payload }) => {
      if (kind !== 'callback.due') return;
      const due = CallbackDue.safeParse(payload);
      if (!due.success) return;
      const key = `${due.data.callbackId}@${due.data.dueAt}`;
      if (reminded.has(key)) return;
      reminded.add(key);
      void remind(client, due.data, latest.current.t, (phone) => void latest.current.callNumber(phone));
    });
  }, [client]);
}

async function remind(client: LoketClient, due: CallbackDue, t: T, call: (phone: string) => void): Promise<void> {
  const item = await findCallback(client, due.callbackId);
  const number = formatPhoneNumber(due.phone, useSettingsStore.getState().settings.dialCountry);
  const name = item?.customerName || number;
  const open = (withOutcome: boolean) => {
    useCallbacksStore.getState().setFilter({ scope: 'team', state: item?.overdue ? 'overdue' : 'due' });
    useCallbacksStore.getState().open(due.callbackId, withOutcome);
    useNavigationStore.getState().navigate('callbacks');
  };
  useToastStore.getState().show('info', t('callbacks:reminder.toast', { name, number }), {
    label: t('callbacks:reminder.call'),
    testId: 'callback-reminder-call',
    run: () => {
      open(true);
      call(due.phone);
    },
  });
}

/** The callback as the team's list has it (for the customer's name); null when the hub cannot say. */
async function findCallback(client: LoketClient, id: string): Promise<CallbackItem | null> {
  try {
    for (const state of ['due', 'overdue'] as const) {
      const { callbacks } = await client.request('callbacks.list', { scope: 'team', state });
      const found = callbacks.find((callback) => callback.id === id);
      if (found) return found;
    }
  } catch {
    // The reminder still comes, with the number instead of the name.
  }
  return null;
}
