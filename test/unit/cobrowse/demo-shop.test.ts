import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../../common/locales.ts';
import { registerDemoShop } from '../../../server/cobrowse/demo-shop.ts';

// The demo shop as the hub serves it (registerDemoShop on a bare Fastify): its pages in every
// language with the snippet installed under a strict CSP, the cart, the checkout's fields, the
// order that keeps nothing, and the identified shopper's token only for a customer the hub knows.

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await registerDemoShop(app, { visitorTokenFor: async (email) => (email === 'jan@example.com' ? 'token-for-jan' : null) });
  await app.ready();
});

afterAll(() => app.close());

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('the demo shop', () => {
  it('serves every page in each of the seven languages with the snippet and a strict CSP', async () => {
    for (const lang of UI_LANGUAGES) {
      for (const page of ['/demo-shop/', '/demo-shop/cart', '/demo-shop/checkout', '/demo-shop/thanks']) {
        const response = await get(`${page}?lang=${lang}`);
        expect(response.statusCode).toBe(200);
        expect(response.body).toContain(`<html lang="${lang}">`);
        expect(response.body).toContain('<script src="/cobrowse.js" data-hub="http://localhost:80"');
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("style-src 'self'");
        expect(csp).not.toContain('unsafe-inline');
        // Links keep the language.
        expect(response.body).toContain(`href="/demo-shop/cart?lang=${lang}"`);
      }
    }
    expect((await get('/demo-shop/?lang=xx')).body).toContain('<html lang="en">');
  });

  it('has the checkout fields co-browse must keep private, and one the shop unmasks', async () => {
    const body = (await get('/demo-shop/checkout?lang=de')).body;
    expect(body).toContain('id="card-number" name="cardnumber" autocomplete="cc-number"');
    expect(body).toContain('id="card-cvc" name="cvc" autocomplete="cc-csc"');
    expect(body).toContain('id="iban" name="iban"');
    expect(body).toContain('id="password" name="password" type="password"');
    expect(body).toMatch(/<div class="field" data-loket-private>.*id="note"/);
    expect(body).toMatch(/<div class="field" data-loket-visible>.*id="voucher"/);
    expect(body).toContain('Kartennummer');
  });

  it('adds to and removes from the cart, and an order clears it and keeps nothing', async () => {
    const added = await get('/demo-shop/cart?lang=nl&add=tea');
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/demo-shop/cart?lang=nl');
    const cookie = String(added.headers['set-cookie']).split(';')[0] ?? '';
    const cart = await get('/demo-shop/cart?lang=nl', cookie);
    expect(cart.body).toContain('Groene thee');
    expect(cart.body).toContain('id="to-checkout"');
    const order = await app.inject({ method: 'POST', url: '/demo-shop/order?lang=nl', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'cardnumber=4111111111111111&cvc=123' });
    expect(order.statusCode).toBe(303);
    expect(order.headers.location).toBe('/demo-shop/thanks?lang=nl');
    expect(String(order.headers['set-cookie'])).toMatch(/^demo-cart=;/);
  });

  it('puts a visitor token on the snippet only for a customer the hub knows, and escapes what the address brings', async () => {
    const known = await get('/demo-shop/?customer=jan%40example.com');
    expect(known.body).toContain('data-visitor="token-for-jan"');
    expect(known.body).toContain('jan@example.com');
    const unknown = await get('/demo-shop/?customer=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(unknown.body).not.toContain('data-visitor');
    expect(unknown.body).not.toContain('<script>alert(1)');
    // The shopper stays signed in on the next page (a cookie), and signs out with an empty ?customer=.
    const cookie = String(known.headers['set-cookie']).split(';')[0] ?? '';
    expect((await get('/demo-shop/checkout', cookie)).body).toContain('data-visitor="token-for-jan"');
    expect(String((await get('/demo-shop/?customer=', cookie)).headers['set-cookie'])).toContain('Max-Age=0');
  });
});
