import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { v7 as uuidv7 } from 'uuid';
import type { Customer360 } from '../../../common/contract/data.ts';
import { toE164 } from '../../../common/phone.ts';
import { useClient } from '../../app/client-context.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { TextField } from '../../ui/TextField.tsx';

export type CustomerAction = 'escalate' | 'callback';

/** The specialist queues an agent can hand a case to. */
export const ESCALATION_QUEUES = ['second_line', 'expert', 'team_lead'] as const;
const QUEUE_LABELS = {
  second_line: 'customer:escalate.queues.second_line',
  expert: 'customer:escalate.queues.expert',
  team_lead: 'customer:escalate.queues.team_lead',
} as const satisfies Record<(typeof ESCALATION_QUEUES)[number], string>;

interface ActionFormProps {
  readonly view: Customer360;
  readonly onClose: () => void;
}

/** The form under the header for the action the agent chose. */
export function CustomerActionForm({ action, view, onClose }: ActionFormProps & { action: CustomerAction }) {
  return action === 'escalate' ? <EscalateForm view={view} onClose={onClose} /> : <CallbackForm view={view} onClose={onClose} />;
}

/** Esc closes a form (what was typed is kept only while it is open: it is short). */
function closeOnEscape(onClose: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };
}

/**
 * What both forms do on submit: send, toast "saved" (or "saved here, will be sent"), close; on
 * failure keep the form and what was typed, with the translated reason. One id per form, so a
 * retry after a lost answer stores the write once.
 */
function useActionSubmit(onClose: () => void, messages: { readonly saved: string; readonly savedPending: string }) {
  const { t } = useT();
  const [id] = useState(() => uuidv7());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (save: (id: string) => Promise<{ pending: boolean }>) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await save(id);
      useToastStore.getState().show('success', saved.pending ? messages.savedPending : messages.saved);
      onClose();
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, refuse: setError, send };
}

interface ActionCardProps {
  readonly title: string;
  readonly testId: string;
  readonly onSubmit: () => Promise<void>;
  readonly onClose: () => void;
  /** What went wrong (already translated), shown under the fields. */
  readonly error: string | null;
  readonly busy: boolean;
  readonly saveLabel: string;
  readonly saveTestId: string;
  /** The form's fields. */
  readonly children: ReactNode;
}

/** What both forms look like: a card with its title, the fields, the error, Cancel and Save. */
function ActionCard({ title, testId, onSubmit, onClose, error, busy, saveLabel, saveTestId, children }: ActionCardProps) {
  const { t } = useT();
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form className="card customer-action" aria-labelledby={`${id}-title`} onSubmit={submit} onKeyDown={closeOnEscape(onClose)} data-testid={testId} noValidate>
      <h3 id={`${id}-title`} className="section-title">
        {title}
      </h3>
      <div className="customer-action__fields">{children}</div>
      {error ? <ErrorLine>{error}</ErrorLine> : null}
      <FormActions className="row--end">
        <ActionButton label={t('customer:actions.cancel')} onClick={onClose} />
        <ActionButton type="submit" variant="primary" label={saveLabel} busy={busy} testId={saveTestId} />
      </FormActions>
    </form>
  );
}

function EscalateForm({ view, onClose }: ActionFormProps) {
  const { t } = useT();
  const client = useClient();
  const [queue, setQueue] = useState<(typeof ESCALATION_QUEUES)[number]>('second_line');
  const [summary, setSummary] = useState('');
  const { busy, error, refuse, send } = useActionSubmit(onClose, { saved: t('customer:escalate.saved'), savedPending: t('customer:escalate.savedPending') });

  const submit = async () => {
    if (summary.trim() === '') return refuse(t('customer:escalate.summaryRequired'));
    await send((id) => client.request('escalations.create', { id, customerId: view.customer.id, interactionId: null, queue, summary: summary.trim() }));
  };

  return (
    <ActionCard
      title={t('customer:escalate.title')}
      testId="escalate-form"
      onSubmit={submit}
      onClose={onClose}
      error={error}
      busy={busy}
      saveLabel={t('customer:escalate.save')}
      saveTestId="escalate-save"
    >
      <Field label={t('customer:escalate.queue')}>
        {(control) => (
          <select {...control} className="select" value={queue} onChange={(event) => setQueue(event.target.value as typeof queue)} data-testid="escalate-queue" autoFocus>
            {ESCALATION_QUEUES.map((q) => (
              <option key={q} value={q}>
                {t(QUEUE_LABELS[q])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('customer:escalate.summary')} className="field--grow" invalid={error !== null && summary.trim() === ''}>
        {(control) => (
          <textarea
            {...control}
            className="text-input customer-action__text"
            value={summary}
            maxLength={5_000}
            placeholder={t('customer:escalate.placeholder')}
            onChange={(event) => setSummary(event.target.value)}
            data-testid="escalate-summary"
          />
        )}
      </Field>
    </ActionCard>
  );
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
  const { busy, error, refuse, send } = useActionSubmit(onClose, { saved: t('customer:callback.saved'), savedPending: t('customer:callback.savedPending') });

  const submit = async () => {
    const dueAt = new Date(due);
    if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() < Date.now() - 60_000) return refuse(t('customer:callback.dueInvalid'));
    // A customer's number (not an extension): what main stores, read in the customer's country.
    if (toE164(phone, view.customer.country) === null) return refuse(t('customer:callback.phoneInvalid'));
    await send((id) =>
      client.request('callbacks.create', { id, customerId: view.customer.id, dueAt: dueAt.toISOString(), phone: phone.trim(), note: note.trim() === '' ? null : note.trim() }),
    );
  };

  return (
    <ActionCard
      title={t('customer:callback.title')}
      testId="callback-form"
      onSubmit={submit}
      onClose={onClose}
      error={error}
      busy={busy}
      saveLabel={t('customer:callback.save')}
      saveTestId="callback-save"
    >
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
