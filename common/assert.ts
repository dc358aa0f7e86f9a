/** For exhaustive switches: the compiler proves this is unreachable, the runtime reports if not. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

/** Marks a promise that is deliberately not awaited, and makes sure its failure is seen. */
export function drop(promise: Promise<unknown>, onError: (error: unknown) => void = logDropped): void {
  promise.catch(onError);
}

// Every runtime Loket runs in has a console; common's lib deliberately has no host types.
declare const console: { error(...data: unknown[]): void };

function logDropped(error: unknown): void {
  console.error('[loket] unawaited promise failed', error);
}
