import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../common/links/parse-link.ts';
import { parsePhoneLink, PHONE_LINK_LIMITS, type PhoneLinkRefusal } from '../../../common/links/phone-link.ts';

// Click-to-call links come from any program on the computer: the parser must never throw, never
// hand the dial pad anything but digits with an optional leading +, and refuse every family of
// hostile link (service codes, pauses and post-dial tones, control characters, look-alike digits).

const DIALLABLE = /^\+?[0-9]{3,20}$/;
const SCHEMES = ['tel:', 'TEL:', 'callto:', 'callto://', 'sip:', 'sips:', 'Sip:'] as const;
const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const anyScheme = fc.constantFrom(...SCHEMES);
const hostFor = (scheme: string) => (scheme.toLowerCase().startsWith('sip') ? '@pbx.example.com;user=phone' : '');

/** A valid number split anywhere into a prefix and a suffix, to put something hostile between. */
const splitNumber = fc
  .tuple(digitString(PHONE_LINK_LIMITS.minDigits, 12), fc.nat())
  .map(([digits, at]) => [digits.slice(0, at % (digits.length + 1)), digits.slice(at % (digits.length + 1))] as const);

function refusedWith(reason: PhoneLinkRefusal, insert: fc.Arbitrary<string>): void {
  fc.assert(
    fc.property(anyScheme, splitNumber, insert, (scheme, [before, after], hostile) => {
      const link = `${scheme}${before}${hostile}${after}${hostFor(scheme)}`;
      expect(parsePhoneLink(link)).toEqual({ ok: false, reason });
      expect(parseLink(link).ok).toBe(false);
    }),
    { numRuns: 500 },
  );
}

describe('phone links: properties', () => {
  it('never throws and only ever yields digits with an optional leading + (any string, any unicode)', () => {
    const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }));
    const linkish = fc.tuple(fc.constantFrom(...SCHEMES, 'loket://enroll?', 'http:', ''), anyText).map(([scheme, rest]) => scheme + rest);
    fc.assert(
      fc.property(fc.oneof(anyText, linkish), (text) => {
        const phone = parsePhoneLink(text);
        if (phone.ok) expect(phone.number).toMatch(DIALLABLE);
        const link = parseLink(text);
        if (link.ok && link.kind === 'dial') expect(link.number).toMatch(DIALLABLE);
      }),
      { numRuns: 3_000 },
    );
  });

  it('round-trips a valid number through every scheme with visual separators anywhere', () => {
    const separator = fc.constantFrom('', '', ' ', '-', '.', '(', ')', '%20');
    const number = fc.tuple(fc.boolean(), digitString(PHONE_LINK_LIMITS.minDigits, PHONE_LINK_LIMITS.maxDigits));
    fc.assert(
      fc.property(anyScheme, number, fc.array(separator, { maxLength: 20 }), (scheme, [plus, digits], separators) => {
        const written = [...digits].map((digit, index) => digit + (separators[index] ?? '')).join('');
        const expected = (plus ? '+' : '') + digits;
        expect(parsePhoneLink(`${scheme}${plus ? '+' : ''}${written}${hostFor(scheme)}`)).toEqual({ ok: true, number: expected });
        expect(parseLink(`  ${scheme}${expected}${hostFor(scheme)}\n`)).toEqual({ ok: true, kind: 'dial', number: expected });
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses service codes (* and #), plain or percent-encoded', () => {
    refusedWith('serviceCode', fc.constantFrom('*', '#', '%2A', '%23', '*21*', '**', '#31#'));
  });

  it('refuses pauses and tones after the answer (p, w, comma)', () => {
    refusedWith('characters', fc.constantFrom('p', 'w', 'P', 'W', ',', '%2C', 'pp'));
  });

  it('refuses control characters, raw or encoded', () => {
    const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
    refusedWith('characters', fc.oneof(control.filter((c) => c.trim() !== ''), fc.constantFrom('%00', '%0A', '%0D', '%1B', '\u007f', '\u0085')));
  });

  it('refuses look-alike digits and invisible marks from other scripts', () => {
    refusedWith('characters', fc.constantFrom('١', '５', '𝟘', '\u200e', '\u202e', '%zz', '%E2%80%8E'));
  });

  it('refuses numbers with too few or too many digits, and anything over 200 characters', () => {
    fc.assert(
      fc.property(anyScheme, fc.oneof(digitString(1, 2), digitString(21, 60)), (scheme, digits) => {
        expect(parsePhoneLink(`${scheme}${digits}${hostFor(scheme)}`)).toEqual({ ok: false, reason: 'notANumber' });
      }),
    );
    fc.assert(
      fc.property(anyScheme, fc.integer({ min: 201, max: 5_000 }), (scheme, length) => {
        expect(parsePhoneLink(`${scheme}+31${'-'.repeat(length)}201234567`)).toEqual({ ok: false, reason: 'tooLong' });
      }),
      { numRuns: 50 },
    );
  });
});

describe('phone links: examples', () => {
  it.each([
    ['tel:+31-20-123-4567', '+31201234567'],
    ['tel:+1 (555) 010.2030', '+15550102030'],
    ['tel:020%20123%204567', '0201234567'],
    ['tel:+31201234567;phone-context=example.com', '+31201234567'],
    ['tel:+31201234567;ext=12', '+31201234567'],
    ['callto:+4930123456', '+4930123456'],
    ['callto://+4930123456', '+4930123456'],
    ['callto://+4930123456/', '+4930123456'],
    ['sip:+31201234567@pbx.example.com;user=phone', '+31201234567'],
    ['sips:0201234567@pbx.example.com?subject=hi', '0201234567'],
    ['SIP:112@pbx', '112'],
  ])('%s → %s', (link, number) => {
    expect(parsePhoneLink(link)).toEqual({ ok: true, number });
  });

  it.each<[string, PhoneLinkRefusal]>([
    ['mailto:someone@example.com', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['https://example.com/tel:123', 'scheme'],
    ['tel:', 'empty'],
    ['callto://', 'empty'],
    ['tel:*21*0900123456#', 'serviceCode'],
    ['tel:%2A%2321%23', 'serviceCode'],
    ['tel:0201234567;postd=1234', 'characters'],
    ['tel:0201234567p1234', 'characters'],
    ['tel:0201234567,,1', 'characters'],
    ['tel:020%0A1234567', 'characters'],
    ['tel:020%E0%A41234', 'characters'],
    ['tel:020+1234567', 'characters'],
    ['tel:020/1234567', 'characters'],
    ['tel:0201234567%', 'characters'],
    ['tel:020\u00a01234567', 'characters'],
    ['sip:alice:secret@pbx.example.com', 'characters'],
    ['sip:alice@pbx.example.com', 'notANumber'],
    ['callto://skype.user', 'notANumber'],
    ['tel:1-800-FLOWERS', 'notANumber'],
    ['tel:12', 'notANumber'],
  ])('%s is refused (%s)', (link, reason) => {
    expect(parsePhoneLink(link)).toEqual({ ok: false, reason });
  });
});

describe('any link', () => {
  it('dispatches enrollment links and refuses a broken one with its detail', () => {
    expect(parseLink('loket://enroll?hub=https%3A%2F%2Fhub.example.com&code=ABCD-EFGH-JKLM')).toEqual({
      ok: true,
      kind: 'enroll',
      hub: 'https://hub.example.com',
      code: 'ABCD-EFGH-JKLM',
    });
    expect(parseLink('loket://enroll?hub=http%3A%2F%2Fevil.example.com&code=ABCD-EFGH-JKLM')).toMatchObject({ ok: false, reason: 'enrollLink', detail: 'hubInsecure' });
    expect(parseLink('ftp://example.com')).toEqual({ ok: false, reason: 'scheme' });
    expect(parseLink('   ')).toEqual({ ok: false, reason: 'empty' });
  });
});
