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
  return dispatcher.dispatch(channel, payload, { shell: 'electron', sender: senderOf(event.sender) });
}

/** The part of a window's webContents that event forwarding uses. */
export interface EventTarget {
  readonly id: number;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', fn: () => void): void;
  on(event: 'did-start-navigation', fn: (details: { isMainFrame: boolean; isSameDocument: boolean }) => void): void;
}

/** The sender id a window's requests carry (see `handleInvoke`). */
export function senderOf(contents: { readonly id: number }): string {
  return `webContents-${contents.id}`;
}

/**
 * Forwards main's events to a window until it is destroyed, and tells main when the page in it
 * goes away: a reload keeps the webContents (and its id) but ends the page's media engine, so
 * main must stop waiting for its answers at once.
 */
export function forwardEvents(events: EventHub, contents: EventTarget): void {
  const sender = senderOf(contents);
  const unsubscribe = events.subscribe((name, payload, to) => {
    if (to !== undefined && to !== sender) return;
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) events.senderGone(sender);
  });
  contents.once('destroyed', () => {
    unsubscribe();
    events.senderGone(sender);
  });
}
