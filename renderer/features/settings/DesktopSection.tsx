import { Keyboard, RotateCcw } from 'lucide-react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { drop } from '../../../common/assert.ts';
import {
  DEFAULT_GLOBAL_SHORTCUTS,
  GLOBAL_SHORTCUT_ACTIONS,
  type DesktopStatus,
  type GlobalShortcutAction,
  type GlobalShortcuts,
} from '../../../common/contract/desktop.ts';
import { acceleratorFromKeyPress, isAccelerator, normaliseAccelerator } from '../../../common/desktop/accelerators.ts';
import { useClient } from '../../app/client-context.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useSaveSettings } from '../../app/use-save-settings.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import './desktop-settings.css';

const ACTION_TEXTS = {
  answer: 'desktop:settings.shortcuts.answer',
  hangUp: 'desktop:settings.shortcuts.hangUp',
  mute: 'desktop:settings.shortcuts.mute',
} as const satisfies Record<GlobalShortcutAction, string>;

const STATUS_TEXTS = {
  off: 'desktop:settings.shortcuts.status.off',
  registered: 'desktop:settings.shortcuts.status.registered',
  taken: 'desktop:settings.shortcuts.status.taken',
  unsupported: 'desktop:settings.shortcuts.status.unsupported',
} as const;

/** The accelerator as the agent's keyboard names it: Cmd on a Mac, Ctrl elsewhere. */
function keysText(accelerator: string, mac: boolean): string {
  return accelerator.replace(/CommandOrControl|CmdOrCtrl/g, mac ? 'Cmd' : 'Ctrl').replace(/Super/g, mac ? 'Cmd' : 'Win');
}

/**
 * Settings → Desktop: the global shortcuts (answer, hang up, mute from any application), off by
 * default. A combination is recorded by pressing it; one without Ctrl/Alt/Cmd, or one another
 * action already has, is refused here (the settings schema refuses it in main too). Whether the
 * OS gave each combination to Loket comes from main (`desktop.status`): another application may
 * hold it. The web shell has no global shortcuts and says so.
 */
export function DesktopSection() {
  const { t } = useT();
  const client = useClient();
  const id = useId();
  const shortcuts = useSettingsStore((state) => state.settings.globalShortcuts);
  const info = useSettingsStore((state) => state.info);
  const mac = info?.platform === 'darwin';
  const { save, saving } = useSaveSettings();
  const [status, setStatus] = useState<DesktopStatus | null>(null);
  const [recording, setRecording] = useState<GlobalShortcutAction | null>(null);
  const [problem, setProblem] = useState<'invalid' | 'clash' | null>(null);

  useEffect(() => {
    const off = client.on('desktop.changed', setStatus);
    drop(client.request('desktop.status', {}).then(setStatus), () => undefined);
    return off;
  }, [client]);

  const unsupported = info?.shell === 'web';
  const change = (next: GlobalShortcuts) => save({ globalShortcuts: next });

  const record = (action: GlobalShortcutAction, event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      setRecording(null);
      setProblem(null);
      return;
    }
    if (event.key === 'Tab') return;
    event.preventDefault();
    const accelerator = acceleratorFromKeyPress(event, mac);
    if (accelerator === null) return; // only modifiers so far
    if (!isAccelerator(accelerator)) {
      setProblem('invalid');
      return;
    }
    const key = normaliseAccelerator(accelerator);
    if (GLOBAL_SHORTCUT_ACTIONS.some((other) => other !== action && normaliseAccelerator(shortcuts[other]) === key)) {
      setProblem('clash');
      return;
    }
    setProblem(null);
    setRecording(null);
    change({ ...shortcuts, [action]: accelerator });
  };

  return (
    <Panel title={t('desktop:settings.title')} testId="settings-desktop">
      <h3 className="desktop-settings__title">{t('desktop:settings.shortcuts.title')}</h3>
      <p id={`${id}-hint`} className="hint">
        {t('desktop:settings.shortcuts.hint')}
      </p>
      {unsupported ? (
        <p className="hint" data-testid="shortcuts-unsupported">
          {t(STATUS_TEXTS.unsupported)}
        </p>
      ) : null}
      <div className="check">
        <input
          id={`${id}-enabled`}
          type="checkbox"
          checked={shortcuts.enabled}
          disabled={saving}
          onChange={(event) => change({ ...shortcuts, enabled: event.target.checked })}
          aria-describedby={`${id}-hint`}
          data-testid="shortcuts-enabled"
        />
        <label htmlFor={`${id}-enabled`}>{t('desktop:settings.shortcuts.enabled')}</label>
      </div>
      <dl className="shortcut-settings" data-testid="shortcut-settings">
        {GLOBAL_SHORTCUT_ACTIONS.map((action) => {
          const state = status?.shortcuts[action];
          const showState = shortcuts.enabled && !unsupported && state !== undefined && state !== 'unsupported';
          return (
            <div key={action} className="shortcut-settings__row" data-testid={`shortcut-${action}`} data-state={state}>
              <dt id={`${id}-${action}`}>{t(ACTION_TEXTS[action])}</dt>
              <dd>
                <kbd data-testid={`shortcut-${action}-keys`}>{keysText(shortcuts[action], mac)}</kbd>
                <button
                  type="button"
                  className="button button--small"
                  aria-describedby={`${id}-${action}`}
                  aria-pressed={recording === action}
                  onClick={() => {
                    setProblem(null);
                    setRecording(recording === action ? null : action);
                  }}
                  onKeyDown={recording === action ? (event) => record(action, event) : undefined}
                  onBlur={() => recording === action && setRecording(null)}
                  data-testid={`shortcut-${action}-record`}
                >
                  <Keyboard size={14} aria-hidden="true" />
                  {recording === action ? t('desktop:settings.shortcuts.recording') : t('desktop:settings.shortcuts.record')}
                </button>
                {showState ? (
                  <span className={state === 'taken' ? 'hint hint--warning' : 'hint'} role="status" data-testid={`shortcut-${action}-status`}>
                    {t(STATUS_TEXTS[state])}
                  </span>
                ) : null}
              </dd>
            </div>
          );
        })}
      </dl>
      {problem ? <ErrorLine testId="shortcut-problem">{t(problem === 'invalid' ? 'desktop:settings.shortcuts.invalid' : 'desktop:settings.shortcuts.clash')}</ErrorLine> : null}
      <FormActions>
        <ActionButton small icon={RotateCcw} label={t('desktop:settings.shortcuts.reset')} onClick={() => change({ ...DEFAULT_GLOBAL_SHORTCUTS, enabled: shortcuts.enabled })} testId="shortcuts-reset" />
      </FormActions>
    </Panel>
  );
}
