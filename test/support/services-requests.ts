import type { Services } from '../../main/services.ts';

// Talking to main's services the way a renderer does (through the contract's dispatcher), and
// waiting for what they do in the background (sync, outbox), for the integration tests.

/** A contract request through main's dispatcher; a refusal throws with its error `code`. */
export async function request<T>(services: Services, channel: string, payload: unknown): Promise<T> {
  const envelope = await services.dispatcher.dispatch(channel, payload, { shell: 'web', sender: 'test' });
  if (!envelope.ok) throw Object.assign(new Error(`${channel}: ${JSON.stringify(envelope.error)}`), { code: envelope.error.code });
  return envelope.value as T;
}

/** Polls `probe` until it gives something truthy (that value is returned) or the time is up. */
export async function until<T>(what: string, probe: () => T | undefined | false | null | Promise<T | undefined | false | null>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
