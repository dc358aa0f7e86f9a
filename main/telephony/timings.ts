/** Timings that tests and the benchmark may tighten; the defaults are what agents get. */
export interface SoftphoneTimings {
  /** Silence before a keep-alive: 4 s + 8 s for the answer, so a dead link shows within 12 s. */
  readonly keepAliveIntervalMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** The first reconnect delay; each next one doubles… */
  readonly reconnectFirstMs: number;
  /** …up to this while an outage is fresh (a PBX restart is back within seconds)… */
  readonly reconnectFastMs: number;
  /** …and gentler once it has lasted `reconnectFastForMs` (no storm against a PBX that is down). */
  readonly reconnectSlowMaxMs: number;
  readonly reconnectFastForMs: number;
  /**
   * While the server's port refuses connections, it is probed (a TCP connect, nothing sent) this
   * often, and a REGISTER goes out as soon as it answers instead of at the end of the back-off
   * step (`server-watch.ts`); gentler once the outage is no longer fresh.
   */
  readonly serverWatchFastMs: number;
  readonly serverWatchSlowMs: number;
  readonly iceGatheringTimeoutMs: number;
}

export const DEFAULT_TIMINGS: SoftphoneTimings = {
  keepAliveIntervalMs: 4_000,
  keepAliveTimeoutMs: 8_000,
  connectionTimeoutMs: 5_000,
  reconnectFirstMs: 250,
  reconnectFastMs: 750,
  reconnectSlowMaxMs: 30_000,
  reconnectFastForMs: 120_000,
  serverWatchFastMs: 50,
  serverWatchSlowMs: 1_000,
  iceGatheringTimeoutMs: 2_000,
};
