import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
/** Two hub instances starting together must not both migrate. */
const MIGRATION_LOCK = 7_201_001;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: await readFile(path.join(dir, file), 'utf8'),
    })),
  );
}

/**
 * Applies the numbered, append-only migrations that are not applied yet, each in its own
 * transaction, in order. Returns the versions it applied.
 */
export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(`create table if not exists schema_migration (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: number[] = [];
  for (const migration of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query('select 1 from schema_migration where version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into schema_migration (version, name) values ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration into statements at semicolons, keeping dollar-quoted bodies (`$$ … $$`,
 * `$fn$ … $fn$`: function and trigger bodies) whole. Whole-line `--` comments are dropped first.
 */
export function splitStatements(sql: string): string[] {
  const text = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  let start = 0;
  let at = 0;
  while (at < text.length) {
    const ch = text[at];
    if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(at))?.[0];
      if (tag) {
        const end = text.indexOf(tag, at + tag.length);
        at = end < 0 ? text.length : end + tag.length;
        continue;
      }
    }
    if (ch === ';') {
      statements.push(text.slice(start, at));
      start = at + 1;
    }
    at++;
  }
  statements.push(text.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0);
}
