import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');

interface BuilderConfig {
  productName: string;
  appId: string;
  files: string[];
  win: { target: { target: string }[] };
  nsis: Record<string, unknown>;
  mac: {
    target: { target: string }[];
    hardenedRuntime: boolean;
    entitlements: string;
    extendInfo: Record<string, string>;
    protocols: { name: string; schemes: string[] }[];
  };
  linux: { target: string[]; mimeTypes: string[]; protocols?: unknown };
  protocols?: unknown;
  electronFuses: Record<string, boolean>;
  publish: Record<string, unknown>;
}

/** The link schemes the console handles (common/links): enrollment links and click-to-call. */
const LINK_SCHEMES = ['loket', 'tel', 'callto', 'sip'];
const SIGNING_ENV = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
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
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.LOKET_UPDATE_URL}', useMultipleRangeRequest: false });
  });

  it('is accepted by electron-builder\'s own schema, which refuses an unknown option', async () => {
    const quiet = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config) as never, quiet as never)).resolves.toBeUndefined();
    const broken = { ...structuredClone(config), electronFuses: { ...config.electronFuses, runAsNodeTypo: false } };
    await expect(validateConfiguration(broken as never, quiet as never)).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses that would let anyone run the app as plain Node or load code from outside app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('registers the link schemes once per platform: macOS URL types and Linux scheme handlers', () => {
    expect(config.mac.protocols.flatMap((protocol) => protocol.schemes).sort()).toEqual([...LINK_SCHEMES].sort());
    expect(config.linux.mimeTypes).toEqual(LINK_SCHEMES.map((scheme) => `x-scheme-handler/${scheme}`));
    // electron-builder adds top-level and linux protocols to the desktop file's MimeType as well.
    expect(config.protocols).toBeUndefined();
    expect(config.linux.protocols).toBeUndefined();
  });

  it('takes signing only from the environment: no certificate or Apple account in the file', async () => {
    const text = await readFile(path.join(root, 'electron-builder.yml'), 'utf8');
    const body = text.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    for (const key of ['certificateFile', 'certificatePassword', 'cscLink', 'cscKeyPassword', 'appleId', 'teamId', 'identity']) expect(body).not.toContain(key);
    for (const name of SIGNING_ENV) expect(text).toContain(name);
  });

  it('pins every dependency to an exact version', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, version] of Object.entries(deps)) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
    }
  });
});
