import { Volume2 } from 'lucide-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { drop } from '../../../common/assert.ts';
import type { SettingsPatch } from '../../../common/contract/contract.ts';
import { LoketError } from '../../../common/errors.ts';
import { useClient } from '../../app/client-context.ts';
import { useSettingsStore } from '../../app/stores/settings-store.ts';
import { useToastStore } from '../../app/stores/toast-store.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useT } from '../../i18n/use-t.ts';
import { ErrorLine } from '../../ui/ErrorLine.tsx';
import { Field } from '../../ui/Field.tsx';
import { ActionButton } from '../../ui/FormActions.tsx';
import { Panel } from '../../ui/Panel.tsx';
import { listAudioDevices, playTestTone, startLevelMeter, watchDevices, type AudioDevices, type DeviceOption } from './audio-devices.ts';

/** The two outputs, both chosen from the speakers: the call's audio and the ringtone. */
const OUTPUTS = [
  { kind: 'speaker', setting: 'speakerId', label: 'phone:settings.devices.speaker' },
  { kind: 'ringer', setting: 'ringerId', label: 'phone:settings.devices.ringer' },
] as const;

/** Settings → Phone → Audio devices: microphone (with its level), speaker and ringer, each testable. */
export function DeviceSettings() {
  const { t } = useT();
  const client = useClient();
  const toast = useToastStore((state) => state.show);
  const settings = useSettingsStore((state) => state.settings);
  const update = useSettingsStore((state) => state.update);
  const [devices, setDevices] = useState<AudioDevices | null>(null);
  const [listFailed, setListFailed] = useState(false);
  /** Why the level meter could not open the microphone (a DOMException name). */
  const [micError, setMicError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    listAudioDevices().then(
      (list) => {
        setDevices(list);
        setListFailed(false);
      },
      () => setListFailed(true),
    );
  }, []);

  useEffect(() => {
    refresh();
    return watchDevices((list) => setDevices(list));
  }, [refresh]);

  const save = (patch: SettingsPatch) => drop(update(client, patch), (error) => toast('error', errorMessage(t, error)));
  const sinkChoice = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  const outputHints = {
    speaker: sinkChoice ? undefined : t('phone:settings.devices.noOutputChoice'),
    ringer: t('phone:settings.devices.ringerHint'),
  };

  return (
    <Panel title={t('phone:settings.devices.title')} testId="phone-devices">
      {listFailed ? <ErrorLine alert={false}>{t('phone:settings.devices.listFailed')}</ErrorLine> : null}
      <DeviceSelect
        label={t('phone:settings.devices.microphone')}
        kind="microphone"
        options={devices?.microphones ?? []}
        value={settings.microphoneId}
        onChange={(microphoneId) => {
          setMicError(null);
          save({ microphoneId });
        }}
        // No alert: it would interrupt whoever opens Settings; the text is right under the choice.
        error={micError === null ? undefined : errorMessage(t, new LoketError('phone.microphoneBlocked', { reason: micError }))}
      >
        {/* Remounted per device: a new device starts a new meter with a clean state. */}
        <MicLevel key={settings.microphoneId} microphoneId={settings.microphoneId} onOpened={refresh} onError={setMicError} />
      </DeviceSelect>
      {OUTPUTS.map(({ kind, setting, label }) => (
        <DeviceSelect
          key={kind}
          label={t(label)}
          kind={kind}
          options={devices?.speakers ?? []}
          value={settings[setting]}
          onChange={(deviceId) => save({ [setting]: deviceId })}
          hint={outputHints[kind]}
        >
          <TestTone sinkId={settings[setting]} kind={kind} />
        </DeviceSelect>
      ))}
    </Panel>
  );
}

interface DeviceSelectProps {
  readonly label: string;
  readonly kind: 'microphone' | 'speaker' | 'ringer';
  readonly options: readonly DeviceOption[];
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly hint?: string;
  readonly error?: string;
  readonly children?: ReactNode;
}

function DeviceSelect({ label, kind, options, value, onChange, hint, error, children }: DeviceSelectProps) {
  const { t } = useT();
  const known = value === '' || options.some((option) => option.id === value);
  const unnamed = (n: number) => (kind === 'microphone' ? t('phone:settings.devices.unnamedMicrophone', { n }) : t('phone:settings.devices.unnamedSpeaker', { n }));
  return (
    <Field label={label} hint={hint} error={error} errorTestId={kind === 'microphone' ? 'mic-error' : `${kind}-error`} className="phone-device">
      {(control) => (
        <div className="row">
          <select {...control} className="select phone-device__select" value={value} onChange={(event) => onChange(event.target.value)} data-testid={`device-${kind}`}>
            <option value="">{t('phone:settings.devices.systemDefault')}</option>
            {options.map((option, index) => (
              <option key={option.id} value={option.id}>
                {option.label === '' ? unnamed(index + 1) : option.label}
              </option>
            ))}
            {known ? null : <option value={value}>{t('phone:settings.devices.missing')}</option>}
          </select>
          {children}
        </div>
      )}
    </Field>
  );
}

/** How loud the microphone is right now, while Settings → Phone is open. */
function MicLevel({ microphoneId, onOpened, onError }: { microphoneId: string; onOpened: () => void; onError: (code: string) => void }) {
  const { t } = useT();
  const locale = useLocale();
  const [level, setLevel] = useState(0);

  useEffect(() => {
    let opened = false;
    return startLevelMeter(
      microphoneId,
      (value) => {
        // Twenty steps are enough for the eye and spare re-renders.
        setLevel(Math.round(Math.min(1, Math.max(0, value)) * 20) / 20);
        if (!opened) {
          opened = true;
          onOpened(); // the names of the devices are readable now
        }
      },
      onError,
    );
  }, [microphoneId, onOpened, onError]);

  const percent = Math.round(level * 100);
  return (
    <div
      className="mic-level"
      role="meter"
      aria-label={t('phone:settings.devices.level')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={formatNumber(level, locale, { style: 'percent' })}
      data-testid="mic-level"
      data-level={level}
    >
      <div className={`mic-level__fill${level >= 0.9 ? ' mic-level__fill--loud' : ''}`} style={{ width: `${percent}%` }} />
    </div>
  );
}

function TestTone({ sinkId, kind }: { sinkId: string; kind: 'speaker' | 'ringer' }) {
  const { t } = useT();
  const [state, setState] = useState<'idle' | 'playing' | 'failed'>('idle');
  const play = () => {
    setState('playing');
    playTestTone(sinkId).then(
      () => setState('idle'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <ActionButton
        small
        icon={Volume2}
        label={t('phone:settings.devices.test')}
        busyLabel={t('phone:settings.devices.playing')}
        busy={state === 'playing'}
        onClick={play}
        testId={`${kind}-test`}
      />
      {state === 'failed' ? <ErrorLine inline>{t('phone:settings.devices.testFailed')}</ErrorLine> : null}
    </>
  );
}
