import type { CallerIdentified, CallerSource } from '../../common/contract/caller-id.ts';
import type { CallHandoff } from '../../common/contract/handoffs.ts';
import type { Customer360 } from '../../common/contract/data.ts';
import type { CallerMatch, CallView } from '../../common/contract/telephony.ts';
import type { Handoff } from '../../common/hub/escalations.ts';
import type { HandoffMatch } from '../handoffs/handoff-match.ts';
import { createLogger } from '../log.ts';
import type { CallEvent } from '../telephony/call-events.ts';
import { callHandoff, handoffMatch, sameCustomers, toMatches } from './caller-matches.ts';
import type { CallerHit, CallerIdOptions } from './caller-ports.ts';

export type { CallerData, CallerHandoffs, CallerHit, CallerIdOptions, CallerIdPhone } from './caller-ports.ts';

const log = createLogger('caller-id');

interface Caller {
  readonly callId: string;
  readonly number: string;
  readonly inbound: boolean;
  matches: CallerMatch[];
  customerId: string | null;
  source: CallerSource;
  pending: boolean;
  hubUnreachable: boolean;
  /** The linked customer's 360 as the hub gave it (the cache may not hold that customer yet). */
  hub360: Customer360 | null;
  /** The hand-off the call came with: its escalation names the customer, whatever the number says. */
  handoff: CallHandoff | null;
}

/**
 * Caller id: who is on a call. The softphone announces each new call; a colleague's hand-off
 * ("Transfer to expert": header, number, or the one recent offer) names it first; else caller id
 * looks the number up — the cache first (exact E.164, one index read before the call rings); when the cache
 * has no match, the hub, as Search does (meanwhile "looking up", never "unknown"); and again from
 * the cache whenever a sync changes customers while the call is known — links the call when one
 * customer has the number, and tells the page in one event, `calls.caller`, each time the answer
 * changes. "Unknown" is said only when the hub has no match either, and "not reachable" when it
 * could not be asked. The softphone knows no customers.
 */
export class CallerId {
  readonly #options: CallerIdOptions;
  readonly #callers = new Map<string, Caller>();
  /** Caller id is linking a call itself: the softphone's `linked` event is not the agent's. */
  #linking = false;
  readonly #unsubscribe: (() => void)[];

  constructor(options: CallerIdOptions) {
    this.#options = options;
    this.#unsubscribe = [options.phone.onCall((event) => this.#onCall(event)), options.data.onCustomersChanged(() => this.#recheckAll())];
  }

  /** The callers of the inbound calls main still tracks (`calls.callers`: a reloaded page starts from these). */
  callers(): CallerIdentified[] {
    return [...this.#callers.values()].filter((caller) => caller.inbound).map((caller) => this.#message(caller));
  }

  /**
   * A hand-off was offered just now: a transferred call may have arrived a moment before its
   * hand-off (the live event raced the SIP signalling). Inbound calls not named by a hand-off
   * and not settled by the agent look again.
   */
  handoffOffered(calls: (callId: string) => CallView | null): void {
    for (const caller of this.#callers.values()) {
      if (!caller.inbound || caller.handoff || caller.source === 'agent') continue;
      const call = calls(caller.callId);
      if (!call || call.state === 'ended') continue;
      const match = this.#matchHandoff(call);
      if (match.kind === 'held') this.#takeHandoff(caller, match.held.handoff);
    }
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off();
    this.#callers.clear();
  }

  #onCall(event: CallEvent): void {
    if (event.type === 'new') this.#identify(event.call);
    else if (event.type === 'linked' && !this.#linking) this.#agentLinked(event.call);
    else if (event.type === 'answered') this.#answered(event.call);
    else if (event.type === 'forgotten') this.#callers.delete(event.callId);
  }

  #identify(call: CallView): void {
    const handoff = call.direction === 'inbound' ? this.#matchHandoff(call) : ({ kind: 'none' } as const);
    if (handoff.kind === 'held') {
      // Which rule named it (header, number, recent) tells whether the SIP header survived the path.
      log.info(`call ${call.id} carries hand-off ${handoff.held.handoff.handoffId} (by ${handoff.by})`);
      return this.#identifyByHandoff(call, handoff.held.handoff);
    }
    const number = call.remoteNumber;
    const e164 = number.startsWith('+');
    // The screen pop's lookup, before the call rings: exact E.164 in the cache (an index lookup).
    const matches = e164 ? this.#cachedMatches(number) : [];
    const [only] = matches;
    const caller: Caller = {
      callId: call.id,
      number,
      inbound: call.direction === 'inbound',
      matches,
      customerId: matches.length === 1 && only ? only.id : null,
      source: 'cache',
      pending: matches.length === 0 && e164,
      hubUnreachable: false,
      hub360: null,
      handoff: null,
    };
    this.#callers.set(call.id, caller);
    if (caller.customerId) this.#link(caller.callId, caller.customerId);
    if (handoff.kind === 'fetch') {
      // The call's header names a hand-off this console missed: the hub has it ("looking up" meanwhile).
      caller.pending = true;
      this.#send(caller);
      return this.#askHandoff(caller, handoff.handoffId);
    }
    // The caller's 360 goes with the ringing call: the header renders with the banner, without
    // first asking for it (one round trip less before the answer).
    this.#send(caller);
    if (caller.pending) this.#askHub(caller);
  }

  #matchHandoff(call: CallView): HandoffMatch {
    try {
      return this.#options.handoffs?.match(call) ?? { kind: 'none' };
    } catch (error) {
      log.warn('could not match the call to a hand-off', error);
      return { kind: 'none' };
    }
  }

  /** A colleague's hand-off names the customer: linked at once, with the escalation's summary and sender. */
  #identifyByHandoff(call: CallView, handoff: Handoff): void {
    const caller: Caller = {
      callId: call.id,
      number: call.remoteNumber,
      inbound: true,
      matches: [],
      customerId: null,
      source: 'handoff',
      pending: false,
      hubUnreachable: false,
      hub360: null,
      handoff: null,
    };
    this.#callers.set(call.id, caller);
    this.#takeHandoff(caller, handoff);
  }

  #takeHandoff(caller: Caller, handoff: Handoff): void {
    const cached = this.#cached360(handoff.customerId);
    caller.handoff = callHandoff(handoff);
    caller.customerId = handoff.customerId;
    caller.source = 'handoff';
    caller.pending = false;
    caller.hubUnreachable = false;
    caller.matches = [handoffMatch(handoff, cached)];
    this.#link(caller.callId, handoff.customerId);
    this.#send(caller);
    if (cached) return;
    // Not in this console's cache (an overflow agent is granted the customer by the hand-off, or
    // the sync lags): the hub's 360 follows, so the header opens while it rings.
    this.#options.data
      .customer360(handoff.customerId)
      .then((found) => {
        if (!this.#tracked(caller) || !found || caller.customerId !== handoff.customerId) return;
        caller.hub360 = found;
        this.#send(caller);
      })
      .catch((error: unknown) => log.warn('no 360 from the hub for a handed-off customer', error));
  }

  /** The header named a hand-off main does not hold: ask the hub; without one, fall back to the number. */
  #askHandoff(caller: Caller, handoffId: string): void {
    const handoffs = this.#options.handoffs;
    if (!handoffs) return;
    handoffs
      .fetch(handoffId)
      .catch((error: unknown) => {
        log.warn(`the hub could not be asked for hand-off ${handoffId}`, error);
        return null;
      })
      .then((found) => {
        if (!this.#tracked(caller) || caller.source === 'agent') return;
        if (found) return this.#takeHandoff(caller, found);
        caller.pending = caller.matches.length === 0 && caller.number.startsWith('+');
        this.#send(caller);
        if (caller.pending) this.#askHub(caller);
      })
      .catch((error: unknown) => log.warn('could not apply a fetched hand-off', error));
  }

  #answered(call: CallView): void {
    const handoff = this.#callers.get(call.id)?.handoff;
    if (handoff) this.#options.handoffs?.answered(handoff.handoffId);
  }

  #cached360(customerId: string): Customer360 | null {
    try {
      return this.#options.data.cached360(customerId);
    } catch (error) {
      log.warn('no cached 360 for a handed-off customer', error);
      return null;
    }
  }

  /** The cache had no match: the hub may know the caller (made minutes ago, not synced yet). */
  #askHub(caller: Caller): void {
    this.#options.data
      .lookupOnline(caller.number)
      .then(async (found) => {
        if (!this.#tracked(caller) || !caller.pending) return;
        caller.pending = false;
        // A sync brought the number in meanwhile, or the agent named the customer: that stands.
        if (caller.matches.length > 0 || caller.source === 'agent') return this.#send(caller);
        caller.hubUnreachable = found === null;
        if (found && found.length > 0) await this.#takeHubMatches(caller, found);
        this.#send(caller);
      })
      .catch((error: unknown) => {
        log.warn(`the hub could not look up caller ${caller.number}`, error);
        if (!this.#tracked(caller) || !caller.pending) return;
        caller.pending = false;
        caller.hubUnreachable = caller.matches.length === 0;
        this.#send(caller);
      });
  }

  async #takeHubMatches(caller: Caller, found: readonly CallerHit[]): Promise<void> {
    const matches = toMatches(found);
    const [only] = matches;
    caller.matches = matches;
    caller.source = 'hub';
    if (matches.length !== 1 || !only) return;
    // The call's interaction was logged without a customer: linking it tells the call log.
    caller.customerId = only.id;
    this.#link(caller.callId, only.id);
    // The hub's 360 goes with the answer, so the header opens although the cache lacks the customer.
    caller.hub360 = await this.#options.data.customer360(only.id).catch((error: unknown) => {
      log.warn('no 360 from the hub for the caller', error);
      return null;
    });
  }

  /** Customers changed in the cache (a sync page, a write): callers without a cached answer look again. */
  #recheckAll(): void {
    for (const caller of this.#callers.values()) {
      try {
        this.#recheck(caller);
      } catch (error) {
        log.warn(`could not look caller ${caller.number} up again`, error);
      }
    }
  }

  #recheck(caller: Caller): void {
    if (caller.source === 'agent' || caller.handoff || !caller.number.startsWith('+')) return;
    const matches = this.#cachedMatches(caller.number);
    if (matches.length === 0) {
      // The hub was not reachable; a sync just ran, so it may be now.
      if (caller.hubUnreachable && !caller.pending && caller.matches.length === 0) {
        caller.pending = true;
        caller.hubUnreachable = false;
        this.#send(caller);
        this.#askHub(caller);
      }
      return;
    }
    const same = sameCustomers(matches, caller.matches);
    // Nothing new: the same customers, and the linked one's 360 already came from the cache.
    if (same && caller.source === 'cache' && (caller.customerId === null || caller.hub360 === null)) return;
    if (caller.customerId !== null && !matches.some((match) => match.id === caller.customerId)) return;
    const [only] = matches;
    caller.matches = matches;
    caller.source = 'cache';
    caller.pending = false;
    caller.hubUnreachable = false;
    caller.hub360 = null;
    if (caller.customerId === null && matches.length === 1 && only) {
      caller.customerId = only.id;
      this.#link(caller.callId, only.id);
    }
    this.#send(caller);
  }

  /** The agent named the customer (chooser, new customer, link to existing). */
  #agentLinked(call: CallView): void {
    const caller = this.#callers.get(call.id);
    if (!caller || call.customerId === null) return;
    caller.customerId = call.customerId;
    caller.source = 'agent';
    caller.pending = false;
    caller.hubUnreachable = false;
    caller.hub360 = null;
    this.#send(caller);
  }

  #tracked(caller: Caller): boolean {
    return this.#callers.get(caller.callId) === caller;
  }

  #cachedMatches(e164: string): CallerMatch[] {
    return toMatches(this.#options.data.byPhone(e164));
  }

  #link(callId: string, customerId: string): void {
    this.#linking = true;
    try {
      this.#options.phone.linkCustomer(callId, customerId);
    } catch (error) {
      log.warn(`could not link call ${callId} to its caller`, error);
    } finally {
      this.#linking = false;
    }
  }

  /** Outbound calls are identified for the call log only: the page is told of inbound ones. */
  #send(caller: Caller): void {
    if (caller.inbound) this.#options.emit(this.#message(caller));
  }

  #customer(caller: Caller): Customer360 | null {
    if (caller.customerId === null) return null;
    try {
      return this.#options.data.cached360(caller.customerId) ?? (caller.hub360?.customer.id === caller.customerId ? caller.hub360 : null);
    } catch (error) {
      log.warn('no cached 360 for the caller', error);
      return null;
    }
  }

  #message(caller: Caller): CallerIdentified {
    return {
      callId: caller.callId,
      number: caller.number,
      matches: caller.matches,
      customerId: caller.customerId,
      customer: this.#customer(caller),
      source: caller.source,
      pending: caller.pending,
      hubUnreachable: caller.hubUnreachable,
      ...(caller.handoff ? { handoff: caller.handoff } : {}),
    };
  }
}
