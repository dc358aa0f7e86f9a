import { unwrap, type ConnectionStatus, type LoketClient } from '../../renderer/bridge/client.ts';
import type { Services } from '../../main/services.ts';
import type { EventName } from '../../common/contract/contract.ts';

/**
 * The renderer's client wired straight to real main services in the same process: component
 * tests exercise the real dispatcher, settings file and events, without a transport in between.
 */
export function inProcessClient(services: Services): LoketClient {
  const status: ConnectionStatus = { state: 'connected' };
  return {
    request: async (channel, payload) =>
      unwrap(await services.dispatcher.dispatch(channel, structuredClone(payload), { shell: 'web', sender: 'component-test' })),
    on: (name, listener) =>
      services.events.subscribe((eventName: EventName, payload, to) => {
        if (eventName === name && (to === undefined || to === 'component-test')) (listener as (p: unknown) => void)(structuredClone(payload));
      }),
    status: () => status,
    onStatus: () => () => undefined,
  };
}
