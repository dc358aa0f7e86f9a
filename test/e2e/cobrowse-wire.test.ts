import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { createCobrowseSession, joinAsAgent, type AgentSocket } from '../support/cobrowse-agent.ts';
import { eventsIn, fieldValuesIn, inputsIn, isBlocked, MASK, maskRunLengths, nodesIn, stringsIn } from '../support/cobrowse-privacy.ts';
import { allowSharing, enterCode, openShop, sentToHub, type ShopPage } from '../support/cobrowse-shop.ts';
import { startFixtureHub, type FixtureHub } from '../support/console-fixture.ts';

// Must show 2: every WebSocket frame of a co-browse session is recorded — the shop page's own
// (customer → hub and hub → customer, from Chromium's network layer) and the agent's (hub →
// console, a plain ws client joined with the agent's token) — while a card number, expiry, CVC,
// IBAN and password are typed on the demo shop's checkout and its private note holds text. None
// of the values appear in any frame; neither do their lengths: two sessions type values of
// different lengths and their recorded form values are the same fixed mask; no run of mask
// characters has the length of a typed value; the private fields send no text and no input
// event at all, not even a mask.

const CHECKOUT = '/demo-shop/checkout?lang=en';
const FIELDS = {
  name: '#name',
  email: '#email',
  address: '#street',
  card: '#card-number',
  expiry: '#card-expiry',
  cvc: '#card-cvc',
  iban: '#iban',
  password: '#password',
  // A textarea inside the shop's `data-loket-private` block.
  note: '#note',
} as const;
type Field = keyof typeof FIELDS;
/** Fields the shop shows masked (sent as the fixed mask) and those never sent at all. */
const MASKED: readonly Field[] = ['name', 'email', 'address'];
const SECRET: readonly Field[] = ['card', 'expiry', 'cvc', 'iban', 'password', 'note'];

/** Two sets of values of different lengths: distinctive enough that a digit run in a timestamp cannot match them. */
const ROUNDS: readonly Record<Field, string>[] = [
  {
    name: 'Quirina Zwaluw',
    email: 'quirina@example.nl',
    address: 'Keizersgracht 1',
    card: '4929 7310 5862 4473',
    expiry: '09/29',
    cvc: '8614',
    iban: 'NL91ABNA0417164300',
    password: 'Tr0ub4dor&3-zebra',
    note: 'Leave the parcel with neighbour Xylofoon',
  },
  {
    name: 'Bo Yp',
    email: 'by@ex.nl',
    address: 'Dam 7',
    card: '5355 8412 0963 7728 193',
    expiry: '11/31',
    cvc: '913',
    iban: 'DE89370400440532013000',
    password: 'Kw!9z',
    note: 'Ring twice, Quokkabel',
  },
];

const VOUCHER = 'ZEBRAVOUCHER42';

let hub: FixtureHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startFixtureHub();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

interface Recorded {
  /** Page → hub, hub → page, hub → agent: every text frame. */
  readonly sent: string[];
  readonly received: string[];
  readonly agent: string[];
}

/** Waits for a condition (checked every 20 ms; a bound for a stalled machine, not a timing). */
async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Types like a person: key by key (each keystroke is an input event for the recorder). */
async function typeInto(page: Page, field: Field, value: string): Promise<void> {
  const target = page.locator(FIELDS[field]);
  await target.click();
  await target.pressSequentially(value);
}

/** One session through the hub: code → consent → typing on the checkout → end; every frame recorded. */
async function recordSession(values: Record<Field, string>): Promise<Recorded> {
  const token = await hub.hub.login(hub.fixture.agents.first_line.email);
  const shop: ShopPage = await openShop(browser, hub.hub.url, CHECKOUT);
  let agent: AgentSocket | undefined;
  try {
    // Typed before consent: nothing may leave the page (no co-browse socket is even open yet).
    await typeInto(shop.page, 'card', values.card);
    const session = await createCobrowseSession(hub.hub, token, hub.fixture.customers.anna.id);
    agent = await joinAsAgent(hub.hub.url, session.id, token);
    await enterCode(shop.page, session.code);
    await allowSharing(shop.page);
    await agent.waitFor((f) => f.t === 'state' && f.state === 'live', 15_000, 'live state');
    await agent.waitFor((f) => f.t === 'ev' && Array.isArray(f.e) && f.e.some((e: { type?: number }) => e.type === 2), 15_000, 'full snapshot');
    // The private note holds text as the page shows it (a contenteditable or a field: typed either way).
    for (const field of [...SECRET, ...MASKED]) {
      if (field === 'card') await shop.page.locator(FIELDS.card).fill('');
      await typeInto(shop.page, field, values[field]);
    }
    // The voucher field the shop unmarked (`data-loket-visible`): the control that the search below finds clear text when it is sent.
    await shop.page.locator('#voucher').pressSequentially(VOUCHER);
    // The last keystroke (the voucher's) has reached the agent: everything typed before it has too.
    await until('the last keystroke at the agent', () => inputsIn(eventsIn(agent?.frames ?? [])).some((input) => input.text === VOUCHER));
    agent.send({ t: 'end' });
    await agent.closed;
    return {
      sent: sentToHub(shop),
      received: shop.frames.filter((f) => f.direction === 'received').map((f) => f.text),
      agent: [...agent.frames],
    };
  } finally {
    agent?.close();
    await shop.close();
  }
}

describe('co-browse wire: what leaves the customer’s page', () => {
  const recorded: Recorded[] = [];

  beforeAll(async () => {
    for (const values of ROUNDS) recorded.push(await recordSession(values));
  }, 180_000);

  it('sends the page (a full snapshot with the checkout) to the agent, so the checks below look at real traffic', () => {
    for (const session of recorded) {
      const nodes = nodesIn(eventsIn(session.agent));
      expect(nodes.size).toBeGreaterThan(50);
      // The masked fields are there, with their input events: typing was recorded and relayed.
      const ids = MASKED.map((field) => [...nodes.values()].find((n) => n.attributes?.id === FIELDS[field].slice(1))?.id);
      expect(ids.every((id) => id !== undefined)).toBe(true);
      const typedInto = new Set(inputsIn(eventsIn(session.agent)).map((input) => input.id));
      for (const id of ids) expect(typedInto.has(id as number)).toBe(true);
      // The hub relayed the page's frames verbatim: every one the agent got is one the page sent,
      // and all the page sent up to its last keystroke reached the agent.
      const pageEv = session.sent.filter((f) => f.startsWith('{"t":"ev"') || f.startsWith('{"t":"part"'));
      const agentEv = session.agent.filter((f) => f.startsWith('{"t":"ev"') || f.startsWith('{"t":"part"'));
      for (const frame of agentEv) expect(pageEv).toContain(frame);
      const lastKey = pageEv.findLastIndex((f) => f.includes('"source":5'));
      expect(lastKey).toBeGreaterThan(0);
      for (const frame of pageEv.slice(0, lastKey + 1)) expect(agentEv).toContain(frame);
    }
  });

  it('does send the field the shop unmasked, in clear: the searches below would see a value that is there', () => {
    for (const session of recorded) {
      expect(session.agent.some((frame) => frame.includes(VOUCHER))).toBe(true);
      expect(stringsIn(session.sent).some((s) => s.includes(VOUCHER))).toBe(true);
    }
  });

  it('never puts a card number, expiry, CVC, IBAN, password or the private note in any frame, either direction', () => {
    ROUNDS.forEach((values, index) => {
      const session = recorded[index] as Recorded;
      const frames = [...session.sent, ...session.received, ...session.agent];
      const strings = stringsIn(frames);
      for (const field of SECRET) {
        const value = values[field];
        if (value.replace(/\D/g, '').length === value.length && value.length < 5) {
          // A short number (a CVC) is in every timestamp somewhere: look for it as a whole token in
          // the strings the frames carry (texts, attributes, values), not in the raw JSON.
          const token = new RegExp(`(^|\\D)${value}(\\D|$)`);
          expect(strings.filter((s) => token.test(s)), `${field} “${value}” in a string`).toEqual([]);
          continue;
        }
        const forms = new Set([value, value.replace(/\s/g, ''), ...value.split(/\s+/).filter((part) => part.length >= 5)]);
        for (const form of forms) {
          expect(frames.filter((frame) => frame.includes(form)), `${field} “${form}” in a raw frame`).toEqual([]);
          expect(strings.filter((s) => s.includes(form)), `${field} “${form}” in a string`).toEqual([]);
        }
      }
      // Nor the masked fields' clear text.
      for (const field of MASKED) expect(frames.filter((frame) => frame.includes(values[field])), field).toEqual([]);
    });
  });

  it('sends the private fields no input event and no value, not even the mask', () => {
    for (const session of recorded) {
      const events = eventsIn(session.agent);
      const nodes = nodesIn(events);
      for (const input of inputsIn(events)) {
        const node = nodes.get(input.id);
        // Every input event is for a field the recording shows (not a blocked placeholder) and is a masked one.
        expect(node, `input event for unknown node ${input.id}`).toBeDefined();
        expect(isBlocked(node)).toBe(false);
        expect([...MASKED.map((f) => FIELDS[f].slice(1)), 'voucher']).toContain(node?.attributes?.id);
      }
      // No secret field appears as a recorded field at all (blocked: a sized placeholder only).
      for (const field of SECRET) {
        expect([...nodes.values()].filter((n) => n.attributes?.id === FIELDS[field].slice(1)), field).toEqual([]);
      }
    }
  });

  it('masks every value with the same fixed mask whatever its length: the two sessions’ masked values are identical', () => {
    const masked = recorded.map((session) => {
      const events = eventsIn(session.agent);
      return {
        typed: [...new Set(inputsIn(events).map((input) => input.text).filter((text) => !VOUCHER.startsWith(text)))].sort(),
        values: [...new Set(fieldValuesIn(nodesIn(events)).map((field) => field.value).filter((value) => value !== ''))].sort(),
      };
    });
    expect(masked[0]?.typed).toEqual([MASK]);
    expect(masked[1]).toEqual(masked[0]);
    for (const field of masked.flatMap((m) => m.values)) expect(field).toBe(MASK);
    // No run of mask characters anywhere has the length of anything typed (other than the mask's own 8).
    ROUNDS.forEach((values, index) => {
      const session = recorded[index] as Recorded;
      const runs = new Set([...session.sent, ...session.agent].flatMap((frame) => maskRunLengths(frame)));
      for (const field of [...SECRET, ...MASKED]) {
        const length = values[field].length;
        if (length !== MASK.length) expect(runs.has(length), `a run of ${length} mask characters (${field})`).toBe(false);
      }
    });
  });

  it('sends nothing to the hub before the customer consented', () => {
    for (const session of recorded) {
      const first = session.sent.findIndex((frame) => frame.startsWith('{"t":"hello"'));
      expect(first).toBeGreaterThanOrEqual(0);
      const hello = JSON.parse(session.sent[first] as string) as { consent: boolean };
      expect(hello.consent).toBe(true);
      // Before the hello (sent once the customer clicked Allow) the page sent nothing on any co-browse socket.
      expect(session.sent.slice(0, first)).toEqual([]);
    }
  });
});
