import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { FAKE_CODE, startFakeHub, type FakeHub } from '../support/cobrowse-fake-hub.ts';
import { comparable, eventsOf, openCustomerPage, snippetPage, snippetPart, snippetReady, stringsOf, typeCode, type CustomerPage } from '../support/cobrowse-snippet-page.ts';

// The snippet's privacy promises, in Chromium against a fake hub that records every frame the
// page sends: nothing before consent, and after consent no value, keystroke, length or text of a
// private field, one fixed mask for every other field, and only what the shop unmasked in clear.

const MASK = '••••••••';
const INPUT = 5; // rrweb IncrementalSource.Input
let browser: Browser;
let hub: FakeHub;
const opened: CustomerPage[] = [];

beforeAll(async () => {
  hub = await startFakeHub();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const customer of opened) await customer.close();
  await browser?.close();
  await hub?.close();
});

async function open(path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const customer = await openCustomerPage(browser, hub.url + path, { viewport });
  opened.push(customer);
  return customer.page;
}

/** The events the newest session connection sent so far. */
const newestEvents = () => eventsOf(hub.sessions.at(-1)?.frames ?? []);

/** Waits until the page sent an input event with this text (a barrier: what was typed before is flushed). */
async function waitForInputText(text: string): Promise<void> {
  await expect.poll(() => newestEvents().some((event) => event.data?.source === INPUT && event.data.text === text), { timeout: 15_000 }).toBe(true);
}

const inputIndex = (text: string) => newestEvents().findIndex((event) => event.data?.source === INPUT && event.data.text === text);

async function goLive(page: Page): Promise<void> {
  await typeCode(page, FAKE_CODE);
  await snippetPart(page, 'cobrowse-consent-allow').click();
  await snippetPart(page, 'cobrowse-banner').waitFor();
  await expect.poll(() => newestEvents().some((event) => event.type === 2), { timeout: 15_000 }).toBe(true);
}

describe('before consent', () => {
  it('sends only the visitor token on the doorbell, and no session frame until the customer allows', async () => {
    const sessionsBefore = hub.sessions.length;
    const doorbellsBefore = hub.doorbells.length;
    hub.pages.set('/page/identified', { html: snippetPage(hub.url, { body: '<label>Name <input id="name"></label>', visitor: 'visitor-token-abc' }) });
    const page = await open('/page/identified');
    await expect.poll(() => hub.doorbells[doorbellsBefore]?.frames.length ?? 0, { timeout: 15_000 }).toBe(1);
    await page.locator('#name').fill('Jan Jansen');
    await page.mouse.move(50, 50);
    await page.mouse.move(200, 120);

    hub.ring('Anouk');
    await snippetPart(page, 'cobrowse-consent').waitFor();
    await page.mouse.move(300, 300);
    expect(hub.sessions.length).toBe(sessionsBefore);
    expect(hub.doorbells[doorbellsBefore]?.frames).toEqual([JSON.stringify({ t: 'visitor', token: 'visitor-token-abc' })]);

    await snippetPart(page, 'cobrowse-consent-decline').click();
    await expect.poll(() => hub.sessions.length).toBe(sessionsBefore + 1);
    await expect.poll(() => hub.sessions.at(-1)?.frames.length).toBe(1);
    const hello = JSON.parse(hub.sessions.at(-1)?.frames[0] ?? '{}') as { t: string; consent: boolean };
    expect(hello).toMatchObject({ t: 'hello', consent: false });
    expect(await snippetPart(page, 'cobrowse-banner').count()).toBe(0);
    // The token does not stay in the page (rrweb would see the script element's attributes).
    expect(await page.locator('script[data-visitor]').count()).toBe(0);
  });
});

describe('after consent, on the demo shop checkout', () => {
  /** Types `length`-character values into every private field; returns the events sent meanwhile. */
  async function typePrivateFields(length: 4 | 16): Promise<{ events: unknown[]; frames: string[]; typed: string[] }> {
    // Tall enough that focusing a field never scrolls: scroll events are sampled in time.
    const page = await open('/demo-shop/checkout?lang=en', { width: 1000, height: 2400 });
    await goLive(page);
    await page.locator('#voucher').pressSequentially('A');
    await waitForInputText('A');
    const typed: string[] = [];
    for (const [id, prefix] of [['card-number', 'Kq'], ['card-expiry', 'Xq'], ['card-cvc', 'Cq'], ['iban', 'Iq'], ['password', 'Pq'], ['note', 'Nq']] as const) {
      const value = (prefix + 'z7xWv5uTs3rPq1oMn9').slice(0, length);
      typed.push(value);
      // Focus by keyboard, not a click: the comparison is about the fields, not the pointer.
      await page.locator(`#${id}`).focus();
      await page.keyboard.type(value);
      await page.locator(`#${id}`).blur();
    }
    await page.locator('#voucher').fill('AB');
    await waitForInputText('AB');
    const frames = hub.sessions.at(-1)?.frames ?? [];
    // What was sent between the two barriers: the private typing, and the focus moving.
    return { events: comparable(newestEvents().slice(inputIndex('A') + 1, inputIndex('AB'))), frames, typed };
  }

  it('sends no value, keystroke or length of card number, expiry, CVC, IBAN, password or the private note', async () => {
    const short = await typePrivateFields(4);
    const long = await typePrivateFields(16);
    // Identical apart from times: nothing tells a 4-character value from a 16-character one.
    expect(long.events).toEqual(short.events);
    expect(short.events.filter((event) => (event as { data?: { source?: number } }).data?.source === INPUT)).toEqual([]);
    for (const run of [short, long]) {
      const strings = stringsOf(run.frames).join('\n');
      for (const value of run.typed) expect(strings).not.toContain(value);
      // The private note's whole region sends no text at all, not even its label.
      expect(strings).not.toContain('Private note for the courier');
      expect(strings).not.toContain('Never shared with customer service');
    }
  });

  it('masks every other field with one fixed mask, and sends the field the shop marked visible', async () => {
    const page = await open('/demo-shop/checkout?lang=en');
    await goLive(page);
    await page.locator('#name').pressSequentially('Jan Jansen');
    await page.locator('#email').pressSequentially('jan@example.com');
    await page.locator('#voucher').pressSequentially('SPRING-25');
    await waitForInputText('SPRING-25');
    const strings = stringsOf(hub.sessions.at(-1)?.frames ?? []).join('\n');
    expect(strings).not.toContain('Jan');
    expect(strings).not.toContain('example.com');
    const texts = newestEvents().filter((event) => event.data?.source === INPUT).map((event) => event.data?.text);
    expect(texts.filter((text) => text !== MASK && !'SPRING-25'.startsWith(String(text)))).toEqual([]);
    // One masked event per field however long the value: frames do not count keystrokes either.
    expect(texts.filter((text) => text === MASK).length).toBe(2);
  });
});

describe('a page that mirrors every keystroke into the value attribute (as React does)', () => {
  it('sends as many frames for a 16-character value as for a 4-character one', async () => {
    hub.pages.set('/page/mirroring', {
      html: snippetPage(hub.url, {
        body: `<label>Name <input id="name"></label><div data-loket-visible><label>Voucher <input id="voucher"></label></div>
<script>document.getElementById('name').addEventListener('input', (event) => event.target.setAttribute('value', event.target.value));</script>`,
      }),
    });
    const run = async (value: string) => {
      const page = await open('/page/mirroring');
      await goLive(page);
      await page.locator('#voucher').fill('A');
      await waitForInputText('A');
      await page.locator('#name').focus();
      await page.keyboard.type(value);
      await page.locator('#voucher').fill('AB');
      await waitForInputText('AB');
      const between = newestEvents().slice(inputIndex('A') + 1, inputIndex('AB'));
      const strings = stringsOf(hub.sessions.at(-1)?.frames ?? []).join('\n');
      expect(strings).not.toContain(value);
      return comparable(between);
    };
    const short = await run('Qz7x');
    const long = await run('Qz7xWv5uTs3rPq1o');
    expect(long).toEqual(short);
  });
});

describe('values rrweb would copy as they stand', () => {
  it('are masked: a cleared field\'s initial value, hidden inputs, textarea text, editors, iframes and the query string', async () => {
    hub.pages.set('/page/prefilled', {
      html: snippetPage(hub.url, {
        title: 'Prefilled',
        body: `<form>
<label>City <input id="city" value="Utrecht-initial"></label>
<input type="hidden" name="csrf" value="hidden-csrf-secret">
<label>Remarks <textarea id="remarks">textarea-default-secret</textarea></label>
<div contenteditable="true">editor-secret-text</div>
<div data-loket-visible><label>Order number <input id="order" value="ORDER-4711"></label></div>
<iframe srcdoc="<p>inside-the-frame-secret</p>"></iframe>
</form>`,
      }),
    });
    const page = await open('/page/prefilled?email=jan%40example.com&reset=token-in-the-url');
    await snippetReady(page);
    await page.locator('#city').fill('');
    await goLive(page);
    const strings = stringsOf(hub.sessions.at(-1)?.frames ?? []).join('\n');
    for (const secret of ['Utrecht-initial', 'hidden-csrf-secret', 'textarea-default-secret', 'editor-secret-text', 'inside-the-frame-secret', 'jan@example.com', 'token-in-the-url']) {
      expect(strings).not.toContain(secret);
    }
    expect(strings).toContain('ORDER-4711');
    expect(strings).toContain('/page/prefilled');
  });
});
