import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseClaims, LeaseKey } from '../../../common/hub/access.ts';
import { DAY_MS, HubClock } from '../../../main/access/hub-clock.ts';
import { LeaseKeeper } from '../../../main/access/lease-keeper.ts';
import { keyFileVault } from '../../../main/cache/vault.ts';
import { tempDir } from '../../support/temp-dir.ts';

// The console keeps time by the hub's signed lease, never by its own clock alone: these tests
// move the local (wall) clock forward and back and check what the console concludes.

const HUB_TIME = Date.parse('2026-12-01T09:00:00Z');
const LOCAL_START = Date.parse('2026-11-20T12:00:00Z'); // the laptop's clock is off by days: it does not matter

function claims(overrides: Partial<LeaseClaims> = {}): LeaseClaims {
  return {
    sub: '0193a3c0-0000-7000-8000-000000000001',
    did: '0193a3c0-0000-7000-8000-000000000002',
    iat: Math.floor(HUB_TIME / 1000),
    hubTime: new Date(HUB_TIME).toISOString(),
    accessExpiresAt: new Date(HUB_TIME + 10 * DAY_MS).toISOString(),
    offlineDays: 3,
    iss: 'https://hub.shop.example',
    ...overrides,
  };
}

/** A wall clock the test sets, and a monotonic one that only advances when time really passes. */
function clocks(start = LOCAL_START) {
  const state = { wall: start, monotonic: 0 };
  return {
    now: () => state.wall,
    monotonic: () => state.monotonic,
    /** Real time passes: both clocks advance. */
    pass(ms: number) {
      state.wall += ms;
      state.monotonic += ms;
    },
    /** The agent sets the wall clock; no time passes. */
    setWall(ms: number) {
      state.wall = ms;
    },
  };
}

describe('the hub clock', () => {
  it('estimates the hub time from the lease plus the local time passed since it came, whatever the local clock says', () => {
    const c = clocks();
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater: null });
    expect(clock.verdict()).toEqual({ state: 'unknown' });
    clock.accept(claims());
    c.pass(2 * 60 * 60 * 1000);
    expect(clock.hubNow()).toBe(HUB_TIME + 2 * 60 * 60 * 1000);
    expect(clock.verdict()).toMatchObject({ state: 'ok', endingSoon: false });
  });

  it('locks offline after offlineDays without a fresh lease', () => {
    const c = clocks();
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater: null });
    clock.accept(claims({ offlineDays: 3 }));
    c.pass(3 * DAY_MS - 60_000);
    expect(clock.verdict().state).toBe('ok');
    c.pass(2 * 60_000);
    expect(clock.verdict().state).toBe('offline');
  });

  it('a fresh lease (back online) restarts the offline allowance', () => {
    const c = clocks();
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater: null });
    clock.accept(claims({ offlineDays: 3 }));
    c.pass(2 * DAY_MS);
    clock.accept(claims({ hubTime: new Date(HUB_TIME + 2 * DAY_MS).toISOString(), offlineDays: 3 }));
    c.pass(2 * DAY_MS);
    expect(clock.verdict().state).toBe('ok');
  });

  it('ends access at accessExpiresAt by hub time, and says endingSoon in the last 3 days', () => {
    const c = clocks();
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater: null });
    clock.accept(claims({ accessExpiresAt: new Date(HUB_TIME + 2 * DAY_MS).toISOString(), offlineDays: 14 }));
    expect(clock.verdict()).toMatchObject({ state: 'ok', endingSoon: true });
    c.pass(2 * DAY_MS);
    expect(clock.verdict().state).toBe('expired');
  });

  it('moving the local clock forward only ends access sooner', () => {
    const c = clocks();
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater: null });
    clock.accept(claims({ offlineDays: 3 }));
    c.setWall(LOCAL_START + 4 * DAY_MS);
    expect(clock.verdict().state).toBe('offline');
  });

  it('moving the local clock back gives no more time, in the running process (monotonic) and after a restart (high-water mark)', () => {
    const c = clocks();
    let highWater: number | null = null;
    const clock = new HubClock({ now: c.now, monotonic: c.monotonic, highWater, onHighWater: (mark) => (highWater = mark) });
    const held = clock.accept(claims({ offlineDays: 3 }));
    c.pass(2 * DAY_MS);
    c.setWall(LOCAL_START - 30 * DAY_MS); // set back a month
    expect(clock.hubNow()).toBe(HUB_TIME + 2 * DAY_MS);
    c.pass(1.5 * DAY_MS);
    expect(clock.verdict().state).toBe('offline');

    // A restart with the clock still set back: the persisted high-water mark is where time resumes.
    const restarted = new HubClock({ now: c.now, monotonic: () => 0, highWater });
    restarted.restore(held);
    expect(restarted.hubNow()).toBeGreaterThanOrEqual(HUB_TIME + 3.5 * DAY_MS);
    expect(restarted.verdict().state).toBe('offline');
  });
});

describe('the lease keeper', () => {
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
  });

  async function hubKeys() {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(publicKey);
    const key = { kid: 'k1', jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: jwk.x ?? '' } } satisfies LeaseKey;
    const sign = (payload: LeaseClaims) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).sign(privateKey);
    // The hub's public key endpoint, as the keeper asks for it.
    const fetchKey: typeof fetch = async (input) => {
      expect(String(input)).toBe('https://hub.shop.example/auth/lease-key');
      return new Response(JSON.stringify(key), { headers: { 'content-type': 'application/json' } });
    };
    return { sign, fetchKey };
  }

  it('takes a lease signed with the pinned key and ignores a tampered or foreign one', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const vault = keyFileVault(`${temp.dir}/secrets`);
    const hub = await hubKeys();
    const c = clocks();
    const keeper = new LeaseKeeper({ vault, fetch: hub.fetchKey, now: c.now, monotonic: c.monotonic });
    await keeper.ready();
    const good = await hub.sign(claims({ offlineDays: 3 }));
    expect(await keeper.accept('https://hub.shop.example', good)).toBe(true);
    c.pass(DAY_MS);

    // Tampered: the payload says 300 offline days, the signature is the old one.
    const [header, , signature] = good.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify(claims({ offlineDays: 300 }))).toString('base64url')}.${signature}`;
    expect(await keeper.accept('https://hub.shop.example', forged)).toBe(false);
    // Another key (an impostor hub) signing a generous lease.
    const impostor = await hubKeys();
    expect(await keeper.accept('https://hub.shop.example', await impostor.sign(claims({ hubTime: new Date(HUB_TIME + DAY_MS).toISOString(), offlineDays: 300 })))).toBe(false);
    expect(keeper.clock.lease?.claims.offlineDays).toBe(3);
    c.pass(2.5 * DAY_MS);
    expect(keeper.verdict().state).toBe('offline');
  });

  it('keeps the lease in the vault: a restart offline still locks by it', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const vault = keyFileVault(`${temp.dir}/secrets`);
    const hub = await hubKeys();
    const c = clocks();
    const first = new LeaseKeeper({ vault, fetch: hub.fetchKey, now: c.now, monotonic: c.monotonic });
    expect(await first.accept('https://hub.shop.example', await hub.sign(claims({ offlineDays: 3 })))).toBe(true);
    c.pass(4 * DAY_MS);
    const offline: typeof fetch = () => Promise.reject(new Error('offline'));
    const second = new LeaseKeeper({ vault, fetch: offline, now: c.now, monotonic: () => 0 });
    await second.ready();
    expect(second.verdict().state).toBe('offline');
    second.forget();
    expect(vault.read('hub-lease')).toBeNull();
  });
});
