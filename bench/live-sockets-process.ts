// A child process holding many authenticated sockets on the hub's live events (/events), so a
// benchmark measures a loaded hub without those sockets' reading sharing the measuring process's
// event loop. Reads JSON from argv[2]:
//   { url, tokens, count, since?, record?, consoles? }
// Socket i signs in with tokens[i % tokens.length] and starts at `since` (default 0: the whole
// change log). Prints `ready <n>` once all are open (opened 100 at a time). Lines on stdin:
//   `arrivals <marker>` (with `record: true`, which keeps each frame's text): `arrivals <json>` — for each socket, when (epoch ms, performance.timeOrigin
//       + performance.now(), comparable across processes on one machine) the first frame containing
//       <marker> arrived, and how many sockets got it never or more than once; frames so far are then
//       dropped (a round starts clean);
//   `stats`: `stats <json>` — the console load's figures (below), then reset;
//   `settled`: `settled` once no console has a delta sync pending or in flight;
//   anything else: `received <n>` (frames so far; what the escalation benchmark asks).
// `consoles: { readEveryMs, phones }` makes each socket a console as main/sync/syncer.ts is one:
// a frame's rows taken when they start at or before its cursor, else a delta sync
// (`GET /sync?since=<cursor>`) 50 ms after a burst of events, and a phone lookup
// every `readEveryMs` (each console at its own phase), with the latency of both recorded.
import readline from 'node:readline';
import WebSocket from 'ws';

interface Config {
  url: string;
  tokens: string[];
  count: number;
  since?: number;
  record?: boolean;
  consoles?: { readEveryMs: number; phones: string[] };
}
const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = () => performance.timeOrigin + performance.now();
const OPEN_BATCH = 100;
const SYNC_COALESCE_MS = 50;

interface Held {
  socket: WebSocket;
  token: string;
  cursor: number;
  /** Frames since the last `arrivals`: arrival time and text. */
  frames: Array<{ at: number; text: string }>;
  coalesce: ReturnType<typeof setTimeout> | null;
  /** A delta sync is in flight (its page would land after a frame's rows). */
  inFlight: boolean;
  /** Frames with rows that came meanwhile: taken after it, as main/sync/syncer.ts does. */
  held: Array<{ from: number; to: number }>;
}
const held: Held[] = [];
let received = 0;
const syncMs: number[] = [];
const readMs: number[] = [];
let failures = 0;
/** Frames whose rows a console took instead of a delta sync (server/events/deltas.ts). */
let deltas = 0;
/** Delta syncs scheduled or in flight (`settled` waits for none). */
let syncing = 0;

const target = new URL('/events', config.url);
target.protocol = 'ws:';
if (config.since !== undefined) target.searchParams.set('since', String(config.since));

async function timedGet(token: string, path: string, into: number[]): Promise<unknown> {
  const started = now();
  try {
    const response = await fetch(config.url + path, { headers: { authorization: `Bearer ${token}` } });
    const body: unknown = await response.json();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    into.push(now() - started);
    return body;
  } catch (error) {
    failures++;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}

function deltaSync(entry: Held): void {
  entry.coalesce = null;
  entry.inFlight = true;
  void timedGet(entry.token, `/sync?since=${entry.cursor}&limit=5000`, syncMs).then((page) => {
    const next = (page as { next?: number } | null)?.next;
    if (typeof next === 'number') entry.cursor = Math.max(entry.cursor, next);
    entry.inFlight = false;
    syncing--;
    const held = entry.held.splice(0);
    if (held.some((delta) => !takeDelta(entry, delta)) && !entry.coalesce) {
      syncing++;
      entry.coalesce = setTimeout(() => deltaSync(entry), SYNC_COALESCE_MS);
    }
  });
}

function takeDelta(entry: Held, delta: { from: number; to: number }): boolean {
  if (entry.cursor < delta.from) return false;
  entry.cursor = Math.max(entry.cursor, delta.to);
  deltas++;
  return true;
}

/** As main/sync/syncer.ts: a frame whose rows start at or before the cursor moves it without a sync. */
function tookDelta(entry: Held, text: string): boolean {
  const delta = (JSON.parse(text) as { delta?: { from: number; to: number } }).delta;
  if (!delta) return false;
  if (entry.inFlight) {
    entry.held.push(delta);
    return true;
  }
  return takeDelta(entry, delta);
}

async function settled(): Promise<void> {
  while (syncing > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

function open(index: number): Promise<void> {
  const token = config.tokens[index % config.tokens.length] ?? '';
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(target, { headers: { authorization: `Bearer ${token}` } });
    const entry: Held = { socket, token, cursor: config.since ?? 0, frames: [], coalesce: null, inFlight: false, held: [] };
    socket.on('message', (data: WebSocket.RawData) => {
      const at = now();
      received++;
      if (config.record) entry.frames.push({ at, text: String(data) });
      if (config.consoles && !tookDelta(entry, String(data)) && !entry.coalesce) {
        syncing++;
        entry.coalesce = setTimeout(() => deltaSync(entry), SYNC_COALESCE_MS);
      }
    });
    socket.once('open', () => resolve());
    socket.once('error', (error) => {
      process.stderr.write(`socket ${index}: ${error.message}\n`);
      reject(error);
    });
    held.push(entry);
  });
}

function startReads(): void {
  const load = config.consoles;
  if (!load || load.phones.length === 0) return;
  held.forEach((entry, index) => {
    const read = () => {
      const phone = load.phones[index % load.phones.length] ?? '';
      void timedGet(entry.token, `/customers/lookup?phone=${encodeURIComponent(phone)}`, readMs);
    };
    // Spread over the period, so the hub sees a steady rate rather than one wave.
    setTimeout(() => {
      read();
      setInterval(read, load.readEveryMs).unref();
    }, (index / held.length) * load.readEveryMs).unref();
  });
}

/** Waits (up to 30 s) until every socket has a frame containing `marker`, then reports. */
async function arrivals(marker: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !held.every((entry) => entry.frames.some((frame) => frame.text.includes(marker)))) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const times: number[] = [];
  let missing = 0;
  let repeated = 0;
  for (const entry of held) {
    const hits = entry.frames.filter((frame) => frame.text.includes(marker));
    if (hits.length === 0) missing++;
    else times.push(hits[0]?.at ?? 0);
    if (hits.length > 1) repeated++;
    entry.frames = [];
  }
  return JSON.stringify({ times, missing, repeated });
}

for (let index = 0; index < config.count; index += OPEN_BATCH) {
  await Promise.all(Array.from({ length: Math.min(OPEN_BATCH, config.count - index) }, (_, offset) => open(index + offset)));
}
process.stdout.write(`ready ${held.length}\n`);
startReads();

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.startsWith('arrivals ')) void arrivals(line.slice('arrivals '.length)).then((json) => process.stdout.write(`arrivals ${json}\n`));
  else if (line === 'stats') {
    process.stdout.write(`stats ${JSON.stringify({ syncMs, readMs, failures, deltas })}\n`);
    deltas = 0;
    syncMs.length = 0;
    readMs.length = 0;
    failures = 0;
  } else if (line === 'settled') void settled().then(() => process.stdout.write('settled\n'));
  else process.stdout.write(`received ${received}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => {
  for (const entry of held) entry.socket.terminate();
  process.exit(0);
});
