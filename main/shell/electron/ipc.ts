import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../../common/contract/contract.ts';
import type { Envelope } from '../../../common/errors.ts';
import type { EventHub } from '../../contract/events.ts';
import type { Dispatcher } from '../../contract/serve.ts';
import { createLogger } from '../../log.ts';
import { isTrustedSender } from './trusted-sender.ts';

const log = createLogger('ipc');

/** The part of `ipcMain` we use; main.ts passes the real one, tests a recording stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of an invoke event the guard reads. */
type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

/**
 * The one validating wrapper around ipcMain (raw `ipcMain.handle` elsewhere fails lint): one
 * handler per contract channel, each refusing any sender but the app's own top frame before
 * the dispatcher validates the payload.
 */
export function registerContractHandlers(ipcMain: IpcMainLike, dispatcher: Dispatcher): () => void {
  for (const channel of dispatcher.channels) {
    ipcMain.handle(ipcChannel(channel), (event, payload) => handleInvoke(dispatcher, channel, event, payload));
  }
  return () => {
    for (const channel of dispatcher.channels) ipcMain.removeHandler(ipcChannel(channel));
  };
}

export async function handleInvoke(
  dispatcher: Dispatcher,
  channel: string,
  event: InvokeEventLike,
  payload: unknown,
): Promise<Envelope<unknown>> {
  const frame = event.senderFrame;
  const sender = frame ? { url: frame.url, isTopFrame: frame.parent === null } : null;
  if (!isTrustedSender(sender)) {
    log.warn(`refused ${channel} from an untrusted frame`, sender?.url ?? '(gone)');
    return { ok: false, error: { code: 'sender.forbidden', params: {} } };
  }
  return dispatcher.dispatch(channel, payload, { shell: 'electron', sender: `webContents-${event.sender.id}` });
}

/** Forwards main's events to a window until it is destroyed. */
export function forwardEvents(
  events: EventHub,
  contents: { send(channel: string, message: unknown): void; isDestroyed(): boolean; once(event: 'destroyed', fn: () => void): void },
): void {
  const unsubscribe = events.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
  contents.once('destroyed', unsubscribe);
}
