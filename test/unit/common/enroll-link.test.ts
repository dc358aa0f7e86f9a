import { describe, expect, it } from 'vitest';
import { enrollLinkOf, normaliseEnrollCode, parseEnrollLink } from '../../../common/links/enroll-link.ts';

const CODE = 'ABCD-EFGH-JK23';
const link = (hub: string, code = CODE) => `loket://enroll?hub=${encodeURIComponent(hub)}&code=${encodeURIComponent(code)}`;

describe('the enrollment link parser', () => {
  it('reads a link to an https hub, with whitespace around it, and gives the normalised code', () => {
    expect(parseEnrollLink(`  ${link('https://hub.shop.example')}\n`)).toEqual({ ok: true, hub: 'https://hub.shop.example', code: CODE });
    expect(parseEnrollLink(link('https://hub.shop.example/loket/', 'abcd efgh jk23'))).toEqual({ ok: true, hub: 'https://hub.shop.example/loket', code: CODE });
    expect(parseEnrollLink(`loket:enroll?hub=https%3A%2F%2Fhub.shop.example&code=ABCDEFGHJK23`)).toEqual({ ok: true, hub: 'https://hub.shop.example', code: CODE });
  });

  it('takes plain http only to this machine (the demo and tests)', () => {
    for (const hub of ['http://localhost:8080', 'http://127.0.0.1:4000', 'http://[::1]:4000']) expect(parseEnrollLink(link(hub))).toMatchObject({ ok: true });
    expect(parseEnrollLink(link('http://hub.shop.example'))).toEqual({ ok: false, reason: 'hubInsecure' });
    expect(parseEnrollLink(link('http://127.0.0.1.evil.example'))).toEqual({ ok: false, reason: 'hubInsecure' });
    expect(parseEnrollLink(link('http://10.0.0.5'))).toEqual({ ok: false, reason: 'hubInsecure' });
  });

  it('refuses hostile hubs: other schemes, credentials, fragments, queries', () => {
    expect(parseEnrollLink(link('javascript:alert(1)'))).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(link('file:///etc/passwd'))).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(link('data:text/html,hi'))).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(link('wss://hub.shop.example'))).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(link('https://user:pw@hub.shop.example'))).toEqual({ ok: false, reason: 'hubCredentials' });
    expect(parseEnrollLink(link('https://hub.shop.example@evil.example'))).toEqual({ ok: false, reason: 'hubCredentials' });
    expect(parseEnrollLink(link('https://hub.shop.example/#x'))).toEqual({ ok: false, reason: 'fragment' });
    expect(parseEnrollLink(`${link('https://hub.shop.example')}#frag`)).toEqual({ ok: false, reason: 'fragment' });
    expect(parseEnrollLink(link('https://hub.shop.example/?next=evil'))).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(link('not a url'))).toEqual({ ok: false, reason: 'hubInvalid' });
  });

  it('refuses a second hub or code, a missing one, and other link kinds', () => {
    expect(parseEnrollLink(`${link('https://a.example')}&hub=${encodeURIComponent('https://b.example')}`)).toEqual({ ok: false, reason: 'hubInvalid' });
    expect(parseEnrollLink(`${link('https://a.example')}&code=WXYZ-WXYZ-WXYZ`)).toEqual({ ok: false, reason: 'codeInvalid' });
    expect(parseEnrollLink('loket://enroll?code=ABCD-EFGH-JK23')).toEqual({ ok: false, reason: 'hubMissing' });
    expect(parseEnrollLink('loket://enroll?hub=https%3A%2F%2Fa.example')).toEqual({ ok: false, reason: 'codeMissing' });
    expect(parseEnrollLink('loket://settings?hub=https%3A%2F%2Fa.example&code=ABCDEFGHJK23')).toEqual({ ok: false, reason: 'scheme' });
    expect(parseEnrollLink('https://hub.example/enroll?code=ABCDEFGHJK23')).toEqual({ ok: false, reason: 'scheme' });
    expect(parseEnrollLink('tel:+31612345678')).toEqual({ ok: false, reason: 'scheme' });
    expect(parseEnrollLink('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseEnrollLink('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseEnrollLink('ABCD-EFGH-JK23')).toEqual({ ok: false, reason: 'notALink' });
    expect(parseEnrollLink(`loket://enroll?hub=https%3A%2F%2Fa.example&code=ABCD\u0000EFGHJK23`)).toEqual({ ok: false, reason: 'notALink' });
  });

  it('refuses a link over 2,000 characters', () => {
    expect(parseEnrollLink(`${link('https://hub.shop.example')}&pad=${'x'.repeat(2_000)}`)).toEqual({ ok: false, reason: 'tooLong' });
  });

  it('refuses codes outside the alphabet (0, O, 1, I) or of the wrong length', () => {
    for (const code of ['ABCD-EFGH-JK2O', 'ABCD-EFGH-JK21', 'ABCD-EFGH-JKI3', 'ABCD-EFGH-JK2', 'ABCD-EFGH-JK234', 'ABCD_EFGH_JK23', '<script>']) {
      expect(parseEnrollLink(link('https://hub.shop.example', code))).toEqual({ ok: false, reason: 'codeInvalid' });
    }
    expect(normaliseEnrollCode('abcd-efgh-jk23')).toBe(CODE);
    expect(normaliseEnrollCode('abcd0fghjk23')).toBeNull();
  });

  it('round-trips the link the hub hands out', () => {
    expect(parseEnrollLink(enrollLinkOf('https://hub.shop.example', CODE))).toEqual({ ok: true, hub: 'https://hub.shop.example', code: CODE });
  });
});
