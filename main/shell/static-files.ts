import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Hashed build assets never change; index.html always must be fetched fresh. */
  readonly immutable: boolean;
}

/**
 * Resolves a URL path to a file of the built renderer. Paths outside the folder (`..`, encoded
 * or not) resolve to nothing; unknown paths that look like app routes get index.html.
 */
export async function loadStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const ext = path.extname(file);
  try {
    const body = await readFile(file);
    return {
      body,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      immutable: relative.startsWith('assets/'),
    };
  } catch {
    if (ext !== '') return undefined;
    const body = await readFile(path.join(root, 'index.html'));
    return { body, contentType: CONTENT_TYPES['.html'] ?? 'text/html', immutable: false };
  }
}
