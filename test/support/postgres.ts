// A real PostgreSQL server for the hub's tests: Debian's `postgresql` package (installed from apt
// when missing), run as a throwaway cluster in a temp folder on a free port. Nothing touches the
// machine's own clusters or port 5432.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { aptInstall } from './apt.ts';

const PG_LIB = '/usr/lib/postgresql';
const READY_TIMEOUT_MS = 30_000;
/** The superuser of the throwaway cluster (trust auth, so no password). */
export const POSTGRES_SUPERUSER = 'loket';
/**
 * The hub-postgres global setup migrates this database once; each test database is a copy of it
 * (CREATE DATABASE ... TEMPLATE), which is much faster than migrating every time.
 */
export const TEMPLATE_DATABASE = 'loket_template';

/** The newest installed server's bin folder (they are versioned and not on PATH), or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(PG_LIB)) return null;
  const versions = readdirSync(PG_LIB)
    .filter((entry) => existsSync(path.join(PG_LIB, entry, 'bin', 'postgres')))
    // Numeric, so 9.6 < 15 < 16 (a string sort would pick 9.6).
    .sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b));
  const newest = versions.at(-1);
  return newest === undefined ? null : path.join(PG_LIB, newest, 'bin');
}

/** Debian's PostgreSQL server: installed from apt when missing (the test setup and .ci/run both do this). */
export function ensurePostgresInstalled(): string {
  const existing = findPostgresBin();
  if (existing) return existing;
  console.log(`[postgres] no ${PG_LIB}/*/bin/postgres: installing Debian's postgresql package`);
  aptInstall(['postgresql']);
  const installed = findPostgresBin();
  if (!installed) throw new Error(`postgresql was installed but there is no ${PG_LIB}/*/bin/postgres`);
  return installed;
}

/**
 * Postgres refuses to run as root: then the cluster belongs to the `postgres` system user that
 * the Debian package creates. As anyone else it simply runs as that user.
 */
function serverIdentity(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, but there is no `postgres` user to run the server as (is the postgresql package installed?)');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PostgresServer {
  /** Superuser URL of the `postgres` maintenance database. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A throwaway cluster: durability buys nothing, and skipping it makes tests much faster. */
const FAST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } as const;

export interface StartOptions {
  /**
   * Put the fast settings in the cluster's own config (postgresql.auto.conf) instead of on the
   * command line, which would outrank `ALTER SYSTEM`: a benchmark seeds fast, then switches to
   * production durability before it measures (bench/checks.ts `makeDurable`).
   */
  readonly durabilitySwitchable?: boolean;
}

/** Starts a fresh cluster in a new temp folder; `stop()` shuts it down and removes the folder. */
export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`no PostgreSQL server in ${PG_LIB}/*/bin: call ensurePostgresInstalled() first`);
  const identity = serverIdentity();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loket-pg-'));
  // mkdtemp makes a 0700 folder owned by us: the server user must own it to write there.
  if (identity) await chown(dir, identity.uid, identity.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  // The child's cwd must be readable by the server user (the repo may not be).
  const spawnOptions = { cwd: dir, ...(identity ?? {}), env: { ...process.env, LC_ALL: 'C' } };

  try {
    execFileSync(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', POSTGRES_SUPERUSER, '-E', 'UTF8', '--locale=C', '--auth=trust', '--no-sync', '--no-instructions'],
      { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || String(error)}`, { cause: error });
  }

  if (options.durabilitySwitchable) {
    const lines = Object.entries(FAST_SETTINGS).map(([name, value]) => `${name} = '${value}'\n`).join('');
    await appendFile(path.join(dataDir, 'postgresql.auto.conf'), lines);
  }

  // The free port can be taken between probing and binding: then try another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const log = await open(logFile, 'a');
    if (identity) await chown(logFile, identity.uid, identity.gid);
    const child = spawn(
      path.join(bin, 'postgres'),
      [
        '-D', dataDir,
        '-p', String(port),
        '-k', dir,
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'max_connections=300',
        ...(options.durabilitySwitchable ? [] : Object.entries(FAST_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])),
      ],
      { ...spawnOptions, stdio: ['ignore', log.fd, log.fd] },
    );
    await log.close();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // If the test process dies without its teardown, do not leave the server running.
    const killOnExit = () => {
      child.kill('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', killOnExit);
    const url = `postgresql://${POSTGRES_SUPERUSER}@127.0.0.1:${port}/postgres`;

    const outcome = await waitUntilReady(url, exited);
    if (outcome === 'ready') {
      return { url, port, stop: () => stopServer(child, exited, dir, killOnExit) };
    }
    process.off('exit', killOnExit);
    const serverLog = await readFile(logFile, 'utf8').catch(() => '');
    if (outcome === 'exited' && attempt < 3 && /could not bind|address already in use/i.test(serverLog)) continue;
    child.kill('SIGQUIT');
    await exited;
    await rm(dir, { recursive: true, force: true });
    const why = outcome === 'exited' ? 'exited during startup' : `did not accept connections within ${READY_TIMEOUT_MS / 1000} s`;
    throw new Error(`PostgreSQL (${bin}) ${why}. Server log:\n${serverLog}`);
  }
}

async function waitUntilReady(url: string, exited: Promise<number | null>): Promise<'ready' | 'exited' | 'timeout'> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (hasExited) return 'exited';
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return 'ready';
    } catch {
      // Not up yet ("the database system is starting up" or connection refused).
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return hasExited ? 'exited' : 'timeout';
}

async function stopServer(child: ChildProcess, exited: Promise<number | null>, dir: string, killOnExit: () => void): Promise<void> {
  process.off('exit', killOnExit);
  if (child.exitCode === null && child.signalCode === null) {
    // SIGINT is the "fast" shutdown (pg_ctl stop -m fast): disconnect clients, then exit.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true });
}

/** Creates database `name` as a copy of `template` (fast: a file copy, no migrations); returns its URL. */
export async function createDatabaseFromTemplate(adminUrl: string, name: string, template: string): Promise<string> {
  await withAdminClient(adminUrl, (client) =>
    client.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`),
  );
  return databaseUrl(adminUrl, name);
}

/** Drops a database even while connections (a forgotten pool, a LISTEN client) are still open. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (client) => client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
}

/** The same server and user as `url`, another database. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
