import { Plus, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useClient } from '../../app/client-context.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { MAX_ICE_SERVERS, parseIceRows, rowsOf, type IceProblem, type IceRow } from './ice-servers-model.ts';

/** Settings → Phone → Connection servers: the STUN/TURN servers, one row each. */
export function IceServersEditor() {
  const { t, i18n } = useT();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const saved = useSettingsStore((state) => state.settings.iceServers);
  const update = useSettingsStore((state) => state.update);
  const [draft, setDraft] = useState<IceRow[] | null>(null);
  const [problems, setProblems] = useState<(IceProblem | null)[]>([]);
  const [saving, setSaving] = useState(false);
  const rows = draft ?? rowsOf(saved);

  const edit = (index: number, patch: Partial<IceRow>) => {
    setDraft(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
    setProblems((current) => current.map((problem, at) => (at === index ? null : problem)));
  };
  const remove = (index: number) => {
    setDraft(rows.filter((_, at) => at !== index));
    setProblems((current) => current.filter((_, at) => at !== index));
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseIceRows(rows);
    setProblems(parsed.problems);
    if (!parsed.servers) return;
    setSaving(true);
    update(client, { iceServers: parsed.servers })
      .then(
        () => {
          setDraft(null);
          toast('success', i18n.t('settings:saved'));
        },
        (error: unknown) => toast('error', errorMessage(t, error)),
      )
      .finally(() => setSaving(false));
  };

  return (
    <Panel title={t('phone:settings.ice.title')} testId="ice-servers">
      <p className="hint">{t('phone:settings.ice.description')}</p>
      <form className="form" onSubmit={save} noValidate>
        {rows.length === 0 ? (
          <p className="ice-empty" data-testid="ice-empty">
            {t('phone:settings.ice.empty')}
          </p>
        ) : (
          <ol className="ice-list">
            {rows.map((row, index) => (
              <IceServerRow key={index} n={index + 1} row={row} problem={problems[index] ?? null} onEdit={(patch) => edit(index, patch)} onRemove={() => remove(index)} />
            ))}
          </ol>
        )}
        <FormActions>
          <ActionButton
            small
            icon={Plus}
            label={t('phone:settings.ice.add')}
            disabled={rows.length >= MAX_ICE_SERVERS}
            onClick={() => setDraft([...rows, { urls: '', username: '', credential: '' }])}
            testId="ice-add"
          />
          <ActionButton type="submit" label={t('phone:settings.ice.save')} busy={saving} disabled={draft === null} testId="ice-save" />
        </FormActions>
        {problems.some((problem) => problem !== null) ? <ErrorLine>{t('phone:settings.ice.errors.summary')}</ErrorLine> : null}
      </form>
    </Panel>
  );
}

interface IceServerRowProps {
  /** The row's number as the agent reads it (1-based). */
  readonly n: number;
  readonly row: IceRow;
  readonly problem: IceProblem | null;
  readonly onEdit: (patch: Partial<IceRow>) => void;
  readonly onRemove: () => void;
}

/** One server: its addresses, user name and credential, and a button to remove it. */
function IceServerRow({ n, row, problem, onEdit, onRemove }: IceServerRowProps) {
  const { t } = useT();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <li className="ice-row" data-testid="ice-row">
      <fieldset className="field field--plain">
        <legend className="field-label">{t('phone:settings.ice.server', { n })}</legend>
        <div className="ice-row__fields">
          <Field label={t('phone:settings.ice.urls')} labelClassName="field-label--light" className="ice-row__urls" invalid={problem !== null} describedBy={problem ? errorId : undefined}>
            {(control) => (
              <input
                {...control}
                className="text-input"
                type="text"
                spellCheck={false}
                autoComplete="off"
                placeholder={t('phone:settings.ice.urlsPlaceholder')}
                value={row.urls}
                onChange={(event) => onEdit({ urls: event.target.value })}
                data-testid="ice-urls"
              />
            )}
          </Field>
          <Field label={t('phone:settings.ice.username')} labelClassName="field-label--light">
            {(control) => (
              <input
                {...control}
                className="text-input"
                type="text"
                spellCheck={false}
                autoComplete="off"
                value={row.username}
                onChange={(event) => onEdit({ username: event.target.value })}
                data-testid="ice-username"
              />
            )}
          </Field>
          <Field label={t('phone:settings.ice.credential')} labelClassName="field-label--light">
            {(control) => (
              <input
                {...control}
                className="text-input"
                type="password"
                autoComplete="new-password"
                value={row.credential}
                onChange={(event) => onEdit({ credential: event.target.value })}
                data-testid="ice-credential"
              />
            )}
          </Field>
          <button
            type="button"
            className="icon-button ice-row__remove"
            aria-label={t('phone:settings.ice.remove', { n })}
            title={t('phone:settings.ice.remove', { n })}
            onClick={onRemove}
            data-testid="ice-remove"
          >
            <Trash2 size={16} aria-hidden="true" />
          </button>
        </div>
        {problem ? (
          <ErrorLine id={errorId} alert={false} testId="ice-error">
            {t(problem)}
          </ErrorLine>
        ) : null}
      </fieldset>
    </li>
  );
}
