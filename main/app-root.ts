import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Loket's package.json, found by walking up from this module. It works from
 * the sources (tests, tsx) and from the bundles in dist/ alike.
 */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'loket') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Loket's package.json not found above ${from}`);
    dir = parent;
  }
}

export function readAppVersion(root: string = findAppRoot()): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Where the build puts each part (see main/shell/build.ts). */
export function distPaths(root: string = findAppRoot()) {
  const dist = path.join(root, 'dist');
  return {
    dist,
    renderer: path.join(dist, 'renderer'),
    electronMain: path.join(dist, 'main', 'electron.mjs'),
    webMain: path.join(dist, 'main', 'web.mjs'),
    preload: path.join(dist, 'preload', 'preload.cjs'),
  };
}
