import { z } from 'zod';
import {
  contract,
  isRequestChannel,
  type ParsedRequestOf,
  type RequestChannel,
  type ResponseOf,
  type ShellKind,
} from '../../common/contract/contract.ts';
import { LoketError, type Envelope } from '../../common/errors.ts';
import { createLogger } from '../log.ts';

const log = createLogger('contract');

/** Who is asking: each shell fills this in after it has checked the sender. */
export interface CallContext {
  readonly shell: ShellKind;
  /** A stable id of the sender (webContents id, socket id) for logs. */
  readonly sender: string;
}

/** One handler per channel; the type makes the set exhaustive. */
export type Handlers = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>, context: CallContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export interface Dispatcher {
  readonly channels: readonly RequestChannel[];
  /** Never throws: every outcome is an envelope, so a bad message cannot take main down. */
  dispatch(channel: string, payload: unknown, context: CallContext): Promise<Envelope<unknown>>;
}

const SLOW_REQUEST_MS = 40;

/**
 * The one place requests enter main. Both shells call `dispatch`; it validates the request
 * against the contract, runs the handler, and checks the handler's own answer too, so a bug in
 * main surfaces here instead of as a confusing render in the console.
 */
export function serve(handlers: Handlers): Dispatcher {
  const channels = Object.keys(contract.requests) as RequestChannel[];
  return {
    channels,
    async dispatch(channel, payload, context) {
      if (!isRequestChannel(channel)) {
        log.warn(`unknown channel from ${context.sender}`, channel.slice(0, 100));
        return failure(new LoketError('request.unknownChannel', { channel: channel.slice(0, 100) }));
      }
      const spec = contract.requests[channel];
      const parsed = spec.request.safeParse(payload);
      if (!parsed.success) {
        return failure(new LoketError('request.invalid', { channel, field: firstIssuePath(parsed.error) }));
      }
      const started = performance.now();
      try {
        const handler = handlers[channel] as (request: unknown, context: CallContext) => unknown;
        const value: unknown = await handler(parsed.data, context);
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          log.error(`handler for ${channel} returned a value outside the contract`, z.prettifyError(checked.error));
          return failure(new LoketError('internal', { channel }));
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        if (error instanceof LoketError) return failure(error);
        log.error(`handler for ${channel} failed`, error);
        return failure(new LoketError('internal', { channel }));
      } finally {
        const elapsed = performance.now() - started;
        if (elapsed > SLOW_REQUEST_MS) log.warn(`slow request ${channel}: ${elapsed.toFixed(1)} ms`);
      }
    },
  };
}

function failure(error: LoketError): Envelope<never> {
  return { ok: false, error: error.toPayload() };
}

function firstIssuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue || issue.path.length === 0) return '(root)';
  return issue.path.map(String).join('.');
}
