// Before the end-to-end tests: Debian's Chromium is present, and dist/ is built from the sources
// being tested (never a stale build).
import { buildAll } from '../../main/shell/build.ts';
import { ensureChromium } from '../support/chromium.ts';
import { ROOT } from '../support/web-shell-process.ts';

// The e2e and telephony projects share this setup: build once, not twice into the same dist/.
let built: Promise<void> | null = null;

export default function setup(): Promise<void> {
  built ??= (async () => {
    ensureChromium();
    const started = performance.now();
    await buildAll(ROOT);
    console.log(`[e2e] built the app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  })();
  return built;
}
