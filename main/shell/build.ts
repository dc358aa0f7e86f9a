// Builds the three parts the shells run: the renderer (Vite), main for each shell and the
// preload (esbuild), and the co-browse snippet the hub serves (cobrowse/build/build-snippet.ts).
// `npm start` calls `buildIfStale`, so a fresh clone needs no separate step.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { distPaths, findAppRoot } from '../app-root.ts';

const SOURCE_DIRS = ['common', 'main', 'preload', 'renderer', 'locales', 'cobrowse'];
const CONFIG_FILES = ['package.json', 'vite.config.ts'];

export async function buildAll(root: string = findAppRoot()): Promise<void> {
  const dist = distPaths(root);
  // A test runner sets NODE_ENV=test, which would make Vite ship React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'renderer'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const shared = {
    bundle: true,
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  } as const;
  await Promise.all([
    esbuild({
      ...shared,
      // The first sync's fetch worker is its own file beside the shells (main/sync/snapshot-pages.ts starts it).
      entryPoints: { electron: 'main/shell/electron/main.ts', web: 'main/shell/web/main.ts', 'snapshot-fetch-worker': 'main/sync/snapshot-fetch-worker.ts' },
      outdir: path.dirname(dist.webMain),
      outExtension: { '.js': '.mjs' },
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // npm packages load from node_modules at run time (native modules must stay files).
      packages: 'external',
    }),
    esbuild({
      ...shared,
      entryPoints: ['preload/preload.ts'],
      outfile: dist.preload,
      // A sandboxed preload is CommonJS with only `electron` to require: bundle everything else.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      minify: true,
    }),
    buildCobrowseSnippet(root),
  ]);
}

/**
 * The customer snippet is its own layer (it runs in shops' pages); its build script is loaded by
 * path, like the hub does (server/cobrowse/snippet-file.ts), and prints the snippet's size.
 */
async function buildCobrowseSnippet(root: string): Promise<void> {
  const builder = (await import(pathToFileURL(path.join(root, 'cobrowse', 'build', 'build-snippet.ts')).href)) as {
    buildSnippet(root: string): Promise<{ bytes: number; gzipBytes: number }>;
    describeSize(size: { bytes: number; gzipBytes: number }): string;
  };
  console.log(`[build] ${builder.describeSize(await builder.buildSnippet(root))}`);
}

/** True when dist/ is missing or older than any source file. */
export async function isStale(root: string = findAppRoot()): Promise<boolean> {
  const dist = distPaths(root);
  const outputs = [path.join(dist.renderer, 'index.html'), dist.webMain, dist.electronMain, path.join(path.dirname(dist.webMain), 'snapshot-fetch-worker.mjs'), dist.preload, path.join(root, 'dist', 'cobrowse', 'cobrowse.js')];
  if (!outputs.every((file) => existsSync(file))) return true;
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newest = Math.max(
    ...CONFIG_FILES.map((file) => statSync(path.join(root, file)).mtimeMs),
    ...(await Promise.all(SOURCE_DIRS.map((dir) => newestMtime(path.join(root, dir))))),
  );
  return newest > builtAt;
}

export async function buildIfStale(root: string = findAppRoot()): Promise<boolean> {
  if (!(await isStale(root))) return false;
  await buildAll(root);
  return true;
}

async function newestMtime(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  buildAll()
    .then(() => console.log(`[build] done in ${((performance.now() - started) / 1000).toFixed(1)} s`))
    .catch((error: unknown) => {
      console.error('[build] failed', error);
      process.exit(1);
    });
}
