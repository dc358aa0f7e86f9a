// The demo shop's products: names are locale keys (locales/<lng>/demo-shop.json), prices in euro
// cents. Twelve, so the product list is taller than a screen (the agent follows the scrolling).
export interface Product {
  readonly sku: string;
  readonly name: DemoShopKey;
  readonly cents: number;
  /** The tile's colour class in shop.css. */
  readonly tone: 'green' | 'amber' | 'blue' | 'rose';
}

export type DemoShopKey = `demo-shop:${string}`;

export const PRODUCTS: readonly Product[] = [
  { sku: 'oats', name: 'demo-shop:products.items.oats', cents: 395, tone: 'amber' },
  { sku: 'tea', name: 'demo-shop:products.items.tea', cents: 649, tone: 'green' },
  { sku: 'bar', name: 'demo-shop:products.items.bar', cents: 249, tone: 'rose' },
  { sku: 'vitaminD', name: 'demo-shop:products.items.vitaminD', cents: 1195, tone: 'amber' },
  { sku: 'magnesium', name: 'demo-shop:products.items.magnesium', cents: 1450, tone: 'blue' },
  { sku: 'almond', name: 'demo-shop:products.items.almond', cents: 899, tone: 'rose' },
  { sku: 'chia', name: 'demo-shop:products.items.chia', cents: 549, tone: 'green' },
  { sku: 'multi', name: 'demo-shop:products.items.multi', cents: 1695, tone: 'blue' },
  { sku: 'omega', name: 'demo-shop:products.items.omega', cents: 1895, tone: 'blue' },
  { sku: 'muesli', name: 'demo-shop:products.items.muesli', cents: 479, tone: 'amber' },
  { sku: 'honey', name: 'demo-shop:products.items.honey', cents: 725, tone: 'amber' },
  { sku: 'spirulina', name: 'demo-shop:products.items.spirulina', cents: 1349, tone: 'green' },
];

export const productBySku = (sku: string): Product | undefined => PRODUCTS.find((product) => product.sku === sku);

/** The cart as the cookie keeps it: skus, comma-separated, at most 50 items. */
export function parseCart(cookieHeader: string | undefined): string[] {
  const raw = /(?:^|;\s*)demo-cart=([^;]*)/.exec(cookieHeader ?? '')?.[1] ?? '';
  return decodeURIComponent(raw).split(',').filter((sku) => productBySku(sku) !== undefined).slice(0, 50);
}

export function cartCookie(skus: readonly string[]): string {
  return `demo-cart=${encodeURIComponent(skus.join(','))}; Path=/demo-shop; SameSite=Lax; HttpOnly`;
}

/** The identified customer (the demo's "signed in" shopper), set by `?customer=<email>`. */
export function parseCustomer(cookieHeader: string | undefined): string | null {
  const raw = /(?:^|;\s*)demo-customer=([^;]*)/.exec(cookieHeader ?? '')?.[1];
  return raw ? decodeURIComponent(raw) : null;
}

export function customerCookie(email: string | null): string {
  return email
    ? `demo-customer=${encodeURIComponent(email)}; Path=/demo-shop; SameSite=Lax; HttpOnly`
    : 'demo-customer=; Path=/demo-shop; Max-Age=0; SameSite=Lax; HttpOnly';
}
