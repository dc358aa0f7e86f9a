import type { FastifyInstance } from 'fastify';
import { registerDemoShop } from './demo-shop.ts';
import { COBROWSE_SOCKET_PREFIX, type CobrowseService } from './service.ts';
import { snippetFile } from './snippet-file.ts';

// The co-browse parts of the hub's HTTP surface that are not API routes: the snippet file, the
// cross-origin answers the snippet needs on a shop's origin, the compression offer per socket
// path, and the demo shop.

/** How long browsers and CDNs may keep the snippet before asking again (ETag/304 then). */
const SNIPPET_MAX_AGE_SECONDS = 300;

/**
 * `@fastify/websocket` has one ws server for every socket path: it offers permessage-deflate, and
 * this hook hides the client's offer on every path but the co-browse sockets, so they alone
 * negotiate it.
 */
export function offerDeflateOnlyForCobrowse(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.headers['sec-websocket-extensions'] === undefined) return;
    if (!request.url.startsWith(COBROWSE_SOCKET_PREFIX)) delete request.raw.headers['sec-websocket-extensions'];
  });
}

export async function registerCobrowseHttp(app: FastifyInstance, cobrowse: CobrowseService): Promise<void> {
  app.get('/cobrowse.js', { schema: { hide: true } }, async (request, reply) => {
    const file = await snippetFile();
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', `public, max-age=${SNIPPET_MAX_AGE_SECONDS}`)
      .header('etag', file.etag)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    const held = request.headers['if-none-match'];
    if (typeof held === 'string' && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return reply.status(304).send();
    return reply.status(200).send(file.bytes);
  });

  // The snippet joins from the shop's origin with a JSON body (a preflighted request); it sends no
  // cookies or credentials, so any origin may.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url === '/cobrowse/join') void reply.header('access-control-allow-origin', '*');
    return payload;
  });
  app.options('/cobrowse/join', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .status(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .send(),
  );

  // The demo shop plays the shop's back end too: it asks for visitor tokens by e-mail.
  await registerDemoShop(app, { visitorTokenFor: (email) => cobrowse.visitorTokenFor(email) });
}
