import { SignJWT, jwtVerify } from 'jose';

// Visitor tokens: the shop's back end (with its ingest key) asks the hub for one for a signed-in
// customer and puts it in the snippet's `data-visitor`; the snippet shows it on the doorbell
// socket, so an agent's request reaches that customer's open page. Signed with the hub's secret,
// typed so that neither an agent's access token nor a visitor token can stand in for the other
// (access tokens carry a session id that a visitor token lacks).

export const VISITOR_TOKEN_TTL_MS = 15 * 60_000;
const TYPE = 'cobrowse-visitor';

export class VisitorTokens {
  readonly #secret: Uint8Array;
  readonly #now: () => Date;

  constructor(secret: Uint8Array, now: () => Date) {
    this.#secret = secret;
    this.#now = now;
  }

  async mint(customerId: string): Promise<{ token: string; expiresAt: string }> {
    const now = this.#now();
    const expires = new Date(now.getTime() + VISITOR_TOKEN_TTL_MS);
    const token = await new SignJWT({ typ: TYPE })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(customerId)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expires.getTime() / 1000))
      .sign(this.#secret);
    return { token, expiresAt: expires.toISOString() };
  }

  /** The customer id of a valid visitor token, or null (wrong, expired, or another kind of token). */
  async customerOf(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, { algorithms: ['HS256'], currentDate: this.#now() });
      return payload['typ'] === TYPE && typeof payload.sub === 'string' && !('sid' in payload) ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
