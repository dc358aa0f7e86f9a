import { useState, type FormEvent } from 'react';
import { formatNumber } from '../i18n/format.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useSettingsStore } from './stores/settings-store.ts';
import { useSaveSettings } from './use-save-settings.ts';

type WholeNumberField = 'cacheRetentionDays' | 'wrapUpSeconds';
interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** A whole number within `bounds` as typed (spaces around it allowed), or null. */
export function parseWholeNumber(text: string, bounds: Bounds): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= bounds.min && value <= bounds.max ? value : null;
}

/**
 * A setting edited as a whole number in a small form (retention days, wrap-up seconds): the
 * draft while typing, validation on submit, one save at a time, a toast with the outcome.
 */
export function useWholeNumberSetting(field: WholeNumberField, bounds: Bounds) {
  const locale = useLocale();
  const saved = useSettingsStore((state) => state.settings[field]);
  const { saving, save: saveSettings } = useSaveSettings();
  /** What is typed; null while it equals the saved value (then a change elsewhere shows through). */
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const value = draft ?? String(saved);

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseWholeNumber(value, bounds);
    if (parsed === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (parsed === saved) {
      setDraft(null);
      return;
    }
    saveSettings({ [field]: parsed }, () => setDraft(null));
  };

  const edit = (text: string) => {
    setInvalid(false);
    setDraft(text);
  };

  return {
    saved,
    value,
    dirty: draft !== null,
    invalid,
    saving,
    save,
    edit,
    /** The bounds as the agent reads them, for the hint and the error message. */
    bounds: { min: formatNumber(bounds.min, locale), max: formatNumber(bounds.max, locale) },
  };
}
