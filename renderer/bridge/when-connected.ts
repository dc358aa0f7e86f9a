import type { LoketClient } from './client.ts';

/**
 * Runs `run` now if the link to main is up, and again each time it comes back up (a reloaded
 * main, a reconnected socket): what the page loads from main it loads again after a gap, when
 * events may have been missed. Returns the function that stops watching.
 */
export function whenConnected(client: LoketClient, run: () => void): () => void {
  let connected = client.status().state === 'connected';
  const off = client.onStatus((status) => {
    const now = status.state === 'connected';
    if (now && !connected) run();
    connected = now;
  });
  if (connected) run();
  return off;
}
