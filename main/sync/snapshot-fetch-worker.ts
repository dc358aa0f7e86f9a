// The first sync's fetcher, on a worker thread (started by snapshot-pages.ts). It asks the hub for
// snapshot page after page and hands each page's bytes, unparsed, to the main thread, keeping up
// to `maxBytes` of pages it has not yet taken. On the main thread the next request could only go
// out once the page before had been written: while SQLite wrote a page or built a table's indexes
// (seconds, synchronously) no request was sent, and the hub idled. Here the next request goes out
// as soon as the page before arrives, so the hub works while the cache writes.
import { parentPort, workerData } from 'node:worker_threads';
import { errorCode } from '../hub/hub-errors.ts';
import { following, pageHead, snapshotPath, type FetcherMessage, type FetcherStart, type MainMessage } from './snapshot-fetch-protocol.ts';

const port = parentPort;
if (!port) throw new Error('snapshot-fetch-worker runs on a worker thread');
const start = workerData as FetcherStart;

let token = start.token;
let unconsumed = 0;
let wake: (() => void) | null = null;
let tokenWaiter: ((token: string) => void) | null = null;

port.on('message', (message: MainMessage) => {
  if (message.type === 'consumed') {
    unconsumed -= message.bytes;
    wake?.();
  } else {
    tokenWaiter?.(message.token);
  }
});

const post = (message: FetcherMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

async function run(): Promise<void> {
  let { table, after } = start;
  let upTo = start.upTo;
  let renewed = false;
  for (;;) {
    while (unconsumed >= start.maxBytes) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    let response: Response;
    try {
      response = await fetch(new URL(snapshotPath(table, after, upTo, start.limit), start.url), {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(start.timeoutMs),
      });
    } catch (error) {
      post({ type: 'unreachable', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    // An expired access token: the main thread holds the session and renews it, once per page.
    if (response.status === 401 && !renewed) {
      await response.body?.cancel();
      renewed = true;
      token = await new Promise<string>((resolve) => {
        tokenWaiter = resolve;
        post({ type: 'unauthorized' });
      });
      tokenWaiter = null;
      continue;
    }
    if (!response.ok) {
      post({ type: 'failed', status: response.status, code: await errorCode(response) });
      return;
    }
    renewed = false;
    const bytes = await response.arrayBuffer();
    const head = pageHead(bytes);
    if (!head) {
      post({ type: 'failed', status: 502, code: 'sync.snapshotMalformed' });
      return;
    }
    unconsumed += bytes.byteLength;
    post({ type: 'page', bytes }, [bytes]);
    upTo ??= head.upTo;
    const next = following(head, start.tables);
    if (next === null) {
      post({ type: 'end' });
      return;
    }
    ({ table, after } = next);
  }
}

post({ type: 'ready' });
void run().catch((error: unknown) => post({ type: 'unreachable', message: error instanceof Error ? error.message : String(error) }));
