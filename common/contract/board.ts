import { z } from 'zod';
import { Board, PeakMode, PeakModeWrite, PeakPreset } from '../hub/cases.ts';

// The team lead's board and peak mode, as the console's page asks main for them. Main passes the
// hub's answers through after parsing them with the hub's own schemas (common/hub/cases.ts).

export { Board, PeakMode, PeakPreset };
export type PeakPreset = z.infer<typeof PeakPreset>;

/** The board has no options: "today" is the caller's office day, which the hub knows. */
export const BoardRequest = z.strictObject({});

/** Switch peak mode: on with a preset (chat off, callbacks only, all hands on the phone) and a note, or off. */
export const PeakModeSetRequest = PeakModeWrite;
export type PeakModeSetRequest = z.infer<typeof PeakModeSetRequest>;

/** The live event kind whose payload is the new PeakMode (sent by the hub to every console). */
export const PEAK_MODE_CHANGED = 'peak_mode.changed';
