import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HubRequestError, HubUnreachableError, type HubSession } from '../hub/hub-session.ts';
import { createLogger } from '../log.ts';
import { following, snapshotPath, type FetcherMessage, type FetcherStart, type MainMessage } from './snapshot-fetch-protocol.ts';
import { pageOfJson, snapshotPageOf, type SnapshotPage } from './snapshot-rows.ts';

const log = createLogger('sync');

/** Where a load starts (or resumes) and in which table order. */
export interface PagesStart {
  readonly tables: readonly string[];
  readonly table: string;
  readonly after: string;
  readonly upTo: number | null;
  readonly limit: number;
}

/** A snapshot's pages in order, fetched ahead of the caller. */
export interface SnapshotPages {
  /** Where the pages are fetched: on a worker thread, or on this one (no worker could start). */
  readonly via: 'worker' | 'thread';
  /** The next page; null after the last table's last page. Throws the hub's errors as `HubSession.request` does. */
  next(): Promise<SnapshotPage | null>;
  close(): void;
}

const TIMEOUT_MS = 120_000;
/**
 * Pages fetched but not yet taken (~3 MB each at 10,000 rows). Measured on a 2-core machine over
 * a 3.4M-row first sync: 32 MB was as fast as 96 MB (67–69 s against 66–68 s) with a peak RSS
 * 100 MB lower (546–564 against 614–684 MB).
 */
const AHEAD_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The pages of a snapshot from `start` on, fetched on a worker thread (snapshot-fetch-worker.ts)
 * while this thread writes, or — where no worker can start — here, one page ahead.
 */
export async function openSnapshotPages(session: HubSession, start: PagesStart): Promise<SnapshotPages> {
  const bearer = await session.bearer();
  const worker = bearer && fetcherWorker({ ...start, ...bearer, maxBytes: AHEAD_MAX_BYTES, timeoutMs: TIMEOUT_MS });
  if (worker) {
    const pages = new WorkerPages(session, worker, bearer.token);
    if (await pages.started) return pages;
    pages.close();
  }
  return new ThreadPages(session, start);
}

class WorkerPages implements SnapshotPages {
  readonly via = 'worker';
  readonly #session: HubSession;
  readonly #worker: Worker;
  #token: string;
  readonly #queue: FetcherMessage[] = [];
  #wake: (() => void) | null = null;
  #closed = false;
  /** True once the worker runs; false when it failed to load (then nothing was fetched). */
  readonly started: Promise<boolean>;

  constructor(session: HubSession, worker: Worker, token: string) {
    this.#session = session;
    this.#worker = worker;
    this.#token = token;
    let started: (ok: boolean) => void = () => undefined;
    this.started = new Promise((resolve) => (started = resolve));
    worker.on('message', (message: FetcherMessage) => {
      if (message.type === 'ready') started(true);
      else this.#push(message);
    });
    worker.on('error', (error) => {
      log.warn(`snapshot fetcher failed: ${error.message}`);
      started(false);
      this.#push({ type: 'unreachable', message: error.message });
    });
    worker.on('exit', () => {
      started(false);
      this.#push({ type: 'unreachable', message: 'snapshot fetcher stopped' });
    });
  }

  async next(): Promise<SnapshotPage | null> {
    for (;;) {
      const message = this.#queue.shift() ?? (await this.#take());
      switch (message.type) {
        case 'page':
          this.#post({ type: 'consumed', bytes: message.bytes.byteLength });
          return snapshotPageOf(Buffer.from(message.bytes));
        case 'unauthorized': {
          const renewed = await this.#session.bearer(this.#token);
          if (!renewed) throw new HubUnreachableError('no access token');
          this.#token = renewed.token;
          this.#post({ type: 'token', token: renewed.token });
          continue;
        }
        case 'failed':
          throw new HubRequestError(message.status, message.code);
        case 'unreachable':
          throw new HubUnreachableError(message.message);
        case 'end':
          return null;
      }
    }
  }

  close(): void {
    this.#closed = true;
    void this.#worker.terminate();
  }

  #post(message: MainMessage): void {
    if (!this.#closed) this.#worker.postMessage(message);
  }

  #push(message: FetcherMessage): void {
    if (this.#closed) return;
    this.#queue.push(message);
    this.#wake?.();
  }

  #take(): Promise<FetcherMessage> {
    return new Promise<void>((resolve) => (this.#wake = resolve)).then(() => {
      this.#wake = null;
      return this.#queue.shift() ?? this.#take();
    });
  }
}

/** Fetches on this thread: the next page is asked for when this one is taken. */
class ThreadPages implements SnapshotPages {
  readonly via = 'thread';
  readonly #session: HubSession;
  readonly #start: PagesStart;
  #pending: Promise<SnapshotPage> | null;

  constructor(session: HubSession, start: PagesStart) {
    this.#session = session;
    this.#start = start;
    this.#pending = this.#fetch(start.table, start.after, start.upTo);
  }

  async next(): Promise<SnapshotPage | null> {
    if (!this.#pending) return null;
    const page = await this.#pending;
    const next = following(page, this.#start.tables);
    this.#pending = next && this.#fetch(next.table, next.after, page.upTo);
    return page;
  }

  close(): void {
    this.#pending = null;
  }

  #fetch(table: string, after: string, upTo: number | null): Promise<SnapshotPage> {
    const page = this.#session.request('GET', snapshotPath(table, after, upTo, this.#start.limit), undefined, TIMEOUT_MS).then(pageOfJson);
    page.catch(() => undefined); // awaited by next(), unless the load stops first
    return page;
  }
}

/**
 * A worker running snapshot-fetch-worker: the built one beside this bundle, or the source through
 * tsx (development, tests). Null when neither is at hand: the pages are then fetched here.
 */
function fetcherWorker(start: FetcherStart): Worker | null {
  try {
    return newFetcher(start);
  } catch (error) {
    log.warn(`snapshot fetcher not started: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function newFetcher(start: FetcherStart): Worker {
  const built = new URL('./snapshot-fetch-worker.mjs', import.meta.url);
  if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return new Worker(built, { workerData: start });
  const source = new URL('./snapshot-fetch-worker.ts', import.meta.url);
  if (source.protocol !== 'file:' || !existsSync(fileURLToPath(source))) throw new Error('no fetcher beside this module');
  // tsx's loader does not reach worker threads by itself: the worker registers it first.
  const loader = tsxLoader();
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: start });
}

/** tsx's ESM register API (its `import` entry: the CommonJS one cannot register from an eval'd worker). */
function tsxLoader(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  // Test runners with their own module loader have no import.meta.resolve: the entry beside the CommonJS one.
  const esm = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  if (!existsSync(esm)) throw new Error('tsx has no ESM register API');
  return pathToFileURL(esm).href;
}
