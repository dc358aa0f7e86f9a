// The worker side of offload.ts: generates the population and sends each transaction's
// statements to the parent, which runs them on the real database. Never imported directly.
import { parentPort, workerData } from 'node:worker_threads';
import { type Queryable } from '../db/database.ts';
import { type Transactional } from './insert.ts';
import { MAX_IN_FLIGHT, type ParentMessage, type Statement, type WorkerInput, type WorkerMessage } from './offload.ts';
import { Population } from './population.ts';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('population-worker.ts runs as a worker thread');
  const send = (message: WorkerMessage) => port.postMessage(message);

  let inFlight = 0;
  let wake: (() => void) | null = null;
  let start: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (start = resolve));
  port.on('message', (message: ParentMessage) => {
    if (message.type === 'start') start();
    if (message.type !== 'ack') return;
    inFlight--;
    wake?.();
    wake = null;
  });

  const remote: Transactional = {
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const statements: Statement[] = [];
      const result = await work({
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          statements.push({ sql, params: [...params] });
          return [] as R[];
        },
      });
      // Hand the binary batches over instead of copying them.
      const buffers = statements.flatMap((statement) => statement.params.filter((p): p is Uint8Array => p instanceof Uint8Array).map((p) => p.buffer as ArrayBuffer));
      port.postMessage({ type: 'tx', statements } satisfies WorkerMessage, buffers);
      inFlight++;
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      return result;
    },
  };

  const { staff, options } = workerData as WorkerInput;
  send({ type: 'ready' });
  await started;
  try {
    const result = await new Population(staff, { ...options, onProgress: (done, total, table) => send({ type: 'progress', done, total, table }) }).run(remote);
    send({ type: 'done', result });
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
  }
}

void main();
