import { isAppUrl } from './trusted-sender.ts';

/**
 * Links the console may hand to the OS browser: https only, no credentials in the URL, default
 * port, and a host on the allow-list (exact or a subdomain of it). Everything else is dropped,
 * so a link in a customer's note cannot launch `file:`, `smb:` or a custom protocol handler.
 */
export function isVettedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some((allowed) => {
    const base = allowed.toLowerCase();
    return host === base || host.endsWith(`.${base}`);
  });
}

/** Hosts from `LOKET_EXTERNAL_HOSTS` (comma-separated), e.g. the company's help centre. */
export function externalHostsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter((host) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host));
}

export interface PermissionQuery {
  readonly permission: string;
  readonly requestingUrl: string;
  /** For `media`: which devices are asked for. */
  readonly mediaTypes?: readonly string[];
}

/**
 * The console needs the microphone (calls) and notifications (incoming calls, escalations), and
 * only for its own pages. Camera, screen capture, geolocation and the rest are always denied.
 */
export function isPermissionGranted(query: PermissionQuery): boolean {
  if (!isAppUrl(query.requestingUrl)) return false;
  switch (query.permission) {
    case 'notifications':
      return true;
    case 'media':
      return (query.mediaTypes ?? []).length > 0 && (query.mediaTypes ?? []).every((type) => type === 'audio');
    default:
      return false;
  }
}

/** In-app navigation stays inside `app://loket/`; anything else is not a navigation we make. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
