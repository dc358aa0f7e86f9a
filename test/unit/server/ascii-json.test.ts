import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { asciiJson, asciiJsonJoined } from '../../../server/api/ascii-json.ts';

// The first sync's pages leave the hub in ASCII (every other character escaped) so the console can
// decode them as Latin-1: the JSON value must be the very one the database wrote.
const roundTrip = (value: unknown) => {
  const ascii = asciiJson(Buffer.from(JSON.stringify(value)));
  expect(isAscii(ascii)).toBe(true);
  return JSON.parse(ascii.toString('latin1')) as unknown;
};

describe('asciiJson', () => {
  it('keeps the same value for text in two-, three- and four-byte UTF-8 (accents, euro, CJK, emoji)', () => {
    const value = { name: 'Zoë Müller-Łukasiewicz', note: 'Prijs €12,50 — “geleverd” 配送済み 📦👍🏽', facts: [{ city: 'Ærøskøbing' }], plain: 'ascii only', empty: '' };
    expect(roundTrip(value)).toEqual(value);
  });

  it('keeps every code point from U+0080 to U+10FFFF (but lone surrogates, which UTF-8 cannot hold) as it was', () => {
    const chars: string[] = [];
    for (let code = 0x80; code <= 0x10ffff; code += code < 0x3000 ? 1 : 97) if (code < 0xd800 || code > 0xdfff) chars.push(String.fromCodePoint(code));
    const text = chars.join('');
    expect(roundTrip([text])).toEqual([text]);
  });

  it('finds every non-ASCII character wherever it lies (start, end, any alignment of the bytes in memory)', () => {
    const value = ['é' + 'x'.repeat(37) + 'ß' + 'y'.repeat(4) + '€€' + 'z'.repeat(101) + '😀', 'ü'];
    const json = Buffer.from(JSON.stringify(value));
    for (let offset = 0; offset < 8; offset++) {
      const holder = Buffer.alloc(json.length + 16, 0x20);
      json.copy(holder, offset);
      const escaped = asciiJson(holder.subarray(offset, offset + json.length));
      expect(isAscii(escaped)).toBe(true);
      expect(JSON.parse(escaped.toString('latin1'))).toEqual(value);
    }
  });

  it('joins pieces escaped as each alone would be, in one buffer (a page head, its rows, its tail)', () => {
    const head = Buffer.from('{"table":"customer","note":"Zoë","rows":');
    const rows = Buffer.from(JSON.stringify([{ name: 'Anaïs Müller', note: 'x'.repeat(300), city: 'Łódź 😀' }, ['€', 'ascii']]));
    const tail = Buffer.from('}');
    const joined = asciiJsonJoined([head, rows, tail]);
    expect(joined.equals(Buffer.concat([asciiJson(head), asciiJson(rows), asciiJson(tail)]))).toBe(true);
    expect(isAscii(joined)).toBe(true);
    expect(JSON.parse(joined.toString('latin1'))).toEqual({ table: 'customer', note: 'Zoë', rows: JSON.parse(rows.toString()) as unknown });
    const ascii = [Buffer.from('{"a":'), Buffer.from('1}')];
    expect(asciiJsonJoined(ascii).toString()).toBe('{"a":1}');
  });

  it('grows its output when escapes make the text far longer than the room kept (every character non-ASCII)', () => {
    for (const text of ['é'.repeat(5_000), '😀'.repeat(3_000), '€'.repeat(4_001)]) {
      const utf8 = Buffer.from(JSON.stringify([text]));
      const escaped = asciiJsonJoined([Buffer.from('{"rows":'), utf8, Buffer.from('}')]);
      expect(isAscii(escaped)).toBe(true);
      expect(JSON.parse(escaped.toString('latin1'))).toEqual({ rows: [text] });
    }
    // Invalid bytes: one byte in, six out.
    const broken = Buffer.concat([Buffer.from('["'), Buffer.alloc(2_000, 0xff), Buffer.from('"]')]);
    expect(JSON.parse(asciiJsonJoined([broken]).toString('latin1'))).toEqual(['\ufffd'.repeat(2_000)]);
  });

  it('returns ASCII input as it is, without copying it', () => {
    const ascii = Buffer.from('{"rows":[["a","b\\u00e9",1]]}');
    expect(asciiJson(ascii)).toBe(ascii);
  });

  it('turns bytes that are not UTF-8 into U+FFFD and keeps the rest (still valid JSON)', () => {
    const broken = Buffer.concat([Buffer.from('["a'), Buffer.from([0xc3]), Buffer.from('b", "'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('c", "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"]')]);
    const escaped = asciiJson(broken);
    // Each byte that starts no complete sequence is one U+FFFD; an encoded surrogate is one too.
    expect(JSON.parse(escaped.toString('latin1'))).toEqual(['a\ufffdb', '\ufffd\ufffd\ufffdc', '\ufffd']);
  });
});
