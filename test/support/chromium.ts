import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { aptInstall } from './apt.ts';

export const CHROMIUM_PATH = process.env.LOKET_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium: installed from apt when missing (the test setup and .ci/run both call this). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  console.log(`[e2e] ${CHROMIUM_PATH} is missing: installing Debian's chromium package`);
  aptInstall(['chromium']);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium was installed but ${CHROMIUM_PATH} does not exist`);
}

/**
 * Calls in a headless browser: a fake microphone (a beeping tone) granted without a prompt,
 * 127.0.0.1 ICE candidates (the telephony rig is all loopback) instead of mDNS names, and audio
 * that plays without a click.
 */
const WEBRTC_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

/** Flags that keep Chromium quiet on a machine without internet access. */
export function launchChromium(options: { webrtc?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.webrtc ? WEBRTC_FLAGS : []),
    ],
  });
}
