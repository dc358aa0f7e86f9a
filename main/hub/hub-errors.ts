import { z } from 'zod';

// How the hub says no: its answers other than 2xx carry `{code, params}`; no answer at all is
// another error, so callers can tell "refused" from "unreachable".

const HubErrorBody = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()).optional() });

/** The hub answered, but not with success. */
export class HubRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(`hub answered ${status} ${code}`);
    this.name = 'HubRequestError';
    this.status = status;
    this.code = code;
  }
}

/** The hub could not be reached (network, timeout, DNS, not signed in yet). */
export class HubUnreachableError extends Error {
  constructor(detail: string) {
    super(`hub unreachable: ${detail}`);
    this.name = 'HubUnreachableError';
  }
}

export async function errorCode(response: Response): Promise<string> {
  return (await errorBody(response)).code;
}

/** The hub's `{code, params}`; `retryAfter` (seconds) comes with a 429, `reason` with some refusals (`auth.expired` reason `access`). */
export async function errorBody(response: Response): Promise<{ code: string; retryAfter: number | null; reason: string | null }> {
  const body = HubErrorBody.safeParse(await response.json().catch(() => null));
  if (!body.success) return { code: `http.${response.status}`, retryAfter: null, reason: null };
  const retryAfter = Number(body.data.params?.retryAfter);
  const reason = body.data.params?.reason;
  return { code: body.data.code, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null, reason: typeof reason === 'string' ? reason : null };
}
