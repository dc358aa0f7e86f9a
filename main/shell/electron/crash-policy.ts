/**
 * What the desktop app does when the page's renderer process goes away (`render-process-gone`):
 * reload it, which brings the open customer back (main remembers it: ui.restore) and the note
 * drafts (kept in the cache) — but at most 3 times a minute. A page that keeps crashing would
 * otherwise spin forever; then a plain error page says what happened and what to do. A clean exit
 * (the app is quitting) is left alone; a broken app.asar (integrity failure) is not reloaded,
 * since the same code would fail again. Pure: no `electron` import (tests in
 * test/unit/main/crash-policy.test.ts).
 */
export const MAX_RELOADS_PER_WINDOW = 3;
export const RELOAD_WINDOW_MS = 60_000;

/** Electron's `RenderProcessGoneDetails.reason`. */
export type GoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction';

export type CrashAction = 'ignore' | 'reload' | 'errorPage';

export class CrashPolicy {
  #reloads: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  decide(reason: GoneReason | string): CrashAction {
    if (reason === 'clean-exit') return 'ignore';
    if (reason === 'integrity-failure') return 'errorPage';
    const now = this.now();
    this.#reloads = this.#reloads.filter((at) => now - at < RELOAD_WINDOW_MS);
    if (this.#reloads.length >= MAX_RELOADS_PER_WINDOW) return 'errorPage';
    this.#reloads.push(now);
    return 'reload';
  }
}

export interface CrashPageTexts {
  readonly lang: string;
  readonly title: string;
  readonly body: string;
  readonly logFile: string | null;
  readonly logLabel: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The error page as a `data:` URL: no script, no outside resource, its own strict CSP. */
export function crashPageUrl(texts: CrashPageTexts): string {
  const html = `<!doctype html><html lang="${escape(texts.lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(texts.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#0f172a;color:#e2e8f0;margin:0;display:grid;place-items:center;min-height:100vh}main{max-width:36rem;padding:2rem}h1{font-size:1.5rem}code{overflow-wrap:anywhere;color:#cbd5e1}</style>
</head><body><main role="alert"><h1>${escape(texts.title)}</h1><p>${escape(texts.body)}</p>${
    texts.logFile ? `<p>${escape(texts.logLabel)} <code dir="ltr">${escape(texts.logFile)}</code></p>` : ''
  }</main></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
