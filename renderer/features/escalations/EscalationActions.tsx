import { CheckCircle2, Hand, Send, Undo2 } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { ESCALATION_OUTCOMES, type EscalationDetail, type EscalationOutcome } from '../../../common/contract/escalations.ts';
import { useClient } from '../../app/client-context.ts';
import { OUTCOME_LABELS } from '../../app/escalation-texts.ts';
import { useHubStore } from '../../app/stores/hub-store.ts';
import { useDraft } from '../../app/use-draft.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { useEscalationStore } from './escalation-store.ts';

const DRAFT_DEBOUNCE_MS = 300;
const SPECIALIST_ROLES = new Set(['second_line', 'expert', 'team_lead']);
const LEAD_ROLES = new Set(['team_lead', 'admin']);

interface ActionsProps {
  readonly detail: EscalationDetail;
  readonly onChanged: (detail: EscalationDetail) => void;
}

/**
 * What I may do with the opened escalation: claim it, reply with a note, hand it back to the
 * queue, resolve it with an outcome. The buttons follow what the hub allows; the hub checks
 * again and its refusal is shown in words.
 */
export function EscalationActions({ detail, onChanged }: ActionsProps) {
  const { t } = useT();
  const client = useClient();
  const role = useHubStore((state) => (state.status.state === 'signedIn' ? state.status.agent.role : null));
  const [busy, setBusy] = useState<'claim' | 'handBack' | 'resolve' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [resolving, setResolving] = useState(false);
  const lead = role !== null && LEAD_ROLES.has(role);
  const resolved = detail.status === 'resolved';
  const canClaim = !resolved && detail.status === 'open' && role !== null && SPECIALIST_ROLES.has(role) && (detail.box === 'mine' || detail.box === 'queue' || lead);
  const handles = detail.box === 'mine' || lead;
  const canHandBack = !resolved && detail.assignedTo !== null && handles;
  const canResolve = !resolved && handles && detail.status === 'claimed';

  const run = async (which: 'claim' | 'handBack', action: () => Promise<EscalationDetail | null>) => {
    setBusy(which);
    setFailure(null);
    try {
      const answer = await action();
      if (answer) onChanged(answer);
      void useEscalationStore.getState().load(client);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="escalation-actions">
      {failure !== null ? <ErrorLine error={failure} testId="escalation-action-error" /> : null}
      <FormActions>
        {canClaim ? (
          <ActionButton
            variant="primary"
            icon={Hand}
            label={t('escalations:actions.claim')}
            busy={busy === 'claim'}
            onClick={() => void run('claim', async () => (await client.request('escalations.claim', { id: detail.id }), client.request('escalations.get', { id: detail.id })))}
            testId="escalation-claim"
          />
        ) : null}
        {canHandBack ? (
          <ActionButton
            icon={Undo2}
            label={t('escalations:actions.handBack')}
            busy={busy === 'handBack'}
            onClick={() => void run('handBack', () => client.request('escalations.handBack', { id: detail.id }))}
            testId="escalation-hand-back"
          />
        ) : null}
        {canResolve && !resolving ? (
          <ActionButton icon={CheckCircle2} label={t('escalations:actions.resolve')} expanded={false} onClick={() => setResolving(true)} testId="escalation-resolve" />
        ) : null}
      </FormActions>
      {canResolve && resolving ? <ResolveForm detail={detail} onDone={(answer) => (onChanged(answer), setResolving(false))} onCancel={() => setResolving(false)} /> : null}
      {!resolved ? <ReplyForm detail={detail} onChanged={onChanged} /> : null}
    </div>
  );
}

function ReplyForm({ detail, onChanged }: ActionsProps) {
  const { t } = useT();
  const client = useClient();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const typed = useRef(false);
  // What is typed survives a crash, a reload and the hub being away: sent when the hub is back.
  const draft = useDraft(`escalation-reply:${detail.id}`, DRAFT_DEBOUNCE_MS, (stored) => {
    if (typed.current) return false;
    setText(stored.text);
    return true;
  });
  /** One id per text: sending the same text again after a lost answer stores one reply. */
  const attempt = useRef<{ id: string; text: string } | null>(null);

  const send = async () => {
    const value = text.trim();
    if (value === '' || sending) return;
    draft.flush(text);
    const replyId = attempt.current?.text === value ? attempt.current.id : uuidv7();
    attempt.current = { id: replyId, text: value };
    setSending(true);
    setFailure(null);
    try {
      onChanged(await client.request('escalations.reply', { id: detail.id, replyId, text: value }));
      setText('');
      typed.current = false;
      attempt.current = null;
      draft.discard();
      draft.sent();
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className="escalation-reply"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      data-testid="escalation-reply-form"
    >
      <Field label={t('escalations:reply.label')} hint={t('escalations:reply.hint')}>
        {(control) => (
          <textarea
            {...control}
            className="text-input escalation-reply__text"
            value={text}
            maxLength={5_000}
            onChange={(event) => {
              typed.current = true;
              setText(event.target.value);
              draft.changed(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send();
              }
            }}
            data-testid="escalation-reply-text"
          />
        )}
      </Field>
      {failure !== null ? <ErrorLine error={failure} testId="escalation-reply-error" /> : null}
      <FormActions>
        <ActionButton type="submit" variant="primary" icon={Send} label={t('escalations:reply.send')} busy={sending} busyLabel={t('escalations:reply.sending')} disabled={text.trim() === ''} testId="escalation-reply-send" />
        {draft.savedAt ? <span className="hint">{t('escalations:reply.draftKept')}</span> : null}
      </FormActions>
    </form>
  );
}

function ResolveForm({ detail, onDone, onCancel }: { detail: EscalationDetail; onDone: (detail: EscalationDetail) => void; onCancel: () => void }) {
  const { t } = useT();
  const client = useClient();
  const outcomeId = useId();
  const [outcome, setOutcome] = useState<EscalationOutcome>('solved');
  const [resolution, setResolution] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const save = async () => {
    if (resolution.trim() === '') return setMissing(true);
    setSaving(true);
    setFailure(null);
    try {
      onDone(await client.request('escalations.resolve', { id: detail.id, outcome, resolution: resolution.trim() }));
      void useEscalationStore.getState().load(client);
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="card escalation-resolve"
      aria-label={t('escalations:resolve.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      data-testid="escalation-resolve-form"
      noValidate
    >
      <Field label={t('escalations:resolve.outcome')} id={outcomeId}>
        {(control) => (
          <select {...control} className="select" value={outcome} onChange={(event) => setOutcome(event.target.value as EscalationOutcome)} autoFocus data-testid="escalation-outcome">
            {ESCALATION_OUTCOMES.map((value) => (
              <option key={value} value={value}>
                {t(OUTCOME_LABELS[value])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('escalations:resolve.resolution')} invalid={missing && resolution.trim() === ''} error={missing && resolution.trim() === '' ? t('escalations:resolve.resolutionRequired') : undefined}>
        {(control) => (
          <textarea {...control} className="text-input escalation-reply__text" value={resolution} maxLength={5_000} onChange={(event) => setResolution(event.target.value)} data-testid="escalation-resolution-text" />
        )}
      </Field>
      {failure !== null ? <ErrorLine error={failure} /> : null}
      <FormActions>
        <ActionButton label={t('escalations:resolve.cancel')} onClick={onCancel} />
        <ActionButton type="submit" variant="primary" icon={CheckCircle2} label={t('escalations:resolve.save')} busy={saving} testId="escalation-resolve-save" />
      </FormActions>
    </form>
  );
}
