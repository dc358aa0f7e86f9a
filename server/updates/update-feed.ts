import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseByteRange, updateFileName } from './byte-range.ts';

/**
 * `GET /updates/:file`: the desktop app's update feed (electron-updater's `generic` provider) and
 * the installers overflow agents download. Serves the files `npm run dist` wrote to `release/`,
 * copied into `LOKET_UPDATES_DIR`. Public, because an agent downloads the installer before they
 * have an account, and release files hold nothing secret (they are signed, and electron-updater
 * checks their sha512 from `latest*.yml`).
 *
 * - only plain file names (no folders, no dot files, no `..`), and only regular files that really
 *   lie in the folder (a symlink out of it is refused);
 * - one byte range (`Range: bytes=…`) answered 206: resumed downloads and electron-updater's
 *   differential download (the app's feed sets `useMultipleRangeRequest: false`, so it never asks
 *   several ranges in one request);
 * - a strong ETag from size and modification time, 304 for `If-None-Match`, `If-Range` honoured;
 * - `latest*.yml` is `no-cache` (it names the current version: a cached copy hides a release),
 *   the versioned installers may be cached for a day.
 */
export function registerUpdateFeed(app: FastifyInstance, updatesDir: string | undefined): void {
  app.get('/updates/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!updatesDir) return reply.status(404).send({ code: 'updates.off', params: {} });
    const name = updateFileName(file);
    if (!name) return reply.status(404).send({ code: 'updates.notFound', params: {} });
    const found = await regularFileInside(updatesDir, name);
    if (!found) return reply.status(404).send({ code: 'updates.notFound', params: {} });
    return sendFile(request, reply, name, found);
  });
}

interface FoundFile {
  readonly path: string;
  readonly size: number;
  readonly modified: Date;
}

async function regularFileInside(dir: string, name: string): Promise<FoundFile | null> {
  try {
    const root = await realpath(dir);
    const candidate = path.join(root, name);
    const info = await lstat(candidate);
    if (!info.isFile()) return null; // folders, symlinks, devices
    if (path.dirname(await realpath(candidate)) !== root) return null;
    return { path: candidate, size: info.size, modified: info.mtime };
  } catch {
    return null;
  }
}

function sendFile(request: FastifyRequest, reply: FastifyReply, name: string, file: FoundFile): FastifyReply {
  const etag = `"${file.size.toString(16)}-${Math.floor(file.modified.getTime()).toString(16)}"`;
  const isChannelFile = /^latest.*\.yml$/.test(name);
  void reply
    .header('etag', etag)
    .header('last-modified', file.modified.toUTCString())
    .header('accept-ranges', 'bytes')
    .header('cache-control', isChannelFile ? 'no-cache' : 'public, max-age=86400')
    .header('x-content-type-options', 'nosniff')
    .header('content-type', name.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream');

  const held = request.headers['if-none-match'];
  if (typeof held === 'string' && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();

  const rangeHeader = request.headers.range;
  const ifRange = request.headers['if-range'];
  // A range of an older copy of the file would splice two versions together: send it whole.
  const rangeApplies = typeof rangeHeader === 'string' && (ifRange === undefined || ifRange === etag);
  if (rangeApplies) {
    const range = parseByteRange(rangeHeader, file.size);
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${file.size}`).send();
    if (range) {
      void reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(createReadStream(file.path, { start: range.start, end: range.end }));
    }
  }
  void reply.status(200).header('content-length', file.size);
  return reply.send(file.size === 0 ? '' : createReadStream(file.path));
}
