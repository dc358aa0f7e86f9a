import { describe, expect, it } from 'vitest';
import { dialledLine, parseNameAddr, splitEntries, type DialledHeaders } from '../../../main/telephony/dialled-line.ts';

// Which shop line or queue an incoming call was dialled on, from the INVITE's Diversion and To.

const invite = (headers: Partial<DialledHeaders>): DialledHeaders => ({ diversion: [], toUser: '1001', toName: undefined, ownUser: '1001', ...headers });

describe('the dialled line of an incoming call', () => {
  it('takes the number the customer dialled first from the bottom Diversion entry, with its name', () => {
    const headers = invite({
      diversion: [
        '<sip:2100@pbx.example.eu>;reason=no-answer;counter=1',
        '"Klantenservice NL" <sip:+31205551001@pbx.example.eu;user=phone>;reason=unconditional, <sip:2000@pbx>;reason=deflection',
      ],
    });
    // The entries are top first: the last one is the original.
    expect(dialledLine(headers, 'NL')).toEqual({ number: '2000', name: null, via: 'diversion' });
    expect(dialledLine(invite({ diversion: ['"Klantenservice NL" <sip:+31205551001@pbx.example.eu;user=phone>;reason=unconditional'] }), 'NL')).toEqual({
      number: '+31205551001',
      name: 'Klantenservice NL',
      via: 'diversion',
    });
  });

  it('reads national and tel: notations into E.164 in the office’s country, and quoted commas as part of a name', () => {
    expect(dialledLine(invite({ diversion: ['Bestellungen <tel:089-4721-5471>;reason=unconditional'] }), 'DE')).toEqual({ number: '+498947215471', name: 'Bestellungen', via: 'diversion' });
    expect(dialledLine(invite({ diversion: ['"Returns, NL" <sip:0205551002@10.0.0.1>;reason=time-of-day'] }), 'NL')).toEqual({ number: '+31205551002', name: 'Returns, NL', via: 'diversion' });
    expect(dialledLine(invite({ diversion: ['sip:%2B31205551003@pbx;reason=unknown'] }), 'NL')).toMatchObject({ number: '+31205551003', name: null });
  });

  it('takes a To that is a shop number other than the agent’s own, and ignores a To that is the agent or an extension', () => {
    expect(dialledLine(invite({ toUser: '+31205551001', toName: 'Webshop service' }), 'NL')).toEqual({ number: '+31205551001', name: 'Webshop service', via: 'to' });
    expect(dialledLine(invite({ toUser: '1001' }), 'NL')).toBeNull();
    expect(dialledLine(invite({ toUser: 'agent.anna', ownUser: 'agent.anna' }), 'NL')).toBeNull();
    expect(dialledLine(invite({ toUser: '2000' }), 'NL')).toBeNull();
    expect(dialledLine(invite({ toUser: 'sales' }), 'NL')).toBeNull();
    expect(dialledLine(invite({ toUser: undefined }), 'NL')).toBeNull();
  });

  it('prefers the Diversion over the To, and skips a Diversion it cannot read', () => {
    expect(dialledLine(invite({ toUser: '+31205551009', diversion: ['<sip:+31205551001@pbx>'] }), 'NL')).toMatchObject({ number: '+31205551001', via: 'diversion' });
    expect(dialledLine(invite({ toUser: '+31205551009', diversion: ['garbage without uri'] }), 'NL')).toMatchObject({ number: '+31205551009', via: 'to' });
  });

  it('caps what the far end sends and drops control characters', () => {
    const line = dialledLine(invite({ diversion: [`"${'Q'.repeat(300)}\u0007" <sip:${'9'.repeat(200)}@pbx>`] }), 'NL');
    expect(line?.name).toHaveLength(100);
    expect(line?.number.length).toBeLessThanOrEqual(64);
    expect(dialledLine(invite({ toUser: '+3120\u00005551001' }), 'NL')).toMatchObject({ number: '+31205551001' });
  });
});

describe('name-addr lists', () => {
  it('split at commas outside quotes and angle brackets', () => {
    expect(splitEntries('"A, B" <sip:1@x>;r=1, <sip:2@x;a=b,c>, sip:3@x')).toEqual(['"A, B" <sip:1@x>;r=1', '<sip:2@x;a=b,c>', 'sip:3@x']);
    expect(parseNameAddr('"Say \\"hi\\"" <sip:1@x>')).toEqual({ name: 'Say "hi"', uri: 'sip:1@x' });
    expect(parseNameAddr('')).toBeNull();
  });
});
