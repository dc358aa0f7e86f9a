// One hub instance of the fan-out benchmark in its own process, on the PostgreSQL the parent
// started: `node --expose-gc --import tsx bench/fanout-hub-process.ts '<json>'` with
// `{ databaseUrl, secret, poolSize }`. Prints `FANOUT_HUB <url>` once it listens. On stdin it
// answers `memory` with `MEMORY <json>` (RSS and heap after a full GC, so the figure per idle
// socket is what the sockets keep, not garbage) and shuts down when stdin closes.
import readline from 'node:readline';
import { buildHub } from '../server/api/app.ts';
import { openPostgres } from '../server/db/database.ts';

process.env.LOKET_LOG ??= 'silent';
const { databaseUrl, secret, poolSize } = JSON.parse(process.argv[2] ?? '{}') as { databaseUrl: string; secret: string; poolSize?: number };
const db = await openPostgres(databaseUrl, poolSize ?? 10);
const hub = await buildHub({ db, ingestKey: 'bench-ingest-key-000000', secret, loginAttemptsPerMinute: 100_000 });
await hub.app.listen({ port: 0, host: '127.0.0.1' });
const address = hub.app.server.address();
process.stdout.write(`FANOUT_HUB http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'memory') return;
  // Twice: the first full GC runs finalizers that free more on the second.
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`MEMORY ${JSON.stringify({ rss, heapUsed, gc: Boolean(gc) })}\n`);
});

let closing = false;
async function shutDown(): Promise<void> {
  if (closing) return;
  closing = true;
  await hub.close().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
}
process.stdin.on('end', () => void shutDown());
process.on('SIGTERM', () => void shutDown());
process.on('SIGINT', () => void shutDown());
