import type { PeakPreset } from '../../../common/contract/board.ts';

/** Each preset's short name (the banner's title, the switch's option). */
export const PRESET_LABELS = {
  chat_off: 'peak:preset.chat_off',
  callbacks_only: 'peak:preset.callbacks_only',
  all_hands_phone: 'peak:preset.all_hands_phone',
} as const satisfies Record<PeakPreset, string>;

/** What each preset asks of an agent, in one sentence. */
export const PRESET_ADVICE = {
  chat_off: 'peak:advice.chat_off',
  callbacks_only: 'peak:advice.callbacks_only',
  all_hands_phone: 'peak:advice.all_hands_phone',
} as const satisfies Record<PeakPreset, string>;

/** Each preset as an option of the switch (the switch's title already says "peak mode"). */
export const PRESET_OPTIONS = {
  chat_off: 'peak:option.chat_off',
  callbacks_only: 'peak:option.callbacks_only',
  all_hands_phone: 'peak:option.all_hands_phone',
} as const satisfies Record<PeakPreset, string>;
