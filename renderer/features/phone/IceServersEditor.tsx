import { Plus, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSaveSettings } from '../../app/use-save-settings.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { MAX_ICE_SERVERS, parseIceRows, rowsOf, type IceProblem, type IceRow } from './ice-servers-model.ts';

/** Settings → Phone → Connection servers: the STUN/TURN servers, one row each. */
export function IceServersEditor() {
  const { t } = useT();
  const saved = useSettingsStore((state) => state.settings.iceServers);
  const { saving, save: saveSettings } = useSaveSettings();
  const [draft, setDraft] = useState<IceRow[] | null>(null);
  const [problems, setProblems] = useState<(IceProblem | null)[]>([]);
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
    saveSettings({ iceServers: parsed.servers }, () => setDraft(null));
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

/** A server's three inputs, in the order the row shows them. */
const ICE_INPUTS = [
  { field: 'urls', label: 'phone:settings.ice.urls', type: 'text', autoComplete: 'off' },
  { field: 'username', label: 'phone:settings.ice.username', type: 'text', autoComplete: 'off' },
  { field: 'credential', label: 'phone:settings.ice.credential', type: 'password', autoComplete: 'new-password' },
] as const satisfies readonly { field: keyof IceRow; label: string; type: string; autoComplete: string }[];

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
          {ICE_INPUTS.map(({ field, label, type, autoComplete }) => {
            // The problems a row can have are all about its addresses.
            const urls = field === 'urls';
            return (
              <TextField
                key={field}
                label={t(label)}
                labelClassName="field-label--light"
                className={urls ? 'ice-row__urls' : undefined}
                invalid={urls && problem !== null}
                describedBy={urls && problem ? errorId : undefined}
                type={type}
                spellCheck={false}
                autoComplete={autoComplete}
                placeholder={urls ? t('phone:settings.ice.urlsPlaceholder') : undefined}
                value={row[field]}
                onValueChange={(text) => onEdit({ [field]: text })}
                testId={`ice-${field}`}
              />
            );
          })}
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
