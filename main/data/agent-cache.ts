import type { UnusableReason } from '../cache/cache-db.ts';
import { LocalCache } from '../cache/local-cache.ts';
import type { SecretVault } from '../cache/vault.ts';
import { createLogger } from '../log.ts';

const log = createLogger('data');

/**
 * Opens (or creates) the cache for this agent at this hub. A cache another agent or another hub
 * left on this computer is wiped first; the cache then remembers whose it is.
 */
export function openAgentCache(
  dir: string,
  vault: SecretVault,
  owner: { readonly agentId: string; readonly url: string },
  onRebuilt: (reason: UnusableReason) => void,
): LocalCache {
  let cache = LocalCache.open(dir, vault, onRebuilt);
  const previous = cache.meta('agent_id');
  if (previous !== null && (previous !== owner.agentId || cache.meta('hub_url') !== owner.url)) {
    // Another agent (or another hub) used this computer: their copy is not this agent's to see.
    log.warn(`the cache belonged to another session (${cache.outbox.counts().pending} unsent writes dropped); starting afresh`);
    cache.wipe();
    cache = LocalCache.open(dir, vault);
  }
  cache.setMeta('agent_id', owner.agentId);
  cache.setMeta('hub_url', owner.url);
  return cache;
}
