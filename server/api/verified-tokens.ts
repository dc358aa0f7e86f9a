// An access token's HMAC signature was checked with WebCrypto on every request (~0.85 ms of CPU
// each, the largest single cost of a small read). A token is a fixed string: once its signature
// is proven, the same string needs no second proof. What can change is time alone, so the token's
// expiry is compared with the clock on every use; the session behind it is checked elsewhere
// (session-cache.ts), whatever this memo says.

/** Beyond this many tokens the memo starts over (a bound on memory: one token per console per 15 min). */
const MAX_TOKENS = 20_000;

export interface VerifiedClaims {
  readonly sub: string | undefined;
  readonly sid: string | undefined;
  /** Seconds since the epoch, as in the token. */
  readonly exp: number;
}

export class VerifiedTokens {
  readonly #claims = new Map<string, VerifiedClaims>();

  /** The claims of a token whose signature was proven, or undefined. */
  get(token: string): VerifiedClaims | undefined {
    return this.#claims.get(token);
  }

  remember(token: string, claims: VerifiedClaims): void {
    if (this.#claims.size >= MAX_TOKENS) this.#claims.clear();
    this.#claims.set(token, claims);
  }

  /** Expired tokens are dropped when met; this drops them all (e.g. on a timer). */
  forgetExpired(nowSeconds: number): void {
    for (const [token, claims] of this.#claims) if (claims.exp <= nowSeconds) this.#claims.delete(token);
  }
}
