import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { FAKE_CODE, startFakeHub, type FakeHub } from '../support/cobrowse-fake-hub.ts';
import { eventsOf, openCustomerPage, snippetPage, snippetPart, typeCode, type CustomerPage } from '../support/cobrowse-snippet-page.ts';

// The customer's side of consent and guiding, in Chromium against a fake hub: the prompt in the
// page's language with the agent's first name, control only after the second consent and never
// on a private field, taking control back, resuming on the next page without a new prompt, and
// all of it under the demo shop's strict CSP. Screenshots of the prompt go to
// test-results/screenshots/ to be looked at.

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
let browser: Browser;
let hub: FakeHub;
const opened: CustomerPage[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  hub = await startFakeHub();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const customer of opened) await customer.close();
  await browser?.close();
  await hub?.close();
});

async function open(pathAndQuery: string): Promise<CustomerPage> {
  const customer = await openCustomerPage(browser, hub.url + pathAndQuery);
  opened.push(customer);
  return customer;
}

const framesFromPage = (): { t: string; state?: string; consent?: boolean }[] => hub.sessionFrames().map((frame) => JSON.parse(frame) as { t: string });

async function goLive(page: Page): Promise<void> {
  await typeCode(page, FAKE_CODE);
  await snippetPart(page, 'cobrowse-consent-allow').click();
  await snippetPart(page, 'cobrowse-banner').waitFor();
}

/** Sends the agent's pointer and waits until the page drew it: every message before it was handled. */
async function barrier(page: Page, x: number, y: number): Promise<void> {
  hub.toCustomer({ t: 'pointer', x, y });
  await expect.poll(() => snippetPart(page, 'cobrowse-pointer').evaluate((dot) => (dot as HTMLElement).style.transform)).toBe(`translate(${x}px, ${y}px)`);
}

const centre = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
};

describe('the consent prompt', () => {
  for (const [lang, title, hidden] of [
    ['de', 'Diesen Tab mit Anouk teilen?', 'Zahlungsdaten und Passwörter werden nie geteilt.'],
    ['fr', 'Partager cet onglet avec Anouk ?', 'Les données de paiement et les mots de passe ne sont jamais partagés.'],
  ] as const) {
    it(`speaks the page's language (${lang}), names the agent and says what is seen and what is not`, async () => {
      const { page, violations } = await open(`/demo-shop/checkout?lang=${lang}`);
      await typeCode(page, FAKE_CODE);
      const prompt = snippetPart(page, 'cobrowse-consent');
      await prompt.waitFor();
      const text = (await prompt.textContent()) ?? '';
      expect(text).toContain(title);
      expect(text).toContain('Vitalis');
      expect(text).toContain(hidden);
      expect(await prompt.getAttribute('role')).toBe('dialog');
      await page.screenshot({ path: path.join(SHOTS, `cobrowse-consent-${lang}.png`) });
      expect(await violations()).toEqual([]);
    });
  }

  it('falls back to English for a language it does not speak, and takes Escape as no', async () => {
    hub.pages.set('/page/japanese', { html: snippetPage(hub.url, { lang: 'ja', body: '<p>こんにちは</p>' }) });
    const sessionsBefore = hub.sessions.length;
    const { page } = await open('/page/japanese');
    await typeCode(page, FAKE_CODE);
    await expect.poll(() => snippetPart(page, 'cobrowse-consent').textContent()).toContain('Share this tab with Anouk?');
    await page.keyboard.press('Escape');
    await expect.poll(() => hub.sessions.length).toBe(sessionsBefore + 1);
    await expect.poll(() => hub.sessions.at(-1)?.frames.map((frame) => (JSON.parse(frame) as { consent?: boolean }).consent)).toEqual([false]);
    expect(await snippetPart(page, 'cobrowse-consent').count()).toBe(0);
  });

  it('offers its own launcher when the shop asks for it (data-launcher="on"), in the page\'s language', async () => {
    hub.pages.set('/page/launcher', { html: snippetPage(hub.url, { lang: 'it', body: '<p>Negozio</p>', launcher: true }) });
    const { page } = await open('/page/launcher');
    await snippetPart(page, 'cobrowse-launcher').click();
    await expect.poll(() => snippetPart(page, 'cobrowse-code').textContent()).toContain('Condividi lo schermo con il servizio clienti');
  });

  it('tells the customer when a code is wrong, and stays open for another try', async () => {
    const { page } = await open('/demo-shop/?lang=nl');
    await typeCode(page, '654321');
    await expect.poll(() => snippetPart(page, 'cobrowse-code-error').textContent()).toBe('Deze code klopt niet of is verlopen. Vraag om een nieuwe code.');
    await snippetPart(page, 'cobrowse-code-input').fill('123 456');
    await snippetPart(page, 'cobrowse-code-input').press('Enter');
    await snippetPart(page, 'cobrowse-consent').waitFor();
  });
});

describe('for keyboard and screen-reader users', () => {
  it('the code widget, the consent prompt, the banner and the control prompt pass axe on the demo shop', async () => {
    const { page } = await open('/demo-shop/checkout?lang=en');
    const axe = async (only?: string) => {
      const builder = new AxeBuilder({ page });
      if (only) builder.include(only);
      return (await builder.analyze()).violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    };
    // The shop once, then the snippet's UI each time it changes (axe is slow on a busy machine).
    expect(await axe()).toEqual([]);
    await page.waitForFunction(() => 'loketCobrowse' in window);
    await page.locator('#share-screen').click();
    await snippetPart(page, 'cobrowse-code-input').waitFor();
    // The widget takes focus: typing goes straight into the code field.
    await page.keyboard.type('123456');
    expect(await axe('[data-loket-cobrowse]')).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'cobrowse-code-widget-en.png') });
    await page.keyboard.press('Enter');
    await snippetPart(page, 'cobrowse-consent').waitFor();
    expect(await axe('[data-loket-cobrowse]')).toEqual([]);
    // Keyboard only: Tab reaches the buttons, Enter answers.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await snippetPart(page, 'cobrowse-banner').waitFor();
    hub.toCustomer({ t: 'control.request' });
    await snippetPart(page, 'cobrowse-control-prompt').waitFor();
    expect(await axe('[data-loket-cobrowse]')).toEqual([]);
  });
});

describe('guiding and control', () => {
  it('acts only after the second consent, never on a private field, and stops when the customer takes control back', async () => {
    hub.pages.set('/page/control', {
      html: snippetPage(hub.url, {
        body: `<button id="buy" type="button">Buy</button>
<p><label>Name <input id="name"></label></p>
<p><label>Card number <input id="card" autocomplete="cc-number"></label></p>`,
      }),
    });
    const { page, violations } = await open('/page/control');
    await goLive(page);
    await page.evaluate(() => {
      const counts = { buy: 0, card: 0 };
      (window as unknown as { counts: typeof counts }).counts = counts;
      document.getElementById('buy')?.addEventListener('click', () => (counts.buy += 1));
      document.getElementById('card')?.addEventListener('click', () => (counts.card += 1));
    });
    const counts = () => page.evaluate(() => (window as unknown as { counts: { buy: number; card: number } }).counts);
    const buy = await centre(page, '#buy');

    // Looking along only: the agent's click is no click.
    hub.toCustomer({ t: 'act', a: 'click', ...buy });
    await barrier(page, 5, 5);
    expect((await counts()).buy).toBe(0);

    hub.toCustomer({ t: 'control.request' });
    await snippetPart(page, 'cobrowse-control-prompt').waitFor();
    expect(await snippetPart(page, 'cobrowse-control-prompt').textContent()).toContain('Let Anouk click and type?');
    await snippetPart(page, 'cobrowse-control-allow').click();
    await expect.poll(() => framesFromPage().filter((frame) => frame.t === 'control').map((frame) => frame.state)).toEqual(['on']);
    await expect.poll(() => snippetPart(page, 'cobrowse-banner').textContent()).toContain('Anouk can click and type');

    hub.toCustomer({ t: 'act', a: 'click', ...buy });
    await expect.poll(async () => (await counts()).buy).toBe(1);
    await barrier(page, buy.x + 40, buy.y + 30);
    await page.screenshot({ path: path.join(SHOTS, 'cobrowse-control-en.png') });

    // A private field: no click, no focus, no typing.
    hub.toCustomer({ t: 'act', a: 'click', ...(await centre(page, '#card')) });
    hub.toCustomer({ t: 'act', a: 'key', key: '4' });
    await barrier(page, 6, 6);
    expect((await counts()).card).toBe(0);
    expect(await page.locator('#card').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('card');

    // A field that is not private: the agent types into it.
    hub.toCustomer({ t: 'act', a: 'click', ...(await centre(page, '#name')) });
    for (const key of ['H', 'j', 'Backspace', 'i']) hub.toCustomer({ t: 'act', a: 'key', key });
    await expect.poll(() => page.locator('#name').inputValue()).toBe('Hi');

    await snippetPart(page, 'cobrowse-take-back').click();
    await expect.poll(() => framesFromPage().filter((frame) => frame.t === 'control').map((frame) => frame.state)).toEqual(['on', 'off']);
    hub.toCustomer({ t: 'act', a: 'click', ...buy });
    await barrier(page, 7, 7);
    expect((await counts()).buy).toBe(1);
    expect(await violations()).toEqual([]);
  });

  it('refusing control tells the hub and changes nothing', async () => {
    const { page } = await open('/demo-shop/?lang=en');
    await goLive(page);
    hub.toCustomer({ t: 'control.request' });
    await snippetPart(page, 'cobrowse-control-refuse').click();
    await expect.poll(() => framesFromPage().some((frame) => frame.t === 'control' && frame.state === 'denied')).toBe(true);
    expect(await snippetPart(page, 'cobrowse-take-back').isVisible()).toBe(false);
  });
});

describe('across pages and under a strict CSP', () => {
  it('resumes on the next page of the shop without a new prompt, and ends for good on Stop sharing', async () => {
    const { page, violations } = await open('/demo-shop/?lang=en');
    await goLive(page);
    const firstConnection = hub.sessions.length;
    // The agent's pointer and a highlight, drawn under the shop's strict CSP.
    await barrier(page, 300, 200);
    hub.toCustomer({ t: 'highlight', x: 300, y: 200 });
    await page.locator('a[data-add="tea"]').click();
    await page.waitForURL(/\/demo-shop\/cart/);
    await expect.poll(() => hub.sessions.length).toBeGreaterThan(firstConnection);
    const resumed = hub.sessions.at(-1);
    await expect.poll(() => eventsOf(resumed?.frames ?? []).some((event) => event.type === 2)).toBe(true);
    const hello = JSON.parse(resumed?.frames[0] ?? '{}') as { t: string; consent: boolean; page: { url: string } };
    expect(hello).toMatchObject({ t: 'hello', consent: true });
    expect(hello.page.url).toBe(`${hub.url}/demo-shop/cart`);
    await snippetPart(page, 'cobrowse-banner').waitFor();
    expect(await snippetPart(page, 'cobrowse-consent').count()).toBe(0);

    await snippetPart(page, 'cobrowse-stop').click();
    await expect.poll(() => resumed?.frames.map((frame) => (JSON.parse(frame) as { t: string }).t).at(-1)).toBe('end');
    expect(await snippetPart(page, 'cobrowse-banner').count()).toBe(0);
    const connections = hub.sessions.length;
    await page.reload();
    await page.waitForFunction(() => 'loketCobrowse' in window);
    expect(hub.sessions.length).toBe(connections);
    expect(await violations()).toEqual([]);
  });

  it('an identified shopper\'s page rings with the agent\'s request and shows the prompt there, until the request closes', async () => {
    const doorbellsBefore = hub.doorbells.length;
    const { page, violations } = await open('/demo-shop/checkout?lang=pl&customer=jan%40example.com');
    await expect.poll(() => hub.doorbells[doorbellsBefore]?.frames).toEqual([JSON.stringify({ t: 'visitor', token: 'visitor-token-of-jan@example.com' })]);
    // A request that ends before the customer answers takes its prompt away.
    hub.ring('Bram');
    await snippetPart(page, 'cobrowse-consent').waitFor();
    hub.closeRequest();
    await expect.poll(() => snippetPart(page, 'cobrowse-consent').count()).toBe(0);
    hub.ring('Bram');
    await expect.poll(() => snippetPart(page, 'cobrowse-consent').textContent()).toContain('Udostępnić tę kartę obsłudze klienta (Bram)?');
    await snippetPart(page, 'cobrowse-consent-allow').click();
    await snippetPart(page, 'cobrowse-banner').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'cobrowse-banner-pl.png') });
    expect(await violations()).toEqual([]);
  });
});
