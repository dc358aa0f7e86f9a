import { Board, PeakMode, type PeakModeSetRequest } from '../../common/contract/board.ts';
import { fromHub } from '../data/hub-fallback.ts';

/** The one thing the board needs of the hub session: an authenticated request. */
export interface BoardHubPort {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

/**
 * The team lead's board and the peak-mode switch: hub reads and writes, never cached (the board
 * is about now, and an agent who may not see it must not keep a copy). The hub decides who may
 * read the board or switch peak mode; its refusal reaches the page as `hub.refused` with the
 * hub's code and status 403. Answers are parsed with the hub's own schemas, so a hub that sends
 * something else fails here instead of in a chart.
 */
export class TeamBoard {
  readonly #hub: BoardHubPort;

  constructor(hub: BoardHubPort) {
    this.#hub = hub;
  }

  async board(): Promise<Board> {
    return Board.parse(await this.#ask(() => this.#hub.request('GET', '/board')));
  }

  /** The current peak mode; every console asks once at start, then follows `peak_mode.changed`. */
  async peakMode(): Promise<PeakMode> {
    return PeakMode.parse(await this.#ask(() => this.#hub.request('GET', '/peak-mode')));
  }

  async setPeakMode(change: PeakModeSetRequest): Promise<PeakMode> {
    // Off means off: a preset or note sent along with "off" would only confuse the banner's history.
    const body = change.enabled ? change : { enabled: false };
    return PeakMode.parse(await this.#ask(() => this.#hub.request('PUT', '/peak-mode', body)));
  }

  #ask(read: () => Promise<unknown>): Promise<unknown> {
    // Required: without the hub there is no board to show (no local copy is kept).
    return fromHub(read, true, () => undefined);
  }
}
