import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/logging/redact.ts';

// Property tests: whatever phone number or e-mail address a log line holds, and wherever in the
// line, none of its digits or its address reaches the log file; the ordinary things logs say
// (order references, times, versions, ids, addresses of servers) stay readable.

const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));
const separator = fc.constantFrom(' ', '-', '.', '/', '%20', ' - ');

/** Digits cut into groups by visual separators, the way people and phones write them. */
function grouped(all: string, seps: string[]): string {
  let out = '';
  let i = 0;
  let s = 0;
  while (i < all.length) {
    const size = 2 + ((i + s) % 3);
    out += all.slice(i, i + size);
    i += size;
    if (i < all.length) out += seps[s++ % seps.length];
  }
  return out;
}

/** Phone numbers: E.164, 00-international, national (leading 0, optional area code in brackets), NANP. */
const phoneNumber = fc.oneof(
  fc.tuple(digits(7, 14), fc.array(separator, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([d, seps, plain]) => (plain ? `+${d}` : `+${d.slice(0, 2)} ${grouped(d.slice(2), seps)}`)),
  fc.tuple(digits(8, 13), fc.array(separator, { minLength: 1, maxLength: 3 })).map(([d, seps]) => `00${grouped(d, seps)}`),
  fc.tuple(digits(6, 10), fc.array(separator, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([d, seps, plain]) => (plain ? `0${d}` : `0${grouped(d, seps)}`)),
  fc.tuple(digits(2, 4), digits(5, 8), separator).map(([area, rest, sep]) => `(0${area})${sep}${rest}`),
  fc.tuple(digits(2, 2), digits(8, 9)).map(([country, rest]) => `+${country} (0)${rest.slice(0, 1)} ${rest.slice(1)}`),
  fc.tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.constantFrom('-', '.', ' ')).map(([a, b, c, sep]) => `(${a}) ${b}${sep}${c}`),
  fc.tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.constantFrom('-', '.')).map(([a, b, c, sep]) => `${Number(a[0]) === 0 ? '2' : a[0]}${a.slice(1)}${sep}${b}${sep}${c}`),
);

/** Words of ordinary log text around them, without digits glued to the number. */
const word = fc.constantFrom('caller', 'ringing', 'from', 'sip:', 'tel:', 'number', '(mobile)', 'to:', 'said', '—', 'ok', '"', '<', '>', '=');
const context = fc.array(word, { maxLength: 4 }).map((words) => words.join(' '));

function onlyTheseDigits(text: string): string {
  return text.replace(/\D/g, '');
}

describe('redact', () => {
  it('leaves no generated phone number in a line, wherever it stands', () => {
    fc.assert(
      fc.property(context, phoneNumber, context, (before, number, after) => {
        const line = `${before} ${number} ${after}`;
        const out = redact(line);
        expect(out).toContain('[phone]');
        // None of the number's digits survive: the line's other words have none.
        expect(onlyTheseDigits(out)).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no generated e-mail address in a line', () => {
    fc.assert(
      fc.property(context, fc.emailAddress(), context, (before, email, after) => {
        const out = redact(`${before} ${email} ${after}`);
        expect(out).toContain('[email]');
        expect(out).not.toContain(email);
        expect(out).not.toContain('@');
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps order references, times, dates, versions, ids, server addresses and short numbers', () => {
    const ordinary = [
      'order #10023 shipped',
      'order #4711023 looked up',
      'wrap-up due at 08:15:30, 3 calls waiting, 120 ms',
      'synced at 2026-12-06T07:57:52.123Z and 2026-12-06 07:57',
      'Electron 41.7.1, Chrome 130.0.6723.91, Node 20.19.2',
      'interaction 0193a1b2-7c4d-7e8f-9a0b-446655440000 saved',
      'hub at http://127.0.0.1:8740 and 192.168.100.200:5060',
      'SIP user 1001 registered, 486 Busy Here',
      'retrying in 30000 ms (attempt 12)',
    ];
    for (const line of ordinary) expect(redact(line)).toBe(line);
  });

  it('says which part was what', () => {
    expect(redact('Anouk <anouk.dejong@shop.example> called from +31 6 1234 5678')).toBe('Anouk <[email]> called from [phone]');
    expect(redact('tel:+31%206%2012345678 opened')).toBe('tel:[phone] opened');
    // A SIP address is an address: its user part is often the phone number.
    expect(redact('INVITE sip:+31612345678@pbx.example')).toBe('INVITE sip:[email]');
    expect(redact('0612345678 and 06.12.34.56.78 and 020-123 4567 and 415.555.2671')).toBe('[phone] and [phone] and [phone] and [phone]');
  });

  it('never throws and only ever shortens or keeps text it has nothing to say about', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const out = redact(text);
        if (!/\d|@/.test(text)) expect(out).toBe(text);
      }),
    );
  });
});
