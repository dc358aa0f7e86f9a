// `npm ci` on the oldest Node that package.json's `engines` accepts must print no EBADENGINE
// warning: every package in the lock file has to accept that Node too. The overrides that make
// it so (see README, "Pinned below the newest") must keep packaging and the hub's inject working.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));
// npm's own range logic (semver comes with the tool chain; its types are not installed).
const semver = require('semver') as { minVersion: (range: string) => { version: string } | null; satisfies: (version: string, range: string) => boolean };

interface LockedPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}
interface Manifest {
  engines: { node: string };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const oldestNode = semver.minVersion(manifest.engines.node)?.version ?? '';

describe('engines', () => {
  it('every locked package accepts the oldest Node that package.json accepts', () => {
    expect(oldestNode).toMatch(/^20\./);
    const refusing = Object.entries(lock.packages).flatMap(([where, pkg]) => {
      const wanted = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines['node'] : undefined;
      return wanted && !semver.satisfies(oldestNode, wanted) ? [`${where.replace(/^node_modules\//, '')}@${pkg.version ?? '?'} wants node ${wanted}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it('the Electron rebuilder in the lock knows the ABI of the Electron we ship', async () => {
    const rebuilder = (await import('@electron/rebuild')) as { rebuild?: unknown };
    expect(typeof rebuilder.rebuild).toBe('function');
    const rebuildRequire = createRequire(require.resolve('@electron/rebuild'));
    const nodeAbi = rebuildRequire('node-abi') as { getAbi: (target: string, runtime: string) => string };
    expect(Number(nodeAbi.getAbi(manifest.devDependencies['electron'] ?? '', 'electron'))).toBeGreaterThan(0);
  });

  it("electron-builder still validates electron-builder.yml with the rebuilder we pinned", async () => {
    const builderRequire = createRequire(require.resolve('electron-builder'));
    const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as unknown;
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it("fastify's inject sends cookies through the cookie version we pinned", async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/echo', (request) => ({ cookie: request.headers.cookie ?? '' }));
    try {
      const response = await app.inject({ method: 'GET', url: '/echo', cookies: { session: 'a b', lang: 'nl' } });
      expect(response.json()).toEqual({ cookie: 'session=a%20b; lang=nl' });
    } finally {
      await app.close();
    }
  });
});
