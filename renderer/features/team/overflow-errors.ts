import { LoketError } from '../../../common/errors.ts';
import { errorMessage } from '../../i18n/errors.ts';
import type { T } from '../../i18n/use-t.ts';

/** The hub's refusals a lead meets on the overflow panel, in words that say what to do. */
export function overflowErrorMessage(t: T, error: unknown): string {
  if (error instanceof LoketError && error.code === 'hub.refused') {
    const code = error.params.code;
    if (code === 'sip.poolEmpty') return t('overflow:errors.poolEmpty');
    if (code === 'auth.forbidden') return t('overflow:errors.forbidden');
    if (code === 'not.found') return t('overflow:errors.notFound');
  }
  return errorMessage(t, error);
}
