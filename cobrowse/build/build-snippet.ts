// Builds the snippet: one minified IIFE (rrweb's recorder, the consent UI and the seven
// languages' prompt strings) at dist/cobrowse/cobrowse.js, and reports its gzipped size against
// the 30 kB budget. `npm run build` calls it; the hub calls `buildSnippetIfStale` before serving.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** The budget the issue sets for the snippet with its consent UI, gzipped. */
export const SNIPPET_BUDGET_GZIP_BYTES = 30 * 1024;

export interface SnippetBuild {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export const snippetOutput = (root: string): string => path.join(root, 'dist', 'cobrowse', 'cobrowse.js');

/** What the snippet is built from: a change in any of them makes the build stale. */
async function newestSource(root: string): Promise<number> {
  const files: string[] = [];
  for (const dir of ['cobrowse', 'common/cobrowse']) {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(path.join(entry.parentPath, entry.name));
    }
  }
  for (const language of await readdir(path.join(root, 'locales'))) files.push(path.join(root, 'locales', language, 'cobrowse-snippet.json'));
  files.push(path.join(root, 'common', 'locales.ts'), path.join(root, 'package.json'));
  return Math.max(...files.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

export async function isSnippetStale(root: string): Promise<boolean> {
  const output = snippetOutput(root);
  return !existsSync(output) || (await newestSource(root)) > statSync(output).mtimeMs;
}

export async function buildSnippet(root: string): Promise<SnippetBuild> {
  const output = snippetOutput(root);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['cobrowse/main.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    // Shops' customers: evergreen browsers of the last few years (adoptedStyleSheets: 2023).
    target: ['chrome109', 'firefox115', 'safari16.4', 'edge109'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'utf8',
    plugins: [patchedRrweb],
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no snippet');
  await mkdir(path.dirname(output), { recursive: true });
  // Write then rename: a hub serving the old file never reads half a new one.
  const temporary = `${output}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, output);
  return { file: output, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * The snippet never records canvases (`recordCanvas: false`), but rrweb's recorder carries its
 * canvas manager, WebGL serializers and an inlined worker anyway (~2.5 kB gzipped, a budget
 * breaker). This cuts them from the pinned @rrweb/record 2.1.6 at build time, leaving a canvas
 * manager that does nothing; if the markers move (another version) the build fails, not the page.
 */
const CANVAS_START = '\nvar chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";';
const CANVAS_END = '\nclass StylesheetManager {';
const CANVAS_STUB = 'class CanvasManager { reset() {} freeze() {} unfreeze() {} lock() {} unlock() {} }\n';

export function stripCanvasRecording(source: string): string {
  const start = source.indexOf(CANVAS_START);
  const end = source.indexOf(CANVAS_END);
  const canvasClass = source.indexOf('class CanvasManager {');
  if (start < 0 || end < 0 || !(start < canvasClass && canvasClass < end) || source.indexOf(CANVAS_START, start + 1) >= 0) {
    throw new Error('@rrweb/record changed: the canvas code to strip was not found where 2.1.6 has it (see cobrowse/build/build-snippet.ts)');
  }
  return source.slice(0, start) + CANVAS_STUB + source.slice(end);
}

/**
 * The snippet never records an iframe's document (payment providers' and other frames are
 * private, and a same-origin frame is drawn empty even when marked visible): rrweb's iframe
 * manager (~2 kB gzipped) becomes one that attaches nothing, so no frame document is serialized.
 */
const IFRAME_START = '\nclass CrossOriginIframeMirror {';
const IFRAME_END = '\nclass ShadowDomManager {';
const IFRAME_STUB = '\nclass IframeManager { addIframe() {} attachIframe() {} addLoadListener() {} }';

export function stripIframeRecording(source: string): string {
  const start = source.indexOf(IFRAME_START);
  const end = source.indexOf(IFRAME_END);
  const manager = source.indexOf('\nclass IframeManager {');
  if (start < 0 || !(start < manager && manager < end)) throw new Error('@rrweb/record changed: its iframe manager was not found where 2.1.6 has it (see cobrowse/build/build-snippet.ts)');
  return source.slice(0, start) + IFRAME_STUB + source.slice(end);
}

/**
 * rrweb compares a changed style attribute with the old one by setting the old value as a style
 * attribute on a detached element. Under a shop's strict CSP (no 'unsafe-inline' styles) that is
 * a `style-src-attr` violation per change, reported to the shop. The CSSOM does the same without
 * one.
 */
const OLD_STYLE_PARSE = 'old.setAttribute("style", m.oldValue);';

export function parseOldStyleWithCssom(source: string): string {
  if (source.split(OLD_STYLE_PARSE).length !== 2) throw new Error('@rrweb/record changed: its old style parse was not found (see cobrowse/build/build-snippet.ts)');
  return source.replace(OLD_STYLE_PARSE, 'old.style.cssText = m.oldValue;');
}

const patchedRrweb: Plugin = {
  name: 'rrweb-for-the-snippet',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async (args) => ({
      contents: parseOldStyleWithCssom(stripIframeRecording(stripCanvasRecording(await readFile(args.path, 'utf8')))),
      loader: 'js',
    }));
  },
};

export async function buildSnippetIfStale(root: string): Promise<boolean> {
  if (!(await isSnippetStale(root))) return false;
  await buildSnippet(root);
  return true;
}

export async function measureSnippet(root: string): Promise<SnippetBuild> {
  const file = snippetOutput(root);
  const code = await readFile(file);
  return { file, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export function describeSize(size: SnippetBuild): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const verdict = size.gzipBytes <= SNIPPET_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
  return `co-browse snippet ${kb(size.bytes)}, ${kb(size.gzipBytes)} gzipped (${verdict} the ${kb(SNIPPET_BUDGET_GZIP_BYTES)} budget)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(import.meta.dirname, '..', '..');
  buildSnippet(root)
    .then((size) => console.log(`[build] ${describeSize(size)}`))
    .catch((error: unknown) => {
      console.error('[build] the co-browse snippet failed', error);
      process.exit(1);
    });
}
