// The preload exposes the contract as `window.loket` and nothing else: no ipcRenderer, no Node.
// It runs sandboxed, so it is bundled into one CommonJS file with everything it needs.
//
// This is the one folder besides main/shell/electron/ that imports `electron`: a preload is
// Electron's renderer-side half by definition. Lint allows exactly contextBridge and ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  ipcChannel,
  isEventName,
  isRequestChannel,
  type EventName,
} from '../common/contract/contract.ts';
import type { LoketBridge } from '../common/contract/bridge.ts';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, message: { name: string; payload: unknown }) => {
  if (!isEventName(message.name)) return;
  for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
});

const bridge: LoketBridge = {
  request(channel, payload) {
    // Unknown channels never reach ipcRenderer, so the page cannot invoke arbitrary IPC.
    if (!isRequestChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'request.unknownChannel', params: { channel: String(channel).slice(0, 100) } } });
    }
    return ipcRenderer.invoke(ipcChannel(channel), payload);
  },
  on(name, listener) {
    if (!isEventName(name)) return () => undefined;
    const set = listeners.get(name) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(name, set);
    return () => set.delete(listener);
  },
};

contextBridge.exposeInMainWorld('loket', bridge);
