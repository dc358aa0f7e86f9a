// The demo shop's pages as HTML strings: a product list, the cart, a checkout with every kind of
// field co-browse must keep private (card number, expiry, CVC, IBAN, password, a private note)
// and one the shop unmasks (the voucher code), and a thank-you page. No inline script or style:
// the shop runs under a strict CSP, like the shops we must work on.
import { UI_LANGUAGES, type UiLanguage } from '../../../common/locales.ts';
import { PRODUCTS, productBySku } from './catalogue.ts';
import { escapeHtml, shopText, type ShopText } from './strings.ts';

export const SHOP_NAME = 'Vitalis';

export interface PageContext {
  readonly language: UiLanguage;
  /** The hub's origin, for the snippet's `data-hub`. */
  readonly hub: string;
  /** A visitor token when the shopper is identified (`?customer=`). */
  readonly visitorToken: string | null;
  readonly customerEmail: string | null;
}

const LOCALE_TAGS: Record<UiLanguage, string> = { en: 'en-IE', nl: 'nl-NL', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', pl: 'pl-PL' };

const NAV_LABELS = { products: 'demo-shop:nav.products', cart: 'demo-shop:nav.cart', checkout: 'demo-shop:nav.checkout' } as const;

const price = (language: UiLanguage, cents: number) => escapeHtml(new Intl.NumberFormat(LOCALE_TAGS[language], { style: 'currency', currency: 'EUR' }).format(cents / 100));
const href = (path: string, language: UiLanguage, extra = '') => `/demo-shop${path}?lang=${language}${extra}`;

function layout(context: PageContext, title: string, current: 'products' | 'cart' | 'checkout' | 'thanks', main: string): string {
  const t = shopText(context.language);
  const { language } = context;
  const nav = (['products', 'cart', 'checkout'] as const)
    .map((page) => {
      const label = t(NAV_LABELS[page]);
      const path = page === 'products' ? '/' : `/${page}`;
      return `<a href="${href(path, language)}"${page === current ? ' aria-current="page"' : ''}>${label}</a>`;
    })
    .join('');
  const pagePath = current === 'products' ? '/' : `/${current}`;
  const languages = UI_LANGUAGES.map(
    (other) => `<a href="${href(pagePath, other)}" hreflang="${other}" lang="${other}"${other === language ? ' aria-current="true"' : ''}>${other.toUpperCase()}</a>`,
  ).join('');
  const visitor = context.visitorToken ? ` data-visitor="${escapeHtml(context.visitorToken)}"` : '';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${SHOP_NAME}</title>
<link rel="stylesheet" href="/demo-shop/shop.css">
<script src="/cobrowse.js" data-hub="${escapeHtml(context.hub)}"${visitor} data-shop="${SHOP_NAME}" async></script>
<script src="/demo-shop/shop.js" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="${href('/', language)}">${SHOP_NAME}</a>
<nav aria-label="${SHOP_NAME}">${nav}</nav>
<nav class="languages" aria-label="${t('demo-shop:language')}">${languages}</nav>
</header>
${context.customerEmail ? `<p class="signed-in">${t('demo-shop:signedIn', { email: context.customerEmail })}</p>` : ''}
<main>
<h1>${title}</h1>
${main}
</main>
<aside class="help" aria-labelledby="help-title">
<h2 id="help-title">${t('demo-shop:help.title')}</h2>
<p>${t('demo-shop:help.body')}</p>
<button type="button" id="share-screen">${t('demo-shop:help.code')}</button>
</aside>
<footer><p>${t('demo-shop:footer')}</p></footer>
</body>
</html>
`;
}

export function productsPage(context: PageContext): string {
  const t = shopText(context.language);
  const tiles = PRODUCTS.map(
    (product) => `<li class="product">
<div class="tile ${product.tone}" aria-hidden="true"></div>
<h2>${t(product.name)}</h2>
<p class="price">${price(context.language, product.cents)}</p>
<a class="button" data-add="${product.sku}" href="${href('/cart', context.language, `&add=${product.sku}`)}">${t('demo-shop:products.add')}</a>
</li>`,
  ).join('\n');
  return layout(context, t('demo-shop:products.title'), 'products', `<ul class="products">\n${tiles}\n</ul>`);
}

export function cartPage(context: PageContext, skus: readonly string[]): string {
  const t = shopText(context.language);
  const { language } = context;
  if (skus.length === 0) {
    return layout(context, t('demo-shop:cart.title'), 'cart', `<p>${t('demo-shop:cart.empty')}</p><p><a href="${href('/', language)}">${t('demo-shop:cart.continue')}</a></p>`);
  }
  let total = 0;
  const rows = skus.map((sku, index) => {
    const product = productBySku(sku);
    if (!product) return '';
    total += product.cents;
    return `<tr><td>${t(product.name)}</td><td class="num">${price(language, product.cents)}</td><td><a href="${href('/cart', language, `&remove=${index}`)}">${t('demo-shop:cart.remove')}</a></td></tr>`;
  });
  return layout(
    context,
    t('demo-shop:cart.title'),
    'cart',
    `<table class="cart"><tbody>${rows.join('')}</tbody>
<tfoot><tr><th scope="row">${t('demo-shop:cart.total')}</th><td class="num">${price(language, total)}</td><td></td></tr></tfoot></table>
<p class="actions"><a href="${href('/', language)}">${t('demo-shop:cart.continue')}</a> <a class="button" id="to-checkout" href="${href('/checkout', language)}">${t('demo-shop:cart.toCheckout')}</a></p>`,
  );
}

function field(t: ShopText, id: string, label: Parameters<ShopText>[0], attributes: string): string {
  return `<p class="field"><label for="${id}">${t(label)}</label><input id="${id}" ${attributes}></p>`;
}

export function checkoutPage(context: PageContext): string {
  const t = shopText(context.language);
  const form = `<form method="post" action="${href('/order', context.language)}" class="checkout">
<fieldset><legend>${t('demo-shop:checkout.contact')}</legend>
${field(t, 'name', 'demo-shop:checkout.name', 'name="name" autocomplete="name"')}
${field(t, 'email', 'demo-shop:checkout.email', 'name="email" type="email" autocomplete="email"')}
</fieldset>
<fieldset><legend>${t('demo-shop:checkout.address')}</legend>
${field(t, 'street', 'demo-shop:checkout.street', 'name="street" autocomplete="address-line1"')}
${field(t, 'postcode', 'demo-shop:checkout.postcode', 'name="postcode" autocomplete="postal-code"')}
${field(t, 'city', 'demo-shop:checkout.city', 'name="city" autocomplete="address-level2"')}
<div class="field" data-loket-visible><label for="voucher">${t('demo-shop:checkout.voucher')}</label><input id="voucher" name="voucher" aria-describedby="voucher-hint"><p class="hint" id="voucher-hint">${t('demo-shop:checkout.voucherHint')}</p></div>
</fieldset>
<fieldset><legend>${t('demo-shop:checkout.payment')}</legend>
${field(t, 'card-number', 'demo-shop:checkout.cardNumber', 'name="cardnumber" autocomplete="cc-number" inputmode="numeric"')}
${field(t, 'card-expiry', 'demo-shop:checkout.expiry', 'name="cc-exp" autocomplete="cc-exp"')}
${field(t, 'card-cvc', 'demo-shop:checkout.cvc', 'name="cvc" autocomplete="cc-csc" inputmode="numeric"')}
${field(t, 'iban', 'demo-shop:checkout.iban', 'name="iban"')}
</fieldset>
<fieldset><legend>${t('demo-shop:checkout.account')}</legend>
${field(t, 'password', 'demo-shop:checkout.password', 'name="password" type="password" autocomplete="new-password"')}
<div class="field" data-loket-private><label for="note">${t('demo-shop:checkout.note')}</label><textarea id="note" name="note" rows="3" aria-describedby="note-hint"></textarea><p class="hint" id="note-hint">${t('demo-shop:checkout.noteHint')}</p></div>
</fieldset>
<p><button type="submit" id="place-order" class="button">${t('demo-shop:checkout.placeOrder')}</button></p>
</form>`;
  return layout(context, t('demo-shop:checkout.title'), 'checkout', form);
}

export function thanksPage(context: PageContext): string {
  const t = shopText(context.language);
  return layout(context, t('demo-shop:thanks.title'), 'thanks', `<p>${t('demo-shop:thanks.body')}</p><p><a href="${href('/', context.language)}">${t('demo-shop:thanks.back')}</a></p>`);
}
