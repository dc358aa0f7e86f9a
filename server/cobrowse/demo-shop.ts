// The demo shop the hub serves at /demo-shop, with the co-browse snippet installed, so a newcomer
// can try co-browse against their own console (`npm start` prints the address). `?lang=` picks
// one of the seven languages; `?customer=<email>` plays the shop's back end of a signed-in
// shopper: it gets a visitor token for them (what a real shop asks with POST
// /cobrowse/visitor-tokens and its ingest key) and puts it on the snippet, so the agent's request
// pops up on this page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUiLanguage, type UiLanguage } from '../../common/locales.ts';
import { cartCookie, customerCookie, parseCart, parseCustomer, productBySku } from './demo-shop/catalogue.ts';
import { cartPage, checkoutPage, productsPage, thanksPage, type PageContext } from './demo-shop/pages.ts';

export interface DemoShopDeps {
  /** The hub's visitor token for a customer by e-mail; null when the hub does not know them. */
  visitorTokenFor(email: string): Promise<string | null>;
}

const SHOP_CSS = readFileSync(path.join(import.meta.dirname, 'demo-shop', 'shop.css'));
/** The shop's only script: its "share my screen" button opens the snippet's code widget. */
const SHOP_JS = `document.getElementById('share-screen')?.addEventListener('click', function () {
  if (window.loketCobrowse) window.loketCobrowse.enterCode();
});
`;

/** A strict CSP like a careful shop's: nothing inline, scripts and styles only from its origin. */
function contentSecurityPolicy(request: FastifyRequest): string {
  const host = request.headers.host ?? '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

type Query = { lang?: string; customer?: string; add?: string; remove?: string };

export async function registerDemoShop(app: FastifyInstance, deps: DemoShopDeps): Promise<void> {
  await app.register(async (shop) => {
    // The checkout posts a form; the demo keeps none of it, so the body is read and dropped.
    shop.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, {}));

    const language = (request: FastifyRequest): UiLanguage => {
      const lang = (request.query as Query).lang ?? '';
      return isUiLanguage(lang) ? lang : 'en';
    };

    const pageContext = async (request: FastifyRequest, reply: FastifyReply): Promise<PageContext> => {
      const asked = (request.query as Query).customer;
      let email = parseCustomer(request.headers.cookie);
      if (asked !== undefined) {
        email = asked.trim() || null;
        void reply.header('set-cookie', customerCookie(email));
      }
      const visitorToken = email ? await deps.visitorTokenFor(email) : null;
      return { language: language(request), hub: `${request.protocol}://${request.headers.host ?? 'localhost'}`, visitorToken, customerEmail: visitorToken ? email : null };
    };

    const sendPage = (request: FastifyRequest, reply: FastifyReply, html: string) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', contentSecurityPolicy(request))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(html);

    for (const url of ['/demo-shop', '/demo-shop/']) {
      shop.get(url, { schema: { hide: true } }, async (request, reply) => sendPage(request, reply, productsPage(await pageContext(request, reply))));
    }

    shop.get('/demo-shop/cart', { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as Query;
      const cart = parseCart(request.headers.cookie);
      if (query.add !== undefined || query.remove !== undefined) {
        if (query.add && productBySku(query.add)) cart.push(query.add);
        const index = Number(query.remove);
        if (Number.isInteger(index) && index >= 0) cart.splice(index, 1);
        // Back to the plain cart address, so a reload does not add the product again.
        return reply.header('set-cookie', cartCookie(cart.slice(0, 50))).redirect(`/demo-shop/cart?lang=${language(request)}`, 303);
      }
      return sendPage(request, reply, cartPage(await pageContext(request, reply), cart));
    });

    shop.get('/demo-shop/checkout', { schema: { hide: true } }, async (request, reply) => sendPage(request, reply, checkoutPage(await pageContext(request, reply))));

    shop.post('/demo-shop/order', { schema: { hide: true } }, async (request, reply) =>
      reply.header('set-cookie', cartCookie([])).redirect(`/demo-shop/thanks?lang=${language(request)}`, 303),
    );

    shop.get('/demo-shop/thanks', { schema: { hide: true } }, async (request, reply) => sendPage(request, reply, thanksPage(await pageContext(request, reply))));

    shop.get('/demo-shop/shop.css', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(SHOP_CSS),
    );
    shop.get('/demo-shop/shop.js', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(SHOP_JS),
    );
  });
}
