/**
 * The console's Content Security Policy, the same in both shells (Electron's protocol handler and
 * the web shell's HTTP server send it as a header). Only the app's own bundled scripts and styles
 * run; nothing is loaded from the network; the page talks only to its own origin (the web shell's
 * socket; `'self'` covers ws: on the same host and port). WebRTC media is not governed by CSP.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
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

/**
 * The same policy as a `<meta>` tag in index.html, a second layer for wherever a header might
 * not be applied. `frame-ancestors` is left out: browsers ignore it in a meta tag (and say so).
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** Adds the meta CSP as the first element of <head> (the Vite build calls this). */
export function injectMetaCsp(html: string): string {
  return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`);
}
