import type { ErrorCode, ErrorPayload } from '../../common/errors.ts';
import { LoketError } from '../../common/errors.ts';
import type { T } from './use-t.ts';

/** Every error code's message key, as literals: a new code without a message fails typecheck. */
const MESSAGE_KEYS = {
  'request.malformed': 'errors:request.malformed',
  'request.invalid': 'errors:request.invalid',
  'request.unknownChannel': 'errors:request.unknownChannel',
  'sender.forbidden': 'errors:sender.forbidden',
  internal: 'errors:internal',
  'bridge.disconnected': 'errors:bridge.disconnected',
  'bridge.timeout': 'errors:bridge.timeout',
  'bridge.unauthorized': 'errors:bridge.unauthorized',
  'settings.saveFailed': 'errors:settings.saveFailed',
  'cache.unavailable': 'errors:cache.unavailable',
  'cache.rebuilt': 'errors:cache.rebuilt',
  'customer.notFound': 'errors:customer.notFound',
  'customer.invalidPhone': 'errors:customer.invalidPhone',
  'hub.notSignedIn': 'errors:hub.notSignedIn',
  'hub.unreachable': 'errors:hub.unreachable',
  'hub.refused': 'errors:hub.refused',
  'phone.authFailed': 'errors:phone.authFailed',
  'phone.serverUnreachable': 'errors:phone.serverUnreachable',
  'phone.keepAliveLost': 'errors:phone.keepAliveLost',
  'phone.serverRefused': 'errors:phone.serverRefused',
  'phone.notConfigured': 'errors:phone.notConfigured',
  'phone.notRegistered': 'errors:phone.notRegistered',
  'phone.badNumber': 'errors:phone.badNumber',
  'phone.noCall': 'errors:phone.noCall',
  'phone.wrongState': 'errors:phone.wrongState',
  'phone.noMedia': 'errors:phone.noMedia',
  'phone.microphoneBlocked': 'errors:phone.microphoneBlocked',
  'phone.callFailed': 'errors:phone.callFailed',
  'phone.wrapUpNotExtendable': 'errors:phone.wrapUpNotExtendable',
  'handoff.noAssignee': 'errors:handoff.noAssignee',
  'handoff.noExtension': 'errors:handoff.noExtension',
  'cobrowse.ended': 'errors:cobrowse.ended',
} as const satisfies Record<ErrorCode, string>;

/** The agent-facing sentence for any failure: a known code is translated, the rest is `internal`. */
export function errorMessage(t: T, error: unknown): string {
  const payload: ErrorPayload =
    error instanceof LoketError ? error.toPayload() : { code: 'internal', params: { channel: 'renderer' } };
  return t(MESSAGE_KEYS[payload.code], { channel: '', field: '', reason: '', code: '', status: '', target: '', ...payload.params });
}
