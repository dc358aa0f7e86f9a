import type { HubErrorCode } from '../../common/hub/api.ts';

/** An expected failure: an HTTP status and a `{code, params}` the console translates. */
export class HubError extends Error {
  readonly status: number;
  readonly code: HubErrorCode;
  readonly params: Record<string, string | number>;

  constructor(status: number, code: HubErrorCode, params: Record<string, string | number> = {}) {
    super(code);
    this.status = status;
    this.code = code;
    this.params = params;
  }
}

export const notFound = (what: string) => new HubError(404, 'not.found', { what });
export const forbidden = (reason: string) => new HubError(403, 'auth.forbidden', { reason });
