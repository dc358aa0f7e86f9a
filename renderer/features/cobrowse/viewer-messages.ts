import { z } from 'zod';
import { AgentMessage, CobrowseControl } from '../../../common/cobrowse/protocol.ts';
import { COBROWSE_FRAME_MAX_CHARS } from '../../../common/contract/cobrowse.ts';

// The small protocol between the console page and the viewer document (cobrowse-view.html) in its
// iframe, over postMessage. Both sides check the origin (the console's own) and the source (the
// one window they talk to) and validate every message with these schemas: the viewer shows a
// stranger's page, so nothing it says is trusted beyond these shapes.

/** The viewer's own texts, in the agent's language (the viewer loads no i18n of its own). */
export const ViewerLabels = z.strictObject({
  /** The overlay's accessible name while only looking along. */
  looking: z.string().max(500),
  /** The overlay's accessible name while the agent has control. */
  control: z.string().max(500),
  loading: z.string().max(500),
});
export type ViewerLabels = z.infer<typeof ViewerLabels>;

/** Console page → viewer. */
export const ToViewer = z.discriminatedUnion('type', [
  /** The texts, the control state and the console's theme (the stage around the page follows it). */
  z.strictObject({ type: z.literal('setup'), labels: ViewerLabels, control: CobrowseControl, theme: z.enum(['light', 'dark']).optional() }),
  /** One customer frame (`ev` or `part` text) as main passed it on. */
  z.strictObject({ type: z.literal('frame'), data: z.string().max(COBROWSE_FRAME_MAX_CHARS) }),
  z.strictObject({ type: z.literal('control'), control: CobrowseControl }),
  /** The session ended or changed: drop the replay and wait for a new full snapshot. */
  z.strictObject({ type: z.literal('reset') }),
]);
export type ToViewer = z.infer<typeof ToViewer>;

/** Viewer → console page. */
export const FromViewer = z.discriminatedUnion('type', [
  /** Loaded and listening: the page sends `setup` and asks the customer for a full snapshot. */
  z.strictObject({ type: z.literal('ready') }),
  /** Whether a page is on screen, and the customer's viewport size. */
  z.strictObject({ type: z.literal('showing'), showing: z.boolean(), width: z.number().nonnegative(), height: z.number().nonnegative() }),
  /** What the agent did in the view, for the customer's page. */
  z.strictObject({ type: z.literal('send'), message: AgentMessage }),
  /** Replay fell behind (events without their snapshot): ask the customer for a fresh one. */
  z.strictObject({ type: z.literal('needSnapshot') }),
  /** Escape in the view: focus goes back to the console's controls (Tab may belong to the customer's page). */
  z.strictObject({ type: z.literal('leave') }),
  /** A console shortcut (Alt+…) pressed while the view had focus: the page handles it as its own. */
  z.strictObject({
    type: z.literal('shortcut'),
    key: z.string().max(40),
    code: z.string().max(40),
    altKey: z.boolean(),
    shiftKey: z.boolean(),
  }),
]);
export type FromViewer = z.infer<typeof FromViewer>;
