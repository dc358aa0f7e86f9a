/**
 * The console's Content Security Policy, the same in both shells (Electron's protocol handler and
 * the web shell's HTTP server send it as a header). Only the app's own bundled scripts and styles
 * run; nothing is loaded from the network; the page talks only to its own origin (the web shell's
 * socket; `'self'` covers ws: on the same host and port). WebRTC media is not governed by CSP.
 * The one frame it may hold is its own co-browse viewer (`frame-src 'self'`).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The co-browse viewer document, framed by the console (built from renderer/cobrowse-view.html). */
export const VIEWER_PAGE = 'cobrowse-view.html';

/**
 * The co-browse viewer's own policy: it replays a customer's shop page, so the page's styles
 * (inline and the shop's style sheets), images and fonts may load from the web — but scripts stay
 * the app's own (the replay frame inside it is sandboxed without scripts), it connects nowhere
 * (frames reach it by postMessage from the console), and only the console may frame it. Giving it
 * its own document keeps the console's strict policy as it is.
 */
export const VIEWER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' http: https:",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data: http: https:",
  "connect-src 'none'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/** Headers every response of the console carries, in addition to the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'microphone=(self), camera=(), geolocation=(), payment=(), usb=()',
};

/** The viewer's headers: the console's, with the viewer's policy. */
export const VIEWER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': VIEWER_CONTENT_SECURITY_POLICY,
};

/**
 * Which headers a path of the built renderer is served with, in both shells: the viewer page gets
 * its own policy, everything else (index.html, assets, the app routes) the console's. The path is
 * read the way the static file loader reads it, so an encoded or doubled-slash spelling of the
 * viewer gets the same document and the same policy.
 */
export function securityHeadersFor(urlPath: string): Readonly<Record<string, string>> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return SECURITY_HEADERS;
  }
  return decoded.replace(/^\/+/, '') === VIEWER_PAGE ? VIEWER_SECURITY_HEADERS : SECURITY_HEADERS;
}

/** A policy as a `<meta>` tag: `frame-ancestors` is left out (browsers ignore it there, and say so). */
function metaPolicy(policy: string): string {
  return policy
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
}

/** The same policy as a `<meta>` tag in index.html, a second layer for wherever a header might not be applied. */
export const META_CONTENT_SECURITY_POLICY = metaPolicy(CONTENT_SECURITY_POLICY);
export const META_VIEWER_CONTENT_SECURITY_POLICY = metaPolicy(VIEWER_CONTENT_SECURITY_POLICY);

/**
 * Adds the meta CSP as the first element of <head> (the Vite build calls this for each page:
 * `page` is the HTML file's path, and the viewer page gets the viewer's policy).
 */
export function injectMetaCsp(html: string, page = 'index.html'): string {
  const policy = page.split('/').pop() === VIEWER_PAGE ? META_VIEWER_CONTENT_SECURITY_POLICY : META_CONTENT_SECURITY_POLICY;
  return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
}
