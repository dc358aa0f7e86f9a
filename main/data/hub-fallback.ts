import { LoketError } from '../../common/errors.ts';
import { HubRequestError } from '../hub/hub-session.ts';

/**
 * A read or write at the hub, as the agent sees its failures: a 401 is `hub.notSignedIn`, any
 * other refusal `hub.refused` with the hub's code; no answer at all is `hub.unreachable` when
 * `required`, and otherwise an empty answer (the cache's stands). Every outcome tells
 * `reachable` whether the hub answered.
 */
export async function fromHub<T>(read: () => Promise<T>, required: boolean, reachable: (ok: boolean) => void): Promise<T> {
  try {
    const value = await read();
    reachable(true);
    return value;
  } catch (error) {
    if (error instanceof HubRequestError) {
      reachable(true);
      if (error.status === 401) throw new LoketError('hub.notSignedIn', {});
      throw new LoketError('hub.refused', { code: error.code, status: error.status });
    }
    reachable(false);
    if (!required) return [] as T;
    throw new LoketError('hub.unreachable', {});
  }
}
