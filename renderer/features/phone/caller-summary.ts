import type { CallView } from '../../../common/contract/telephony.ts';
import { callerCustomer, isExtension, type Caller } from '../../app/stores/callers-store.ts';

// What the ringing banner and the call panel say about who calls, as a pure function of main's
// call and its caller (`calls.caller`), so it is tested without React.

export type CallerSummary =
  /** One customer: the banner names them with segment and language (what the cache or hub knew). */
  | { readonly kind: 'customer'; readonly id: string; readonly name: string; readonly segment: string | null; readonly language: string | null }
  /** Several customers share the number: the screen pop asks which. */
  | { readonly kind: 'matches'; readonly count: number }
  /** The cache had no match and the hub is being asked: not "unknown" yet. */
  | { readonly kind: 'lookingUp' }
  /** Nobody has the number — at the hub too, or the hub could not be asked (`hubUnreachable`). */
  | { readonly kind: 'unknown'; readonly hubUnreachable: boolean };

/** Null: nothing to say (a colleague's extension, or a customer linked whose details are not here). */
export function callerSummary(call: Pick<CallView, 'remoteNumber' | 'customerId'>, caller: Caller | undefined): CallerSummary | null {
  // A colleague's extension says nothing about a customer, unless it hands one on (a consult call with a hand-off).
  if (isExtension(call.remoteNumber) && !caller?.handoff) return null;
  const customerId = call.customerId ?? callerCustomer(caller);
  if (customerId !== null) {
    const view = caller?.customer?.customer.id === customerId ? caller.customer.customer : null;
    if (view) return { kind: 'customer', id: customerId, name: view.name, segment: view.segment, language: view.language };
    const match = caller?.matches.find((candidate) => candidate.id === customerId);
    return match ? { kind: 'customer', id: customerId, name: match.name, segment: null, language: match.language } : null;
  }
  const hidden = call.remoteNumber === '' || call.remoteNumber === 'anonymous';
  // Main sends the caller as the call arrives; until it is here, the lookup is under way.
  if (!caller) return hidden ? { kind: 'unknown', hubUnreachable: false } : { kind: 'lookingUp' };
  if (caller.matches.length > 1) return { kind: 'matches', count: caller.matches.length };
  if (caller.pending) return { kind: 'lookingUp' };
  return { kind: 'unknown', hubUnreachable: caller.hubUnreachable };
}
