import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../common/contract/telephony.ts';
import { createServices, type Services } from '../../main/services.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { tempDir } from '../support/temp-dir.ts';

// A PBX that went away and comes back: the softphone watches its port (TCP probes, nothing
// sent) and registers as soon as it answers, instead of waiting out the back-off step it was
// in. The back-off here is long (30 s) so that only the watch can explain a quick return; the
// pace towards a server that answers but refuses is in test/unit/main/sip-reconnect.test.ts.

let rig: Rig;
let services: Services;
let cleanup: () => Promise<void>;

const BACK_OFF_MS = 30_000;

beforeAll(async () => {
  rig = await startRig();
  const temp = await tempDir('loket-registration-return-');
  cleanup = temp.cleanup;
  services = await createServices({
    shell: 'web',
    version: 'test',
    dataDir: temp.dir,
    osLocale: 'en',
    development: false,
    phoneTimings: { reconnectFirstMs: BACK_OFF_MS, reconnectFastMs: BACK_OFF_MS },
  });
  await services.phone.saveAccount({ server: rig.sip.wsUrl, username: '1001', domain: rig.sip.domain, password: 'pw1001', authorizationUser: '', displayName: '' });
}, 120_000);

afterAll(async () => {
  await services?.dispose();
  await rig?.stop();
  await cleanup?.();
});

async function registration(matches: (view: Registration) => boolean, timeoutMs: number): Promise<Registration> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const view = services.phone.status().registration;
    if (matches(view)) return view;
    if (Date.now() > end) throw new Error(`registration still ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the SIP server comes back', () => {
  it('registers as soon as Kamailio listens again, long before the back-off step ends', async () => {
    await registration((view) => view.state === 'registered', 20_000);
    await rig.kamailio.kill();
    const waiting = await registration((view) => view.state === 'reconnecting' && view.retryAt !== null, 10_000);
    const retryAt = waiting.retryAt as number;
    await rig.kamailio.start();
    const registered = await registration((view) => view.state === 'registered', BACK_OFF_MS);
    expect(registered.since).toBeLessThan(retryAt);
    expect(services.phone.status().registration.error).toBeNull();
  });

  it('registers as soon as Kamailio is back after it was stopped, too', async () => {
    await rig.kamailio.stop();
    const waiting = await registration((view) => view.state === 'reconnecting' && view.retryAt !== null, 10_000);
    const retryAt = waiting.retryAt as number;
    await rig.kamailio.start();
    const registered = await registration((view) => view.state === 'registered', BACK_OFF_MS);
    expect(registered.since).toBeLessThan(retryAt);
  });
});
