import { describe, expect, it } from 'vitest';
import { following, pageHead, snapshotPath } from '../../../main/sync/snapshot-fetch-protocol.ts';

const bytes = (text: string): ArrayBuffer => {
  const buffer = Buffer.from(text, 'utf8');
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
};

describe("a snapshot page's head, read without its rows", () => {
  it('reads table, sequence value, next key and more from a page with columns and rows', () => {
    const page = `{"table":"interaction","upTo":812,"next":"f3a1","more":true,"columns":["id","note"],"ms":["started_at"],"rows":[["f3a1","a note, \\"rows\\":[1] inside"]]}`;
    expect(pageHead(bytes(page))).toEqual({ table: 'interaction', upTo: 812, next: 'f3a1', more: true });
  });

  it('keeps a next key holding quotes, commas and non-ASCII letters', () => {
    const next = 'Zoë\u0027s "rows": key,';
    const page = `${JSON.stringify({ table: 'reason_code', upTo: 3, next, more: false }).slice(0, -1)},"rows":[]}`;
    expect(pageHead(bytes(page))?.next).toBe(next);
  });

  it('is null for a body that is not a page', () => {
    expect(pageHead(bytes('{"code":"internal","params":{}}'))).toBeNull();
    expect(pageHead(bytes('{"table":"agent","rows":[]}'))).toBeNull();
    expect(pageHead(bytes('not json,"rows":[]'))).toBeNull();
  });
});

describe('a snapshot request path', () => {
  it('leaves out the key and the sequence value at the start and escapes the key', () => {
    expect(snapshotPath('agent', '', null, 40)).toBe('/sync/snapshot?table=agent&limit=40');
    expect(snapshotPath('customer', 'a&b c', 17, 10_000)).toBe('/sync/snapshot?table=customer&after=a%26b%20c&limit=10000&upTo=17');
  });
});

describe('where a load goes after a page', () => {
  const tables = ['agent', 'customer', 'interaction'];
  it('stays in the table after its next key while there is more, then starts the next table, then ends', () => {
    expect(following({ table: 'customer', next: 'c9', more: true }, tables)).toEqual({ table: 'customer', after: 'c9' });
    expect(following({ table: 'customer', next: 'c9', more: false }, tables)).toEqual({ table: 'interaction', after: '' });
    expect(following({ table: 'interaction', next: null, more: false }, tables)).toBeNull();
  });
});
