import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');

interface BuilderConfig {
  productName: string;
  appId: string;
  files: string[];
  win: { target: { target: string }[] };
  nsis: Record<string, unknown>;
  mac: { target: { target: string }[]; hardenedRuntime: boolean; entitlements: string; extendInfo: Record<string, string> };
  linux: { target: string[] };
  publish: Record<string, unknown>;
}
interface PackageJson {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

describe('electron-builder.yml', async () => {
  const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as PackageJson;

  it('names the product Loket and ships the built app', () => {
    expect(config.productName).toBe('Loket');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.files).toContain('dist/**/*');
    expect(pkg.main).toBe('dist/main/electron.mjs');
  });

  it('installs per user on Windows, without admin rights', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false });
  });

  it('signs for the hardened runtime on macOS with the microphone entitlement', async () => {
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo['NSMicrophoneUsageDescription']).toMatch(/microphone/);
    const entitlements = await readFile(path.join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.device.audio-input');
  });

  it('builds AppImage and deb on Linux, and publishes to a configured generic feed', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.LOKET_UPDATE_URL}' });
  });

  it('pins every dependency to an exact version', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, version] of Object.entries(deps)) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
    }
  });
});
