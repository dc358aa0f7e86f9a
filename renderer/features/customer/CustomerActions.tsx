import { PhoneCall, PhoneForwarded } from 'lucide-react';
import { useId, useState } from 'react';
import type { Customer360 } from '../../../common/contract/data.ts';
import { toE164 } from '../../../common/phone.ts';
import { useClient } from '../../app/client-context.ts';
import { usePhoneStore } from '../../app/stores/phone-store.ts';
import { useCallNumber } from '../../app/use-call-number.ts';
import { useT } from '../../i18n/use-t.ts';
import { ActionButton } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ActionCard, useActionSubmit } from './ActionCard.tsx';
import { EscalateForm } from './EscalateForm.tsx';

export type CustomerAction = 'escalate' | 'callback';

interface ActionFormProps {
  readonly view: Customer360;
  readonly onClose: () => void;
}

/**
 * The card's Call: the customer's first number, one click. It says what is true: "On a call"
 * (disabled, not primary) while the agent is already talking or dialling, disabled with the
 * reason while the phone is not connected or the customer has no number.
 */
export function CustomerCallButton({ phone }: { phone: string | null }) {
  const { t } = useT();
  const callNumber = useCallNumber();
  const registered = usePhoneStore((state) => state.status?.registration.state === 'registered');
  const onCall = usePhoneStore((state) => state.status?.calls.some((call) => call.state === 'active' || call.state === 'dialing') ?? false);
  if (onCall) {
    return <ActionButton icon={PhoneForwarded} label={t('customer:actions.onCall')} disabled title={t('customer:actions.onCallHint')} testId="customer-call" />;
  }
  return (
    <ActionButton
      variant="primary"
      icon={PhoneCall}
      label={t('customer:actions.call')}
      disabled={!phone || !registered}
      title={!phone ? t('customer:actions.callNoPhone') : !registered ? t('customer:actions.callNotRegistered') : t('customer:actions.callHint', { phone })}
      onClick={() => {
        if (phone) void callNumber(phone);
      }}
      testId="customer-call"
    />
  );
}

/** The form under the header for the action the agent chose. */
export function CustomerActionForm({ action, view, onClose }: ActionFormProps & { action: CustomerAction }) {
  return action === 'escalate' ? <EscalateForm view={view} onClose={onClose} /> : <CallbackForm view={view} onClose={onClose} />;
}

/** The next whole hour at least 30 minutes away, as a `datetime-local` value. */
export function defaultCallbackTime(now: Date): string {
  const at = new Date(now.getTime() + 30 * 60_000);
  at.setMinutes(0, 0, 0);
  at.setHours(at.getHours() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function CallbackForm({ view, onClose }: ActionFormProps) {
  const { t } = useT();
  const client = useClient();
  const phonesId = useId();
  const [due, setDue] = useState(() => defaultCallbackTime(new Date()));
  const [phone, setPhone] = useState(view.customer.phones[0] ?? '');
  const [note, setNote] = useState('');
  const submission = useActionSubmit('callback', onClose);

  const submit = async () => {
    const dueAt = new Date(due);
    if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() < Date.now() - 60_000) return submission.refuse(t('customer:callback.dueInvalid'));
    // A customer's number (not an extension): what main stores, read in the customer's country.
    if (toE164(phone, view.customer.country) === null) return submission.refuse(t('customer:callback.phoneInvalid'));
    await submission.send((id) =>
      client.request('callbacks.create', { id, customerId: view.customer.id, dueAt: dueAt.toISOString(), phone: phone.trim(), note: note.trim() === '' ? null : note.trim() }),
    );
  };

  return (
    <ActionCard submission={submission} onSubmit={submit} onClose={onClose}>
      <TextField label={t('customer:callback.due')} type="datetime-local" value={due} onValueChange={setDue} testId="callback-due" autoFocus />
      <TextField label={t('customer:callback.phone')} type="tel" list={phonesId} value={phone} onValueChange={setPhone} testId="callback-phone" />
      {/* The customer's numbers to pick from; a datalist takes no room among the fields. */}
      <datalist id={phonesId}>
        {view.customer.phones.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <TextField label={t('customer:callback.note')} className="field--grow" maxLength={2_000} value={note} onValueChange={setNote} testId="callback-note" />
    </ActionCard>
  );
}
