/** Timings that tests and the benchmark may tighten; the defaults are what agents get. */
export interface SoftphoneTimings {
  /** Silence before a keep-alive: 4 s + 8 s for the answer, so a dead link shows within 12 s. */
  readonly keepAliveIntervalMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** Reconnect delays: quick while an outage is fresh (a PBX restart is back within seconds)… */
  readonly reconnectFastMs: number;
  /** …and gentler once it has lasted `reconnectFastForMs` (no storm against a PBX that is down). */
  readonly reconnectSlowMaxMs: number;
  readonly reconnectFastForMs: number;
  readonly iceGatheringTimeoutMs: number;
}

export const DEFAULT_TIMINGS: SoftphoneTimings = {
  keepAliveIntervalMs: 4_000,
  keepAliveTimeoutMs: 8_000,
  connectionTimeoutMs: 5_000,
  reconnectFastMs: 750,
  reconnectSlowMaxMs: 30_000,
  reconnectFastForMs: 120_000,
  iceGatheringTimeoutMs: 2_000,
};
