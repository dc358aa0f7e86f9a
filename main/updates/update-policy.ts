/**
 * When the desktop app looks for, downloads and installs an update — pure, so it is tested
 * without Electron (`main/shell/electron/updater.ts` only hands it electron-updater).
 *
 * - look at start and every 4 hours (a failed look is retried at the next tick after 15 minutes,
 *   not every minute: a hub that is down must not be hammered by every console);
 * - download in the background as soon as one is found (electron-updater's `autoDownload`);
 * - install only when no call is going on: when the agent quits, or when the machine has been idle
 *   for 15 minutes with no call ringing, dialling or talking. Installing restarts the app, so a
 *   call — ringing included — always wins; the install waits for the next quiet moment.
 */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
export const RETRY_FAILED_CHECK_MS = 15 * 60 * 1000;
export const IDLE_BEFORE_INSTALL_MS = 15 * 60 * 1000;
/** How often the scheduler looks at the clock and the phone. */
export const TICK_MS = 60 * 1000;

export type UpdatePhase =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking' }
  | { readonly phase: 'downloading'; readonly version: string }
  | { readonly phase: 'downloaded'; readonly version: string }
  | { readonly phase: 'installing'; readonly version: string };

export interface UpdateMoment {
  readonly now: number;
  /** When the last look started (null: never in this run). */
  readonly lastCheckAt: number | null;
  readonly lastCheckFailed: boolean;
  readonly update: UpdatePhase;
  /** Any call ringing, dialling or connected. */
  readonly callActive: boolean;
  /** How long the machine has had no keyboard or mouse input. */
  readonly idleMs: number;
  readonly quitting: boolean;
}

export type UpdateAction = 'check' | 'install' | 'installOnQuit' | 'none';

/** The one thing to do now. */
export function decideUpdate(moment: UpdateMoment): UpdateAction {
  const { update } = moment;
  if (update.phase === 'downloaded') {
    if (moment.callActive) return 'none';
    if (moment.quitting) return 'installOnQuit';
    return moment.idleMs >= IDLE_BEFORE_INSTALL_MS ? 'install' : 'none';
  }
  if (update.phase !== 'idle' || moment.quitting) return 'none';
  return isCheckDue(moment) ? 'check' : 'none';
}

function isCheckDue(moment: UpdateMoment): boolean {
  if (moment.lastCheckAt === null) return true;
  const wait = moment.lastCheckFailed ? RETRY_FAILED_CHECK_MS : CHECK_EVERY_MS;
  return moment.now - moment.lastCheckAt >= wait;
}

/** What the scheduler needs from the updater and the rest of main. */
export interface UpdatePorts {
  now(): number;
  idleMs(): number;
  callActive(): boolean;
  /** Looks for an update; resolves when the look is done (a found one then downloads by itself). */
  check(): Promise<void>;
  /** Restarts into the downloaded update now (silently). */
  install(): void;
  /** Lets the update install as the app quits (electron-updater's autoInstallOnAppQuit). */
  installOnQuit(on: boolean): void;
}

/**
 * Keeps the phase from the updater's events and acts on `decideUpdate` at every tick, after
 * every call change and when the agent quits. Timers are the caller's: it calls `tick()`.
 */
export class UpdateScheduler {
  #update: UpdatePhase = { phase: 'idle' };
  #lastCheckAt: number | null = null;
  #lastCheckFailed = false;
  #quitting = false;

  constructor(private readonly ports: UpdatePorts) {
    // Until an update is downloaded and no call is going on, quitting installs nothing.
    ports.installOnQuit(false);
  }

  get update(): UpdatePhase {
    return this.#update;
  }

  /** The updater's events. */
  found(version: string): void {
    this.#update = { phase: 'downloading', version };
  }
  nothingNew(): void {
    if (this.#update.phase === 'checking') this.#update = { phase: 'idle' };
  }
  downloaded(version: string): void {
    this.#update = { phase: 'downloaded', version };
    this.tick();
  }
  failed(): void {
    // A failed download looks again later from scratch; electron-updater keeps what it had.
    this.#lastCheckFailed = true;
    this.#update = { phase: 'idle' };
  }

  /** The agent quits: install now if the update is ready and no call is going on. */
  quitting(): void {
    this.#quitting = true;
    this.tick();
  }

  tick(): void {
    const action = decideUpdate({
      now: this.ports.now(),
      lastCheckAt: this.#lastCheckAt,
      lastCheckFailed: this.#lastCheckFailed,
      update: this.#update,
      callActive: this.ports.callActive(),
      idleMs: this.ports.idleMs(),
      quitting: this.#quitting,
    });
    // On every tick, so a call that starts after the download takes the quit-install back.
    this.ports.installOnQuit(this.#update.phase === 'downloaded' && !this.ports.callActive());
    if (action === 'check') this.#check();
    else if (action === 'install' && this.#update.phase === 'downloaded') {
      this.#update = { phase: 'installing', version: this.#update.version };
      this.ports.install();
    }
  }

  #check(): void {
    this.#lastCheckAt = this.ports.now();
    this.#update = { phase: 'checking' };
    this.ports.check().then(
      () => {
        this.#lastCheckFailed = false;
        this.nothingNew();
      },
      () => this.failed(),
    );
  }
}
