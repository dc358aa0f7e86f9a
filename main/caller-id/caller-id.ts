import type { CallerIdentified, CallerSource } from '../../common/contract/caller-id.ts';
import type { Customer360 } from '../../common/contract/data.ts';
import { MAX_CALLER_MATCHES, type CallerMatch, type CallView } from '../../common/contract/telephony.ts';
import { createLogger } from '../log.ts';
import type { CallEvent, CallListener } from '../telephony/call-events.ts';

const log = createLogger('caller-id');

/** A customer as the data front finds one by phone (more fields may come along; only these are kept). */
export interface CallerHit {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly emails: readonly string[];
}

/** The only customer data caller id needs: one narrow port, wired once in `main/services.ts`. */
export interface CallerData {
  /** Customers with this exact E.164 number in the cache: a synchronous index read. */
  byPhone(e164: string): readonly CallerHit[];
  /** The hub's answer for consoles whose cache holds no customers; null when the cache is the answer. */
  lookupOnline(e164: string): Promise<readonly CallerHit[] | null>;
  /** A customer's 360 when the cache holds it (synchronous), else null. */
  cached360(customerId: string): Customer360 | null;
}

/** What caller id needs of the softphone: its call events and its link path. */
export interface CallerIdPhone {
  onCall(listener: CallListener): () => void;
  linkCustomer(callId: string, customerId: string): unknown;
}

export interface CallerIdOptions {
  readonly phone: CallerIdPhone;
  readonly data: CallerData;
  /** Sends `calls.caller`. */
  readonly emit: (caller: CallerIdentified) => void;
}

interface Caller {
  readonly callId: string;
  readonly number: string;
  readonly inbound: boolean;
  matches: CallerMatch[];
  customerId: string | null;
  source: CallerSource;
  pending: boolean;
}

/**
 * Caller id: who is on a call. The softphone announces each new call; caller id looks the
 * number up once — the cache (exact E.164, one index read before the call rings), else the hub
 * for consoles without cached customers — links the call when one customer has the number, and
 * tells the page in one event, `calls.caller`: when the call arrives, again when the hub
 * answers, and when the agent links a customer. The softphone knows no customers.
 */
export class CallerId {
  readonly #options: CallerIdOptions;
  readonly #callers = new Map<string, Caller>();
  /** Caller id is linking a call itself: the softphone's `linked` event is not the agent's. */
  #linking = false;
  readonly #unsubscribe: () => void;

  constructor(options: CallerIdOptions) {
    this.#options = options;
    this.#unsubscribe = options.phone.onCall((event) => this.#onCall(event));
  }

  /** The callers of the inbound calls main still tracks (`calls.callers`: a reloaded page starts from these). */
  callers(): CallerIdentified[] {
    return [...this.#callers.values()].filter((caller) => caller.inbound).map((caller) => this.#message(caller, caller.customerId ? this.#cached(caller.customerId) : null));
  }

  dispose(): void {
    this.#unsubscribe();
    this.#callers.clear();
  }

  #onCall(event: CallEvent): void {
    if (event.type === 'new') this.#identify(event.call);
    else if (event.type === 'linked' && !this.#linking) this.#agentLinked(event.call);
    else if (event.type === 'forgotten') this.#callers.delete(event.callId);
  }

  #identify(call: CallView): void {
    const number = call.remoteNumber;
    const e164 = number.startsWith('+');
    // The screen pop's lookup, before the call rings: exact E.164 in the cache (an index lookup).
    const matches = e164 ? toMatches(this.#options.data.byPhone(number)) : [];
    const [only] = matches;
    const caller: Caller = {
      callId: call.id,
      number,
      inbound: call.direction === 'inbound',
      matches,
      customerId: matches.length === 1 && only ? only.id : null,
      source: 'cache',
      pending: matches.length === 0 && e164,
    };
    this.#callers.set(call.id, caller);
    if (caller.customerId) this.#link(caller.callId, caller.customerId);
    if (caller.inbound) {
      // The caller's 360 goes with the ringing call: the header renders with the banner,
      // without first asking for it (one round trip less before the answer).
      this.#options.emit(this.#message(caller, caller.customerId ? this.#cached(caller.customerId) : null));
    }
    if (caller.pending) this.#lookupOnline(caller);
  }

  /** The screen pop for a console without cached customers: the hub's answer completes the caller. */
  #lookupOnline(caller: Caller): void {
    this.#options.data
      .lookupOnline(caller.number)
      .then((found) => {
        if (!this.#callers.has(caller.callId)) return;
        caller.pending = false;
        if (found && found.length > 0 && caller.customerId === null && caller.matches.length === 0) {
          const matches = toMatches(found);
          const [only] = matches;
          caller.matches = matches;
          caller.source = 'hub';
          // The call's interaction was logged without a customer: linking it tells the call log.
          if (matches.length === 1 && only) {
            caller.customerId = only.id;
            this.#link(caller.callId, only.id);
          }
        }
        if (caller.inbound) this.#options.emit(this.#message(caller, caller.customerId ? this.#cached(caller.customerId) : null));
      })
      .catch((error: unknown) => {
        log.warn(`the hub could not look up caller ${caller.number}`, error);
        if (!caller.pending || !this.#callers.has(caller.callId)) return;
        caller.pending = false;
        if (caller.inbound) this.#options.emit(this.#message(caller, null));
      });
  }

  /** The agent named the customer (chooser, new customer, link to existing). */
  #agentLinked(call: CallView): void {
    const caller = this.#callers.get(call.id);
    if (!caller || call.customerId === null) return;
    caller.customerId = call.customerId;
    caller.source = 'agent';
    if (caller.inbound) this.#options.emit(this.#message(caller, this.#cached(call.customerId)));
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

  #cached(customerId: string): Customer360 | null {
    try {
      return this.#options.data.cached360(customerId);
    } catch (error) {
      log.warn('no cached 360 for the caller', error);
      return null;
    }
  }

  #message(caller: Caller, customer: Customer360 | null): CallerIdentified {
    return {
      callId: caller.callId,
      number: caller.number,
      matches: caller.matches,
      customerId: caller.customerId,
      customer,
      source: caller.source,
      pending: caller.pending,
    };
  }
}

function toMatches(hits: readonly CallerHit[]): CallerMatch[] {
  return hits.slice(0, MAX_CALLER_MATCHES).map((c) => ({ id: c.id, name: c.name, country: c.country, emails: [...c.emails] }));
}
