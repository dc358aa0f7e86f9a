// The customer snippet as the hub serves it at GET /cobrowse.js: built from cobrowse/ when the
// built file is missing or older than its sources (so a fresh clone and a changed source both
// just work), read once and kept in memory with its ETag until the file changes.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SnippetFile {
  readonly bytes: Buffer;
  /** A strong ETag (quoted sha256 prefix of the bytes). */
  readonly etag: string;
}

/** The repository root: this file is server/cobrowse/snippet-file.ts. */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface SnippetBuilder {
  buildSnippetIfStale(root: string): Promise<boolean>;
  snippetOutput(root: string): string;
}

/** How long a served file is trusted before its sources are looked at again (every shop page asks). */
const RECHECK_MS = 2_000;

let cached: { file: SnippetFile; mtimeMs: number; checkedAt: number; root: string } | null = null;
let pending: Promise<SnippetFile> | null = null;

/** The built snippet, building it first when stale. Concurrent callers share one build. */
export function snippetFile(root: string = ROOT): Promise<SnippetFile> {
  if (cached && cached.root === root && Date.now() - cached.checkedAt < RECHECK_MS) return Promise.resolve(cached.file);
  pending ??= load(root).finally(() => (pending = null));
  return pending;
}

async function load(root: string): Promise<SnippetFile> {
  // The build script is the cobrowse layer's (Node and esbuild); the path is computed so the
  // hub only needs it where the sources are (a checkout), not a static import across layers.
  const builderUrl = pathToFileURL(path.join(root, 'cobrowse', 'build', 'build-snippet.ts')).href;
  const builder = existsSync(path.join(root, 'cobrowse', 'build', 'build-snippet.ts')) ? ((await import(builderUrl)) as SnippetBuilder) : null;
  const output = builder ? builder.snippetOutput(root) : path.join(root, 'dist', 'cobrowse', 'cobrowse.js');
  if (builder) await builder.buildSnippetIfStale(root);
  const { mtimeMs } = await stat(output);
  if (cached && cached.root === root && cached.mtimeMs === mtimeMs) {
    cached.checkedAt = Date.now();
    return cached.file;
  }
  const bytes = await readFile(output);
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  cached = { file: { bytes, etag }, mtimeMs, checkedAt: Date.now(), root };
  return cached.file;
}
