import { describe, expect, it } from 'vitest';
import { jsonBody } from '../../../main/hub/json-body.ts';
import { asciiJson } from '../../../server/api/ascii-json.ts';

// The console reads every hub answer through jsonBody: ASCII bodies (the first sync's pages) take the
// fast Latin-1 path, anything else is UTF-8. Both must give the very value the hub meant.
const value = { table: 'customer', rows: [['Zoë Müller', 'Ærøskøbing', 'prijs €5 📦', 12, null, true]] };

describe('jsonBody', () => {
  it('reads an ASCII-escaped answer and a plain UTF-8 answer of the same value alike', async () => {
    const utf8 = Buffer.from(JSON.stringify(value));
    expect(await jsonBody(new Response(new Uint8Array(utf8)))).toEqual(value);
    expect(await jsonBody(new Response(new Uint8Array(asciiJson(utf8))))).toEqual(value);
  });

  it('drops a leading byte order mark, as response.json() does', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(value))]);
    expect(await jsonBody(new Response(new Uint8Array(withBom)))).toEqual(value);
  });

  it('fails on a body that is not JSON, as response.json() does', async () => {
    await expect(jsonBody(new Response('{"rows": ['))).rejects.toThrow(SyntaxError);
  });
});
