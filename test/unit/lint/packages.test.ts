import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGES } from '../../../.eslint/rules/packages.mjs';
import { lintAt, root } from './lint-at.ts';

const importOf = (name: string) => `import * as pkg from '${name}';\nexport const p = pkg;\n`;
const layerMessages = async (file: string, name: string) =>
  (await lintAt(file, importOf(name))).filter((m) => m.startsWith('loket/layers'));

describe('the package table', () => {
  it('fails on a package in a folder the table does not give it', async () => {
    const forbidden: [file: string, name: string][] = [
      ['main/example.ts', 'pg'],
      ['main/data/example.ts', '@electric-sql/pglite'],
      ['main/example.ts', 'react'],
      ['main/example.ts', 'fastify'],
      ['renderer/features/example/x.ts', 'better-sqlite3-multiple-ciphers'],
      ['renderer/example.ts', 'ws'],
      ['renderer/example.ts', 'sip.js'],
      ['common/example.ts', 'zustand'],
      ['common/example.ts', 'jose'],
      ['server/api/example.ts', 'react-dom/client'],
      ['main/example.ts', 'sip.js'],
      ['main/example.ts', 'vite'],
      ['renderer/features/home/x.ts', 'uplot'],
      ['renderer/ui/x.ts', 'uplot'],
      ['renderer/features/cobrowse/x.ts', '@rrweb/replay'],
    ];
    for (const [file, name] of forbidden) {
      const messages = await layerMessages(file, name);
      expect(messages, `${name} in ${file}`).toHaveLength(1);
      expect(messages[0]).toContain(`${file} may not import the package '${name.split('/client')[0]}'`);
    }
  });

  it('allows each package where it is used', async () => {
    const allowed: [file: string, name: string][] = [
      ['renderer/features/example/x.ts', 'react'],
      ['renderer/main.ts', 'react-dom/client'],
      ['renderer/app/stores/example.ts', 'zustand'],
      ['common/example.ts', 'zod'],
      ['common/example.ts', 'libphonenumber-js'],
      ['main/telephony/example.ts', 'sip.js'],
      ['main/cache/example.ts', 'better-sqlite3-multiple-ciphers'],
      ['main/shell/web/example.ts', 'ws'],
      ['main/shell/build.ts', 'vite'],
      ['server/db/example.ts', 'pg'],
      ['server/api/example.ts', '@fastify/rate-limit'],
      ['renderer/features/team/x.ts', 'uplot'],
      ['renderer/cobrowse-view/x.ts', '@rrweb/replay'],
    ];
    for (const [file, name] of allowed) expect(await layerMessages(file, name), `${name} in ${file}`).toEqual([]);
  });

  it('fails on a package missing from the table, and leaves tests and tools alone', async () => {
    expect(await layerMessages('main/example.ts', 'left-pad')).toEqual([
      "loket/layers: The package 'left-pad' is not in the package table: add it to .eslint/rules/packages.mjs with the folders that may import it.",
    ]);
    expect(await layerMessages('test/hub/example.test.ts', 'pg')).toEqual([]);
    expect(await layerMessages('bench/example.ts', 'left-pad')).toEqual([]);
  });

  it('names only packages the project depends on and places that exist', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const known = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    for (const [name, where] of Object.entries(PACKAGES)) {
      // @electron/rebuild comes with electron-builder.
      if (name !== '@electron/rebuild') expect(known, name).toContain(name);
      for (const place of where) expect(existsSync(path.join(root, place)), `${name}: ${place}`).toBe(true);
    }
  });

  it('points its messages at files that exist', async () => {
    const messages = [
      ...(await lintAt('renderer/example.ts', "import { x } from '../main/services.ts';\nexport const y = x;\n")),
      ...(await layerMessages('main/example.ts', 'pg')),
      ...(await layerMessages('main/example.ts', 'left-pad')),
    ];
    const named = messages.flatMap((m) => m.match(/\.?[\w-]+(?:\/[\w.-]+)+\.(?:md|mjs)/g) ?? []);
    expect(named).toEqual(expect.arrayContaining(['.eslint/README.md', '.eslint/rules/packages.mjs']));
    for (const file of named) expect(existsSync(path.join(root, file)), file).toBe(true);
    expect(readFileSync(path.join(root, '.eslint/README.md'), 'utf8')).toMatch(/## The import table/);
  });
});
