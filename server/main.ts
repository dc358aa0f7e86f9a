// `npm run hub`: the team's hub on the embedded PGlite database (or PostgreSQL with
// LOKET_DATABASE_URL), seeded with demo data when empty.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildHub } from './api/app.ts';
import { configuredSipKey } from './api/sip-secrets.ts';
import { startDueCallbackTimer } from './callbacks-due.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { hubDataDir } from './paths.ts';

async function main(): Promise<void> {
  const url = process.env.LOKET_DATABASE_URL;
  const dataDir = hubDataDir();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const started = performance.now();
  const db = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, 'pglite') });
  const applied = await migrate(db);
  if (applied.length) console.error(`[hub] applied migrations ${applied.join(', ')}`);
  // LOKET_SIP_KEY, else made at first start in the data folder like the ingest key. Never printed.
  const sipKey = await configuredSipKey(process.env, dataDir);

  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int8 as n from customer');
  if (n === 0 && process.env.LOKET_SEED !== 'none') {
    console.error('[hub] empty database: seeding demo data…');
    const { seedDemo } = await import('./seed/demo.ts');
    await seedDemo(db, { sipKey });
  }

  const ingestKey = process.env.LOKET_INGEST_KEY ?? (await localIngestKey(dataDir));
  // Reads' audit lines wait in the data folder until stored; a restart after a crash stores the rest.
  const auditJournalDir = process.env.LOKET_AUDIT_JOURNAL_DIR ?? path.join(dataDir, 'audit-journal');
  const hub = await buildHub({ db, ingestKey, sipKey, auditJournalDir, ...(process.env.LOKET_HUB_SECRET ? { secret: process.env.LOKET_HUB_SECRET } : {}) });
  const stopTimer = startDueCallbackTimer(hub.context);
  const port = Number(process.env.LOKET_HUB_PORT ?? 8740);
  const host = process.env.LOKET_HUB_HOST ?? '127.0.0.1';
  await hub.app.listen({ port, host });
  const address = hub.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`Loket hub is running at http://${host}:${actualPort} (${db.kind}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);

  const stop = () => {
    stopTimer();
    void hub
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The embedded hub keeps its ingest key next to its data (0600), made at first start. */
async function localIngestKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'ingest-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(24).toString('base64url');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

main().catch((error: unknown) => {
  console.error('[hub] could not start', error);
  process.exit(1);
});
