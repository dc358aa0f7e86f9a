// The telephony rig: real SIP peers on loopback for the telephony tests. Kamailio 5.6 is the
// registrar/proxy (SIP over UDP, WS and WSS, digest auth), rtpengine bridges WebRTC media to
// plain RTP, and baresip 1.0 is the customer's phone (2001, over UDP). startRig() writes their
// configuration into a fresh temp folder, starts them and waits until they serve; stop() ends
// them and checks that nothing is left. See README.md in this folder.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { BaresipPhone } from './baresip.ts';
import { RIG_HOST, RIG_PORTS, RIG_USERS, rigPaths, sipUser, writeRigFiles, type RigPaths, type SipUser } from './config.ts';
import { NETNS_ENV } from './in-netns.ts';
import { SipFirewall, type RigNetwork } from './network.ts';
import { requireProgram } from './install.ts';
import { RigProcess, Watchdog } from './processes.ts';
import { describeSpec, listeningOnLoopback, occupied, type SocketSpec } from './sockets.ts';
import { waitUntil } from './wait.ts';

export { E164_CALLER_ID, RIG_HOST, RIG_PORTS, RIG_USERS, type SipUser } from './config.ts';
export type { BaresipCall, BaresipEvent, BaresipPhone, ReceivedAudio, ReceivedWindow, RecordingMark } from './baresip.ts';
export type { RigNetwork } from './network.ts';

export type RigProcessName = 'rtpengine' | 'kamailio' | 'baresip';

export interface RigOptions {
  /** Whether baresip answers incoming calls at once (default true); see also baresip.setAutoAnswer. */
  readonly baresipAutoAnswer?: boolean;
  /** More subscribers for Kamailio's user table, e.g. { user: '1004', password: 'pw1004' }. */
  readonly extraUsers?: readonly { readonly user: string; readonly password: string }[];
}

export interface KamailioControl {
  /** True while Kamailio's main process runs. */
  readonly running: boolean;
  /** SIGTERM; resolves when Kamailio and all its children are gone. */
  stop(): Promise<void>;
  /** SIGKILL to Kamailio and its children (a crash); resolves when they are gone. */
  kill(): Promise<void>;
  /**
   * Starts Kamailio again with the same configuration and resolves when its ports listen and the
   * customer's phone has registered again (a fresh Kamailio has forgotten every registration).
   * If the phone is in a call, it registers again once the call has ended instead, because
   * re-registering means re-creating its account, which would end the call.
   */
  start(): Promise<void>;
  restart(): Promise<void>;
}

export interface Rig {
  /** The rig's temp folder (configuration, logs, recordings). */
  readonly dir: string;
  /** Whether the rig runs in a private network namespace (LOKET_RIG_NETNS=1). */
  readonly netns: boolean;
  readonly sip: { readonly wsUrl: string; readonly wssUrl: string; readonly domain: string };
  readonly users: {
    /** Subscribers for consoles under test; nobody registers them. */
    readonly agents: readonly SipUser[];
    /** baresip's account. */
    readonly customer: SipUser;
    /** A subscriber nobody registers, for a test's own extra phone. */
    readonly spare: SipUser;
    /** Every subscriber Kamailio knows. */
    readonly all: readonly SipUser[];
  };
  /** The self-signed certificate Kamailio serves on WSS (for clients that pin or trust it). */
  readonly certPath: string;
  readonly kamailio: KamailioControl;
  readonly network: RigNetwork;
  /** The customer's phone. */
  readonly baresip: BaresipPhone;
  /** The contact URIs a user is registered with now, from Kamailio's location table. */
  contacts(user: string): Promise<string[]>;
  /** rtpengine's current number of media sessions (calls it anchors). */
  rtpengineSessions(): Promise<number>;
  /** A process's output so far (also after stop()), for failure messages. */
  logs(name: RigProcessName): string;
  /** Stops everything, removes firewall rules and the temp folder (kept with LOKET_RIG_KEEP=1); idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 30;

const tcp = (port: number): SocketSpec => ({ protocol: 'tcp', port });
const udp = (port: number): SocketSpec => ({ protocol: 'udp', port });
const SOCKETS = {
  rtpengine: [udp(RIG_PORTS.rtpengineNg), tcp(RIG_PORTS.rtpengineCli)],
  kamailio: [udp(RIG_PORTS.sipUdp), tcp(RIG_PORTS.sipWs), tcp(RIG_PORTS.sipWss)],
  baresip: [udp(RIG_PORTS.baresipSip), tcp(RIG_PORTS.baresipCtrl)],
} satisfies Record<RigProcessName, SocketSpec[]>;
/** Every fixed socket of the rig (not the RTP ranges): free before start and after stop. */
export const RIG_SOCKETS: readonly SocketSpec[] = [...SOCKETS.rtpengine, ...SOCKETS.kamailio, ...SOCKETS.baresip];

// Rigs still running when the test process exits: their process groups get SIGKILL then.
const liveRigs = new Set<{ emergencyStop(): void }>();
let exitHandlerInstalled = false;
function guardProcessExit(rig: { emergencyStop(): void }): void {
  liveRigs.add(rig);
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const live of liveRigs) live.emergencyStop();
  });
}

// LOKET_RIG_DEBUG=1 prints how long each step of start and stop took (ms since the step began).
let debugFrom = performance.now();
function debug(step: string, restart = false): void {
  if (restart) debugFrom = performance.now();
  if (process.env.LOKET_RIG_DEBUG === '1') console.log(`[rig] +${Math.round(performance.now() - debugFrom)} ms ${step}`);
}

/** True only inside a private namespace: the launcher's variable AND no interface but lo. */
function inPrivateNetns(): boolean {
  if (process.env[NETNS_ENV] !== '1') return false;
  // /proc/net/dev lists the interfaces of the reader's namespace (unlike /sys/class/net).
  const interfaces = readFileSync('/proc/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim())
    .filter(Boolean);
  return interfaces.length === 1 && interfaces[0] === 'lo';
}

/** Starts rtpengine, Kamailio and baresip (in that order) in a fresh temp folder. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  debug('starting', true);
  const taken = occupied(RIG_SOCKETS);
  if (taken.length > 0) {
    throw new Error(
      `the telephony rig's ports ${taken.map(describeSpec).join(', ')} are in use in this network namespace ` +
        '(another rig, or a kamailio/rtpengine system service): run the tests through ' +
        '`npx tsx test/rig/in-netns.ts ...` to get a private namespace, or stop what holds them',
    );
  }
  const programs = {
    rtpengine: requireProgram('rtpengine'),
    kamailio: requireProgram('kamailio'),
    kamcmd: requireProgram('kamcmd'),
    baresip: requireProgram('baresip'),
    iptables: requireProgram('iptables'),
  };
  const users = [...RIG_USERS.agents, RIG_USERS.customer, RIG_USERS.spare, ...(options.extraUsers ?? []).map((u) => sipUser(u.user, u.password))];
  const autoAnswer = options.baresipAutoAnswer ?? true;
  const paths = rigPaths(await mkdtemp(path.join(os.tmpdir(), 'loket-rig-')));
  await mkdir(paths.logsDir);
  const rig = new RunningRig(paths, programs, users, inPrivateNetns());
  try {
    await rig.startAll(writeRigFiles(paths, { users, customer: RIG_USERS.customer, autoAnswer }), autoAnswer);
  } catch (error) {
    const logs = (['rtpengine', 'kamailio', 'baresip'] as const).map((name) => `--- ${name} ---\n${rig.logTail(name)}`).join('\n');
    await rig.stop().catch(() => {});
    throw new Error(`the telephony rig did not start: ${(error as Error).message}\n${logs}`, { cause: error });
  }
  debug(`up (${paths.dir})`);
  return rig;
}

class RunningRig implements Rig {
  readonly dir: string;
  readonly sip = {
    wsUrl: `ws://${RIG_HOST}:${RIG_PORTS.sipWs}`,
    wssUrl: `wss://${RIG_HOST}:${RIG_PORTS.sipWss}`,
    domain: RIG_HOST,
  };
  readonly users: Rig['users'];
  readonly certPath: string;
  readonly baresip: BaresipPhone;
  readonly kamailio: KamailioControl;
  readonly network: SipFirewall;
  private readonly processes: Record<RigProcessName, RigProcess>;
  private readonly watchdog = new Watchdog();
  private readonly finalLogs = new Map<RigProcessName, string>();
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly paths: RigPaths,
    private readonly programs: Record<'rtpengine' | 'kamailio' | 'kamcmd' | 'baresip' | 'iptables', string>,
    allUsers: readonly SipUser[],
    readonly netns: boolean,
  ) {
    this.dir = paths.dir;
    this.certPath = paths.certPath;
    this.users = { agents: RIG_USERS.agents, customer: RIG_USERS.customer, spare: RIG_USERS.spare, all: allUsers };
    const logFile = (name: RigProcessName) => path.join(paths.logsDir, `${name}.log`);
    this.processes = {
      rtpengine: new RigProcess('rtpengine', programs.rtpengine, [
        '--config-file=none', // never the system's /etc/rtpengine/rtpengine.conf
        `--interface=${RIG_HOST}`,
        `--listen-ng=${RIG_HOST}:${RIG_PORTS.rtpengineNg}`,
        `--listen-cli=${RIG_HOST}:${RIG_PORTS.rtpengineCli}`,
        `--port-min=${RIG_PORTS.rtpengineRtp.min}`,
        `--port-max=${RIG_PORTS.rtpengineRtp.max}`,
        '--table=-1', // userspace forwarding only: no kernel module, no iptables chain
        '--dtls-cert-cipher=prime256v1', // its DTLS certificate: RSA takes ~0.5 s to generate at start
        '--delete-delay=0', // a hung-up call's session disappears at once (rtpengineSessions)
        '--foreground', '--log-stderr', '--log-level=6',
      ], logFile('rtpengine'), paths.dir),
      kamailio: new RigProcess('kamailio', programs.kamailio, [
        '-f', paths.kamailioCfg,
        '-A', 'WITH_AUTH',
        '-DD', // stay in the foreground (children still fork), so the pid we hold is the main process
        '-E', // log to stderr, i.e. the log file
        '-Y', paths.kamailioRunDir,
        '-P', path.join(paths.kamailioRunDir, 'kamailio.pid'),
        '-m', '64', '-M', '8',
      ], logFile('kamailio'), paths.dir),
      baresip: new RigProcess('baresip', programs.baresip, ['-4', '-f', paths.baresipDir], logFile('baresip'), paths.dir),
    };
    this.baresip = new BaresipPhone(
      RIG_USERS.customer,
      paths.recordingsDir,
      () => this.logTail('baresip'),
      () => this.contacts(RIG_USERS.customer.user),
    );
    this.kamailio = this.kamailioControl();
    this.network = new SipFirewall(programs.iptables, netns);
  }

  /**
   * rtpengine first: Kamailio disables an rtpengine it cannot reach at start for a while.
   * rtpengine needs no configuration file, so it starts while the files are being written.
   */
  async startAll(filesWritten: Promise<void>, autoAnswer: boolean): Promise<void> {
    guardProcessExit(this);
    await Promise.all([this.startProcess('rtpengine'), filesWritten.then(() => debug('files written'))]);
    await this.startProcess('kamailio');
    await this.startProcess('baresip');
    await this.baresip.connect(autoAnswer);
    debug('baresip control connected');
    await this.baresip.waitUntilRegistered(START_TIMEOUT_MS);
  }

  private async startProcess(name: RigProcessName): Promise<void> {
    const child = this.processes[name];
    child.start();
    if (child.pid !== null) this.watchdog.watch(child.pid);
    await waitUntil(() => listeningOnLoopback(SOCKETS[name]).length === SOCKETS[name].length, {
      timeoutMs: START_TIMEOUT_MS,
      what: `${name} to listen on ${SOCKETS[name].map(describeSpec).join(', ')}`,
      failFast: () => child.exitDescription(),
    });
    debug(`${name} listens`);
  }

  private kamailioControl(): KamailioControl {
    const kamailio = this.processes.kamailio;
    const start = async () => {
      await this.startProcess('kamailio');
      if (this.processes.baresip.running) await this.baresip.registerAgainWhenIdle();
    };
    const stop = () => kamailio.stop();
    return {
      get running() {
        return kamailio.running;
      },
      stop,
      kill: () => kamailio.kill(),
      start,
      restart: async () => {
        await stop();
        await start();
      },
    };
  }

  async contacts(user: string): Promise<string[]> {
    // "s:" makes kamcmd send the user as a string (a bare 1001 would be an int and be refused).
    const { stdout } = await promisify(execFile)(this.programs.kamcmd, [
      '-s', `unix:${this.paths.ctlSocket}`, 'ul.lookup', 'location', `s:${user}`,
    ]);
    // kamcmd exits 0 on RPC errors too; an unknown user is error 500 "AOR not found".
    if (/^error: 500 - AOR not found/m.test(stdout)) return [];
    if (/^error:/m.test(stdout)) throw new Error(`kamcmd ul.lookup ${user}: ${stdout.trim()}`);
    return [...stdout.matchAll(/^\s*Address: (\S+)\s*$/gm)].map((match) => match[1]!);
  }

  /** rtpengine's CLI protocol: one command line per connection, the answer until it closes. */
  rtpengineSessions(): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(RIG_PORTS.rtpengineCli, RIG_HOST);
      let answer = '';
      socket.setTimeout(5_000, () => socket.destroy(new Error('rtpengine CLI did not answer in 5 s')));
      socket.on('connect', () => socket.write('list numsessions\n'));
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        const total = /Current sessions total: (\d+)/.exec(answer);
        if (total) resolve(Number(total[1]));
        else reject(new Error(`unexpected rtpengine CLI answer: ${answer}`));
      });
    });
  }

  logs(name: RigProcessName): string {
    const final = this.finalLogs.get(name);
    if (final !== undefined) return final;
    try {
      return readFileSync(path.join(this.paths.logsDir, `${name}.log`), 'utf8');
    } catch {
      return '';
    }
  }

  logTail(name: RigProcessName): string {
    return this.logs(name).split('\n').slice(-LOG_TAIL_LINES).join('\n');
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    debug('stopping', true);
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<void>) => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`);
      }
    };
    await attempt('remove firewall rules', () => this.network.unblockSip());
    this.baresip.disconnect();
    // baresip first: it un-REGISTERs on SIGTERM while Kamailio is still there to answer.
    for (const name of ['baresip', 'kamailio', 'rtpengine'] as const) await attempt(`stop ${name}`, () => this.processes[name].stop());
    await attempt('check for leftovers', async () => {
      await waitUntil(() => occupied(RIG_SOCKETS).length === 0, { timeoutMs: 2_000, what: "the rig's ports to be free" }).catch(() => {
        throw new Error(`still bound after stopping: ${occupied(RIG_SOCKETS).map(describeSpec).join(', ')}`);
      });
    });
    for (const name of ['rtpengine', 'kamailio', 'baresip'] as const) this.finalLogs.set(name, this.logs(name));
    // After a failed step something may still run: then the exit handler and the watchdog stay on.
    if (problems.length === 0) {
      liveRigs.delete(this);
      this.watchdog.disarm();
    }
    debug('stopped');
    if (process.env.LOKET_RIG_KEEP === '1') console.log(`[rig] LOKET_RIG_KEEP=1: kept ${this.dir}`);
    else await attempt('remove the temp folder', () => rm(this.dir, { recursive: true, force: true }));
    if (problems.length > 0) throw new Error(`the telephony rig did not stop cleanly:\n${problems.join('\n')}`);
  }

  /** From the process 'exit' handler: synchronous, best effort. */
  emergencyStop(): void {
    for (const child of Object.values(this.processes)) child.killNow();
    this.network.unblockNow();
  }
}

// By hand: `npx tsx test/rig/in-netns.ts npx tsx test/rig/rig.ts` starts a rig, prints where
// everything is, and stops it on Ctrl-C (see README.md for running clients next to it).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rig = await startRig();
  console.log(`[rig] up in ${rig.dir} (${rig.netns ? 'private network namespace' : "host's loopback"})`);
  console.log(`[rig] SIP: ${rig.sip.wsUrl}  ${rig.sip.wssUrl}  udp:${RIG_HOST}:${RIG_PORTS.sipUdp}  domain ${rig.sip.domain}`);
  console.log(`[rig] users: ${rig.users.all.map((u) => `${u.user}/${u.password}`).join('  ')} (2001 is baresip)`);
  console.log('[rig] calls from any E.164 caller id (e.g. +31612345678) come in through the PSTN trunk: rig.baresip.dialFrom(number, uri)');
  console.log(`[rig] baresip ctrl_tcp: ${RIG_HOST}:${RIG_PORTS.baresipCtrl}; logs in ${path.join(rig.dir, 'logs')}; Ctrl-C stops`);
  const stop = () => {
    rig.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}
