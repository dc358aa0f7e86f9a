import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SNIPPET_BUDGET_GZIP_BYTES,
  buildSnippet,
  describeSize,
  parseOldStyleWithCssom,
  stripCanvasRecording,
  stripIframeRecording,
} from '../../../cobrowse/build/build-snippet.ts';
import { readFile } from 'node:fs/promises';

// The customer snippet as shops load it: one file within the 30 kB (gzipped) with its
// consent UI and all seven languages, nothing a strict CSP refuses to run, no validation library.

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the built snippet', () => {
  it('fits in 30 kB gzipped with its consent UI and the prompt strings of all seven languages', async () => {
    const size = await buildSnippet(ROOT);
    console.log(`[snippet] ${describeSize(size)}`);
    expect(size.gzipBytes).toBeLessThanOrEqual(SNIPPET_BUDGET_GZIP_BYTES);
    const code = await readFile(size.file, 'utf8');
    for (const text of ['Share this tab with', 'Diesen Tab mit', 'Partager cet onglet', 'Dit tabblad delen', 'Compartir esta pestaña', 'Condividere questa scheda', 'Udostępnić tę kartę']) {
      expect(code).toContain(text);
    }
    // Runs under script-src 'self' (no eval, no string-built functions) and ships without zod.
    expect(code).not.toMatch(/\beval\(|new Function\(/);
    expect(code).not.toContain('ZodError');
  }, 60_000);

  it('refuses to build when rrweb changed where the build cuts it, instead of shipping a broken recorder', () => {
    expect(() => stripCanvasRecording('class Something {}')).toThrow(/@rrweb\/record changed/);
    expect(() => stripIframeRecording('class Something {}')).toThrow(/@rrweb\/record changed/);
    expect(() => parseOldStyleWithCssom('class Something {}')).toThrow(/@rrweb\/record changed/);
  });
});
