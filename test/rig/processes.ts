// One server process of the rig (rtpengine, kamailio, baresip), started in its own process group
// so that stopping it also ends the children it forked (Kamailio runs a dozen).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { waitUntil } from './wait.ts';

/** How long a process gets to exit on SIGTERM before the whole group gets SIGKILL. */
const TERM_GRACE_MS = 5_000;
/** A clean shutdown takes 10-20 ms (baresip's un-REGISTER included), so repeat SIGTERM after 100. */
const TERM_REPEAT_MS = 100;
const GONE_TIMEOUT_MS = 5_000;

/**
 * The pids of a process group's members that are still running. Zombies do not count: a child
 * of a killed Kamailio is re-parented to pid 1, which may take a while to reap it, but a zombie
 * holds no socket.
 */
export function livingGroupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

export class RigProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly program: string,
    private readonly args: readonly string[],
    private readonly logFile: string,
    private readonly cwd: string,
  ) {}

  /** The group leader's pid (the group id too) while started, else null. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** True while the main process runs (it may still be starting up). */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the process; output goes to the log file (appended across restarts). */
  start(): void {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    const log = openSync(this.logFile, 'a');
    try {
      // detached: a new session and process group, so the group can be signalled as a whole and
      // a Ctrl-C in the terminal reaches the test runner, which then stops the rig in order.
      const child = spawn(this.program, this.args, { cwd: this.cwd, detached: true, stdio: ['ignore', log, log] });
      this.child = child;
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
      child.once('error', () => {}); // a failed spawn shows as exit; the log says why
    } finally {
      closeSync(log);
    }
  }

  /** If the process exited already: how, for an error message. */
  exitDescription(): string | null {
    if (!this.child || this.running) return null;
    return `${this.name} exited (${this.child.exitCode !== null ? `code ${this.child.exitCode}` : this.child.signalCode})`;
  }

  /**
   * SIGTERM to the whole group, repeated every TERM_REPEAT_MS until the main process is gone;
   * SIGKILL to what outlives the grace time. Repeated and to the group, because:
   * - Kamailio's last children ignore signals while they start up, and Kamailio's main process
   *   then waits forever for a child that dropped its SIGTERM (a stop right after start);
   * - baresip stops at the first SIGTERM only once its un-REGISTER is answered (never, if
   *   Kamailio is down); a second SIGTERM makes it quit at once.
   */
  async stop(): Promise<void> {
    const pgid = this.pid;
    if (pgid === null) return;
    if (this.running) {
      this.signalGroup(pgid, 'SIGTERM');
      const repeat = setInterval(() => this.signalGroup(pgid, 'SIGTERM'), TERM_REPEAT_MS);
      const grace = new Promise<boolean>((resolve) => setTimeout(resolve, TERM_GRACE_MS, true).unref());
      const timedOut = await Promise.race([this.exited.then(() => false), grace]);
      clearInterval(repeat);
      if (timedOut) console.warn(`[rig] ${this.name} (pid ${pgid}) ignored SIGTERM for ${TERM_GRACE_MS} ms: SIGKILL`);
    }
    await this.killGroupAndWait(pgid);
  }

  private signalGroup(pgid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pgid, signal);
    } catch {
      // gone in the meantime
    }
  }

  /** SIGKILL to the whole group (a crash, as far as clients can tell); waits until it is gone. */
  async kill(): Promise<void> {
    const pgid = this.pid;
    if (pgid === null) return;
    await this.killGroupAndWait(pgid);
  }

  /** Synchronous SIGKILL to the group, for the process 'exit' handler. */
  killNow(): void {
    const pgid = this.pid;
    if (pgid !== null) this.signalGroup(pgid, 'SIGKILL');
  }

  private async killGroupAndWait(pgid: number): Promise<void> {
    if (livingGroupMembers(pgid).length > 0) this.signalGroup(pgid, 'SIGKILL');
    await this.exited;
    await waitUntil(() => livingGroupMembers(pgid).length === 0, {
      timeoutMs: GONE_TIMEOUT_MS,
      what: `${this.name} (process group ${pgid}) to be gone`,
    });
  }
}

/**
 * Kills the rig's process groups if this (the test) process dies without stopping the rig, even
 * by SIGKILL, when no 'exit' handler runs: a tiny shell that reads group ids from a pipe and
 * kills them all when the pipe closes, which the kernel does when this process ends.
 */
export class Watchdog {
  private readonly child: ChildProcess;

  constructor() {
    const script = 'groups=""; while read -r g; do groups="$groups $g"; done; for g in $groups; do kill -KILL "-$g" 2>/dev/null; done';
    // detached: its own group, so neither a Ctrl-C nor the kills it sends end it early.
    this.child = spawn('sh', ['-c', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.child.once('error', () => {}); // no sh: the 'exit' handler still guards the normal cases
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** Adds a process group to kill. */
  watch(pgid: number): void {
    this.child.stdin?.write(`${pgid}\n`);
  }

  /** The rig stopped in order: end the watchdog without it killing anything. */
  disarm(): void {
    this.child.kill('SIGKILL');
  }
}
