import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers a public, cacheable route (the web shop's widget asks it on every page view): shared
 * caches and browsers keep it `maxAgeSeconds`, any origin may read it, and a client that sends
 * the ETag it holds gets a 304 without the body while nothing changed.
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, body: unknown, maxAgeSeconds: number): FastifyReply {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  void reply.header('cache-control', `public, max-age=${maxAgeSeconds}`).header('etag', etag).header('access-control-allow-origin', '*').header('vary', 'Origin');
  const held = request.headers['if-none-match'];
  if (typeof held === 'string' && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
  return reply.status(200).send(body);
}
