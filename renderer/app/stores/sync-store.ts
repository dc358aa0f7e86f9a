import { create } from 'zustand';
import type { SetAsideItem, SyncStatus } from '../../../common/contract/data.ts';
import type { LoketClient } from '../../bridge/index.ts';

interface SyncState {
  /** Null until main has answered `sync.status` (or when it cannot). */
  readonly status: SyncStatus | null;
  /** The writes the hub refused, newest first as main lists them. */
  readonly setAside: readonly SetAsideItem[];
  /**
   * The agent closed the "rebuilt" notice. The cache keeps reporting `rebuilt` until its next
   * state change, so the notice comes back only when the cache leaves that state and returns.
   */
  readonly rebuiltNoticeDismissed: boolean;
  receive(status: SyncStatus): void;
  receiveSetAside(items: readonly SetAsideItem[]): void;
  dismissRebuiltNotice(): void;
  /** Asks main for both; used at start and after the link to main came back. */
  load(client: LoketClient): Promise<void>;
  refreshSetAside(client: LoketClient): Promise<void>;
  discard(client: LoketClient, id: string): Promise<void>;
}

/** The console's sync with the hub, its outbox and its local cache, as main reports them. */
export const useSyncStore = create<SyncState>()((set, get) => ({
  status: null,
  setAside: [],
  rebuiltNoticeDismissed: false,
  receive(status) {
    const wasRebuilt = get().status?.cache.state === 'rebuilt';
    set({ status, rebuiltNoticeDismissed: wasRebuilt && status.cache.state === 'rebuilt' ? get().rebuiltNoticeDismissed : false });
  },
  receiveSetAside(items) {
    set({ setAside: items, status: withSetAside(get().status, items) });
  },
  dismissRebuiltNotice() {
    set({ rebuiltNoticeDismissed: true });
  },
  async load(client) {
    const [status, items] = await Promise.all([client.request('sync.status', {}), client.request('outbox.setAside', {})]);
    get().receive(status);
    get().receiveSetAside(items);
  },
  async refreshSetAside(client) {
    get().receiveSetAside(await client.request('outbox.setAside', {}));
  },
  async discard(client, id) {
    get().receiveSetAside(await client.request('outbox.discard', { id }));
  },
}));

/** The list is the truth for the count: the badge must not say 1 after the last was discarded. */
function withSetAside(status: SyncStatus | null, items: readonly SetAsideItem[]): SyncStatus | null {
  return status && status.setAside !== items.length ? { ...status, setAside: items.length } : status;
}
