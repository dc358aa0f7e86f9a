import path from 'node:path';
import { z } from 'zod';
import { JsonFile } from '../../settings/json-file.ts';

export const Rectangle = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Rectangle = z.infer<typeof Rectangle>;

export const WindowState = z.strictObject({ bounds: Rectangle, maximized: z.boolean() });
export type WindowState = z.infer<typeof WindowState>;

export const MIN_SIZE = { width: 1024, height: 640 } as const;
const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
/** How much of the window must be on a screen to keep the remembered position. */
const VISIBLE_MARGIN = { width: 160, height: 80 } as const;

/**
 * Where to open the window: the remembered bounds if they are still visible on one of the current
 * displays (a laptop undocked from its second monitor must not open the app off-screen), clamped
 * to that display; otherwise a default size centred on the primary display.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rectangle[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  if (saved) {
    const area = workAreas.find((candidate) => overlaps(saved.bounds, candidate));
    if (area) return { bounds: clampInto(saved.bounds, area), maximized: saved.maximized };
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    bounds: {
      x: primary.x + Math.round((primary.width - width) / 2),
      y: primary.y + Math.round((primary.height - height) / 2),
      width,
      height,
    },
    maximized: false,
  };
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= VISIBLE_MARGIN.width && height >= VISIBLE_MARGIN.height;
}

function clampInto(bounds: Rectangle, area: Rectangle): Rectangle {
  const width = Math.min(Math.max(bounds.width, Math.min(MIN_SIZE.width, area.width)), area.width);
  const height = Math.min(Math.max(bounds.height, Math.min(MIN_SIZE.height, area.height)), area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

export function windowStateFile(dataDir: string): JsonFile<WindowState> {
  return new JsonFile(path.join(dataDir, 'window-state.json'), WindowState);
}
