import { useId, useState, type FormEvent } from 'react';
import type { PeakPreset } from '../../../common/contract/board.ts';
import { useClient } from '../../app/client-context.ts';
import { usePeakModeStore } from '../../app/stores/peak-mode-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { useT } from '../../i18n/use-t.ts';
import { ChoiceGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { ActionButton, FormActions } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { Pill } from '../../ui/Pill.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { PRESET_ADVICE, PRESET_OPTIONS } from './peak-texts.ts';

const PRESETS: readonly PeakPreset[] = ['chat_off', 'callbacks_only', 'all_hands_phone'];
export const PEAK_NOTE_MAX = 500;

/**
 * The team lead's peak-mode switch (on the board): a preset and a note, then on, changed or off.
 * The hub refuses anyone else; the answer (and every console's banner) comes from the hub's state.
 */
export function PeakModeSwitch() {
  const { t } = useT();
  const client = useClient();
  const name = useId();
  const mode = usePeakModeStore((state) => state.mode);
  const receive = usePeakModeStore((state) => state.receive);
  const toast = useToastStore((state) => state.show);
  const [preset, setPreset] = useState<PeakPreset>(mode?.preset ?? 'chat_off');
  const [note, setNote] = useState(mode?.note ?? '');
  const [busy, setBusy] = useState<'on' | 'off' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const enabled = mode?.enabled ?? false;

  // Another lead's switch (or the first read) shows in the form too (adjusted while rendering,
  // as React recommends for state that follows a prop or store).
  const [shown, setShown] = useState(mode);
  if (mode !== shown) {
    setShown(mode);
    if (mode?.enabled) {
      setPreset(mode.preset ?? 'chat_off');
      setNote(mode.note ?? '');
    }
  }

  const send = (on: boolean) => {
    setBusy(on ? 'on' : 'off');
    setFailure(null);
    const trimmed = note.trim();
    client
      .request('peakMode.set', on ? { enabled: true, preset, ...(trimmed ? { note: trimmed } : {}) } : { enabled: false })
      .then(
        (next) => {
          receive(next);
          toast('success', next.enabled ? t('peak:switch.switchedOn') : t('peak:switch.switchedOff'));
        },
        (error: unknown) => setFailure(error),
      )
      .finally(() => setBusy(null));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(true);
  };
  const tooLong = note.length > PEAK_NOTE_MAX;

  return (
    <Panel
      title={t('peak:switch.title')}
      className="peak-switch"
      testId="peak-switch"
      data-enabled={enabled}
    >
      <p className="peak-switch__state">
        <Pill tone={enabled ? 'warning' : 'neutral'} testId="peak-switch-state">
          {enabled ? t('peak:switch.stateOn') : t('peak:switch.stateOff')}
        </Pill>{' '}
        <span className="hint">{t('peak:switch.explain')}</span>
      </p>
      <form onSubmit={submit} noValidate>
        <ChoiceGroup
          legend={t('peak:switch.preset')}
          name={name}
          value={preset}
          onChange={setPreset}
          choices={PRESETS.map((value) => ({ value, label: t(PRESET_OPTIONS[value]), testId: `peak-preset-${value}` }))}
        >
          <p className="hint">{t(PRESET_ADVICE[preset])}</p>
        </ChoiceGroup>
        <TextField
          label={t('peak:switch.note')}
          hint={t('peak:switch.noteHint', { max: PEAK_NOTE_MAX })}
          error={tooLong ? t('peak:switch.noteTooLong', { max: PEAK_NOTE_MAX }) : undefined}
          value={note}
          onValueChange={setNote}
          maxLength={PEAK_NOTE_MAX + 50}
          testId="peak-note"
        />
        {failure ? <ErrorLine error={failure} testId="peak-switch-error" /> : null}
        <FormActions>
          <ActionButton
            type="submit"
            variant="primary"
            busy={busy === 'on'}
            disabled={busy !== null || tooLong}
            label={enabled ? t('peak:switch.update') : t('peak:switch.on')}
            busyLabel={t('peak:switch.saving')}
            testId="peak-switch-on"
          />
          {enabled ? (
            <ActionButton
              type="button"
              variant="plain"
              busy={busy === 'off'}
              disabled={busy !== null}
              label={t('peak:switch.off')}
              busyLabel={t('peak:switch.saving')}
              onClick={() => send(false)}
              testId="peak-switch-off"
            />
          ) : null}
        </FormActions>
      </form>
    </Panel>
  );
}
