// `npm run demo:call` (Linux): a customer calls the demo console. Brings the telephony rig
// (test/rig: Kamailio on ws://127.0.0.1:8080, rtpengine, baresip) up on this machine's loopback,
// waits until the console of `npm start` has registered as the demo agent's extension (1001),
// picks a demo customer with a phone number and lets baresip call 1001 with that number as
// caller id, so the console pops the customer's screen. Stays in the foreground (the rig lives
// as long as this process) until Ctrl+C; Enter calls again. A second `npm run demo:call` while
// the first runs asks the first one to place another call. See demo/README.md.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DEMO_AGENT_EMAIL, DEMO_PASSWORD } from '../common/hub/demo.ts';
import { ensureRigPackages } from '../test/rig/install.ts';
import { E164_CALLER_ID, RIG_SOCKETS, startRig, type BaresipEvent, type Rig } from '../test/rig/rig.ts';
import { describeSpec, occupied } from '../test/rig/sockets.ts';

const ROOT = path.dirname(import.meta.dirname);
/** The demo agent's extension on the rig (server/seed/demo.ts, DEMO_SIP_ACCOUNTS). */
const DEFAULT_EXTENSION = '1001';
/** Where the running demo takes "call again" requests from a second run. */
const CONTROL_SOCKET = path.join(os.tmpdir(), `loket-demo-call-${process.getuid?.() ?? 'user'}.sock`);
const LETTERS = 'abcdefghijklmnoprstvwz';

interface Options {
  /** Call with this caller id (E.164) instead of a demo customer's number. */
  readonly number: string | null;
  /** The extension to call. */
  readonly to: string;
}

const say = (line: string) => console.log(`[demo:call] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function usage(): never {
  console.log(`usage: npm run demo:call [-- [--number +31612345678] [--to ${DEFAULT_EXTENSION}]]

Calls the console of \`npm start\` from a demo customer's phone number (see demo/README.md).
  --number <E.164>   call with this caller id instead of a demo customer's number
  --to <extension>   the extension to call (default ${DEFAULT_EXTENSION}, the demo agent's)
Environment: LOKET_HUB_URL, LOKET_HUB_EMAIL, LOKET_HUB_PASSWORD pick the hub and the sign-in used to
find a customer (default: the demo hub that \`npm start\` runs, as ${DEMO_AGENT_EMAIL}).`);
  process.exit(0);
}

function parseOptions(argv: readonly string[]): Options {
  let number: string | null = null;
  let to = DEFAULT_EXTENSION;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') usage();
    else if (arg === '--number') number = argv[++i] ?? '';
    else if (arg === '--to') to = argv[++i] ?? '';
    else throw new Error(`unknown argument "${arg}" (try --help)`);
  }
  if (number !== null && !E164_CALLER_ID.test(number)) throw new Error(`--number must be an E.164 number like +31612345678, not "${number}"`);
  if (!/^[0-9A-Za-z_.+-]{1,32}$/.test(to)) throw new Error(`--to must be an extension like 1001, not "${to}"`);
  return { number, to };
}

// ---- the hub: where it is, and a customer to call from ----

interface Hub {
  readonly url: string;
  readonly token: string;
}

interface Caller {
  readonly name: string;
  readonly phone: string;
  readonly country: string;
}

/**
 * The hub `npm start` started: LOKET_HUB_URL if set, else the running `server/main.ts` process
 * (launch.ts gives it a free port in LOKET_HUB_PORT, which /proc shows), else the default port.
 */
function hubCandidates(): string[] {
  if (process.env.LOKET_HUB_URL) return [process.env.LOKET_HUB_URL.replace(/\/+$/, '')];
  const found: { url: string; ours: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const script = args.find((arg) => arg.endsWith(path.join('server', 'main.ts')));
      if (!script) continue;
      const env = new Map(
        readFileSync(`/proc/${entry}/environ`, 'utf8')
          .split('\0')
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
      );
      const host = env.get('LOKET_HUB_HOST') ?? '127.0.0.1';
      const port = env.get('LOKET_HUB_PORT') ?? '8740';
      found.push({ url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, ours: path.resolve(script).startsWith(ROOT) });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  // This checkout's hub first.
  found.sort((a, b) => Number(b.ours) - Number(a.ours));
  return [...new Set([...found.map((f) => f.url), 'http://127.0.0.1:8740'])];
}

async function api<T>(hub: { url: string; token?: string }, route: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(hub.url + route, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(hub.token ? { authorization: `Bearer ${hub.token}` } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${route}: ${response.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Finds the hub and signs in; waits (saying so once) while `npm start` is not up yet. */
async function connectHub(): Promise<Hub> {
  const email = process.env.LOKET_HUB_EMAIL ?? DEMO_AGENT_EMAIL;
  const password = process.env.LOKET_HUB_PASSWORD ?? DEMO_PASSWORD;
  let told = false;
  for (;;) {
    for (const url of hubCandidates()) {
      const healthy = await api<{ ok: boolean }>({ url }, '/health').then((h) => h.ok, () => false);
      if (!healthy) continue;
      const login = await api<{ accessToken: string }>({ url }, '/auth/login', { method: 'POST', body: { email, password } });
      say(`hub at ${url}, signed in as ${email} (to pick a customer)`);
      return { url, token: login.accessToken };
    }
    if (!told) {
      told = true;
      say('waiting for the demo hub: start the console with `npm start` in another terminal (the first start seeds demo data, about a minute)');
    }
    await sleep(2_000);
  }
}

interface Hit {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly phones: readonly string[];
}

/**
 * A demo customer with an E.164 number that belongs to them alone (so the console opens them
 * straight away), a different one each time: customers whose name starts with a random letter.
 */
async function pickCaller(hub: Hub, avoid: ReadonlySet<string>): Promise<Caller> {
  const letters = [...LETTERS].sort(() => Math.random() - 0.5);
  for (const letter of letters) {
    const { hits } = await api<{ hits: Hit[] }>(hub, `/customers/lookup?name=${letter}`);
    const candidates = hits.flatMap((hit) => hit.phones.filter((p) => E164_CALLER_ID.test(p) && !avoid.has(p)).map((phone) => ({ hit, phone })));
    for (const { hit, phone } of candidates.sort(() => Math.random() - 0.5)) {
      const same = await api<{ hits: Hit[] }>(hub, `/customers/lookup?phone=${encodeURIComponent(phone)}`);
      if (same.hits.length === 1) return { name: hit.name, phone, country: hit.country };
    }
  }
  throw new Error('the hub has no customer with a phone number of their own (is it the demo hub with demo data?)');
}

// ---- the rig ----

async function waitForConsole(rig: Rig, extension: string): Promise<void> {
  if ((await rig.contacts(extension)).length > 0) return;
  say(`waiting for the console to register as ${extension} (it retries on its own; after a long time without a PBX up to 30 s)…`);
  const started = Date.now();
  let nudged = false;
  while ((await rig.contacts(extension)).length === 0) {
    if (!nudged && Date.now() - started > 90_000) {
      nudged = true;
      say(`still not registered after 90 s: is \`npm start\` running, and does Settings → Phone say ${extension} on ${rig.sip.wsUrl}? (demo/README.md, troubleshooting)`);
    }
    await sleep(500);
  }
  say(`the console is registered as ${extension}: ${(await rig.contacts(extension)).join(', ')}`);
}

class Demo {
  private hub: Hub | null = null;
  private readonly called = new Set<string>();
  private calling: Promise<void> = Promise.resolve();

  constructor(
    private readonly rig: Rig,
    private readonly options: Options,
  ) {
    this.watchCalls();
  }

  /** Places one call; `report` gets the lines to show (the terminal, or a second run). */
  call(report: (line: string) => void, number: string | null = this.options.number): Promise<void> {
    // One at a time: two calls picked at once could pick the same customer.
    const next = this.calling.then(() => this.placeCall(report, number));
    this.calling = next.catch(() => undefined);
    return next;
  }

  private async placeCall(report: (line: string) => void, number: string | null): Promise<void> {
    let caller: Caller;
    if (number !== null) {
      caller = { name: 'a caller of your choice', phone: number, country: '' };
    } else {
      this.hub ??= await connectHub();
      caller = await pickCaller(this.hub, this.called).catch(async () => {
        // The token expired or the hub restarted: sign in again, once.
        this.hub = await connectHub();
        return pickCaller(this.hub, this.called);
      });
    }
    this.called.add(caller.phone);
    await waitForConsole(this.rig, this.options.to);
    await this.rig.baresip.dialFrom(caller.phone, `sip:${this.options.to}@${this.rig.sip.domain}`);
    report(`calling ${this.options.to} from ${caller.phone}: ${caller.name}${caller.country ? ` (${caller.country})` : ''}`);
    report('answer in the console (the customer screen should already be open while it rings)');
  }

  /** Says what happens to the calls: ringing, answered, ended. */
  private watchCalls(): void {
    const events = this.rig.baresip.events;
    let next = events.length;
    const ringing = new Set<string>();
    setInterval(() => {
      for (; next < events.length; next++) {
        const event: BaresipEvent = events[next]!;
        const peer = (event.raw.accountaor as string | undefined)?.replace(/^sip:|@.*$/g, '') ?? '';
        // A 180 may come twice (retransmitted, or once per provisional answer): say it once per call.
        if (event.type === 'CALL_RINGING' && !ringing.has(event.id ?? '')) {
          ringing.add(event.id ?? '');
          say(`${peer}: ringing at the console`);
        }
        else if (event.type === 'CALL_ESTABLISHED') say(`${peer}: answered (baresip plays a 440 Hz tone as the customer's voice)`);
        else if (event.type === 'CALL_CLOSED') say(`${peer}: call ended (${event.param ?? ''})`);
      }
    }, 200).unref();
  }
}

// ---- a second run: ask the first one ----

/** If a demo is running already, asks it to call and prints its answer; false when none runs. */
async function askRunningDemo(options: Options): Promise<boolean> {
  const socket = await new Promise<net.Socket | null>((resolve) => {
    const s = net.connect(CONTROL_SOCKET);
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(null));
  });
  if (!socket) {
    if (existsSync(CONTROL_SOCKET)) rmSync(CONTROL_SOCKET, { force: true }); // left by a run that was killed
    return false;
  }
  say('the rig is up already (another `npm run demo:call` holds it): asking it to place another call');
  // write, not end: the running demo answers on this connection and closes it when done.
  socket.write(`${JSON.stringify({ number: options.number })}\n`);
  let failed = false;
  for await (const line of readline.createInterface({ input: socket })) {
    if (line.startsWith('ERROR ')) failed = true;
    say(line.replace(/^ERROR /, 'failed: '));
  }
  process.exitCode = failed ? 1 : 0;
  return true;
}

function serveControl(demo: Demo): net.Server {
  const server = net.createServer((socket) => {
    const lines = readline.createInterface({ input: socket });
    lines.once('line', (line) => {
      let number: string | null = null;
      try {
        const asked = JSON.parse(line) as { number?: unknown };
        if (typeof asked.number === 'string' && E164_CALLER_ID.test(asked.number)) number = asked.number;
      } catch {
        // a bare newline: a call from a demo customer
      }
      say('another run asked for a call');
      const report = (text: string) => {
        say(text);
        socket.write(`${text}\n`);
      };
      demo.call(report, number).then(
        () => socket.end(),
        (error: unknown) => socket.end(`ERROR ${(error as Error).message}\n`),
      );
    });
    socket.on('error', () => undefined);
  });
  server.on('error', (error) => say(`cannot take calls from other runs (${error.message})`));
  server.listen(CONTROL_SOCKET);
  return server;
}

// ---- main ----

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (process.platform !== 'linux') {
    throw new Error('demo:call runs on Linux only (Kamailio, rtpengine and baresip from Debian/Ubuntu packages); see demo/README.md');
  }
  if (await askRunningDemo(options)) return;

  const taken = occupied(RIG_SOCKETS);
  if (taken.length > 0) {
    throw new Error(
      `the rig's ports ${taken.map(describeSpec).join(', ')} are in use, but not by \`npm run demo:call\`: ` +
        'a kamailio or rtpengine system service (stop it: `sudo service kamailio stop; sudo service rtpengine-daemon stop`), ' +
        'or a rig started by hand (`npx tsx test/rig/rig.ts`)',
    );
  }
  say('checking the rig packages (kamailio, rtpengine, baresip; installed with apt when missing, needs root or sudo)…');
  ensureRigPackages();
  const rig = await startRig();
  say(`rig up on this machine's loopback: Kamailio ${rig.sip.wsUrl} (domain ${rig.sip.domain}), rtpengine, baresip as the customers' phone`);
  say(`its files and logs: ${rig.dir}`);

  const demo = new Demo(rig, options);
  const server = serveControl(demo);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('stopping the rig…');
    server.close();
    rmSync(CONTROL_SOCKET, { force: true });
    rig.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop).once('SIGTERM', stop).once('SIGHUP', stop);

  await demo.call(say).catch((error: unknown) => say(`failed: ${(error as Error).message}`));
  say('the rig stays up while this runs: Enter calls again (or run `npm run demo:call` in another terminal), Ctrl+C stops it');
  if (process.stdin.isTTY) {
    readline.createInterface({ input: process.stdin }).on('line', () => {
      demo.call(say).catch((error: unknown) => say(`failed: ${(error as Error).message}`));
    });
  }
}

main().catch((error: unknown) => {
  console.error(`[demo:call] ${(error as Error).message}`);
  process.exit(1);
});
