// Runs the population generator on a worker thread while this thread writes to the database.
// PGlite runs PostgreSQL on the calling thread, so without this the generator and the
// database take turns on one core; on two cores they overlap and the benchmark seed takes
// about a third less time. Falls back to this thread when no worker can be started.
import { Worker } from 'node:worker_threads';
import { type Database } from '../db/database.ts';
import { Population, type PopulationOptions, type PopulationResult } from './population.ts';
import { type Staff } from './staff.ts';

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'tx'; readonly statements: Statement[] }
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly table: string }
  | { readonly type: 'done'; readonly result: PopulationResult }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };

export interface WorkerInput {
  readonly staff: Staff;
  readonly options: Omit<PopulationOptions, 'onProgress'>;
}

/** From the parent: `start` once it listens, `ack` for each transaction written. */
export type ParentMessage = { readonly type: 'start' } | { readonly type: 'ack' };

/** How many transactions the worker may have prepared ahead of the database (memory bound). */
export const MAX_IN_FLIGHT = 2;

export async function populate(db: Database, staff: Staff, options: PopulationOptions, how: { worker: boolean } = { worker: true }): Promise<PopulationResult> {
  const { onProgress, ...cloneable } = options;
  const worker = how.worker ? await startWorker({ staff, options: cloneable }) : null;
  if (!worker) return new Population(staff, options).run(db);

  return new Promise<PopulationResult>((resolve, reject) => {
    const queue: WorkerMessage[] = [];
    let busy = false;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    // Messages are handled strictly in order: a progress report follows the write it reports.
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (let message = queue.shift(); message && !settled; message = queue.shift()) {
          if (message.type === 'tx') {
            const { statements } = message;
            await db.transaction(async (tx) => {
              for (const statement of statements) await tx.query(statement.sql, statement.params);
            });
            worker.postMessage({ type: 'ack' } satisfies ParentMessage);
          } else if (message.type === 'progress') {
            onProgress?.(message.done, message.total, message.table);
          } else if (message.type === 'done') {
            settled = true;
            await worker.terminate();
            resolve(message.result);
          } else if (message.type === 'error') {
            fail(Object.assign(new Error(message.message), { stack: message.stack }));
          }
        }
      } catch (error) {
        fail(error);
      } finally {
        busy = false;
      }
    };
    worker.on('message', (message: WorkerMessage) => {
      queue.push(message);
      void pump();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!settled) fail(new Error(`seed worker exited with code ${code}`));
    });
    // Only now, with every listener in place, may it begin.
    worker.postMessage({ type: 'start' } satisfies ParentMessage);
  });
}

/**
 * A worker that runs population-worker.ts. The hub and the scripts run TypeScript through tsx,
 * whose loader does not reach worker threads by itself, so the worker registers it first.
 * Resolves to null (generate on this thread) when that is not possible, e.g. under a test
 * runner with its own loader.
 */
async function startWorker(input: WorkerInput): Promise<Worker | null> {
  let loader: string;
  try {
    loader = import.meta.resolve('tsx/esm/api');
  } catch {
    return null;
  }
  const entry = new URL('./population-worker.ts', import.meta.url).href;
  if (!entry.startsWith('file:')) return null;
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  return new Promise((resolve) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== 'ready') return;
      cleanup();
      resolve(worker);
    };
    const onFailure = () => {
      cleanup();
      void worker.terminate();
      resolve(null);
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
    };
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
  });
}
