// Pure rules of the Electron shell, kept free of `electron` imports so tests can run them here.

/** The renderer is served from `app://loket/`, a privileged standard scheme (see main.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'loket';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface SenderFrame {
  readonly url: string;
  /** `WebFrameMain.parent === null` */
  readonly isTopFrame: boolean;
}

/** True for `app://loket/...` only. `URL.origin` is "null" for custom schemes, so compare parts. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * Only the app's own top frame may use the contract: not an iframe (later the co-browse replay
 * lives in one), not a page the window was tricked into loading, not a frame already gone.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.isTopFrame && isAppUrl(frame.url);
}
