import type { CallerIdentified } from '../../common/contract/caller-id.ts';
import type { Customer360 } from '../../common/contract/data.ts';
import type { CallView } from '../../common/contract/telephony.ts';
import type { Handoff } from '../../common/hub/escalations.ts';
import type { HandoffMatch } from '../handoffs/handoff-match.ts';
import type { CallListener } from '../telephony/call-events.ts';

// The ports caller id reaches the rest of main through, wired once in main/services.ts.

/** A customer as the data front finds one by phone (more fields may come along; only these are kept). */
export interface CallerHit {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly language: string;
  readonly emails: readonly string[];
}

/** The only customer data caller id needs: one narrow port, wired once in `main/services.ts`. */
export interface CallerData {
  /** Customers with this exact E.164 number in the cache: a synchronous index read. */
  byPhone(e164: string): readonly CallerHit[];
  /**
   * The hub's customers with this number, asked when the cache has none (a customer made minutes
   * ago, a first sync still running, a console that caches no customers). Rejects when the hub
   * cannot be reached; null when there is no hub to ask (signed out).
   */
  lookupOnline(e164: string): Promise<readonly CallerHit[] | null>;
  /** A customer's 360 when the cache holds it (synchronous), else null. */
  cached360(customerId: string): Customer360 | null;
  /** A customer's 360 from the cache or else the hub: for a caller the hub found. */
  customer360(customerId: string): Promise<Customer360 | null>;
  /** Calls `listener` whenever customers changed in the cache (sync applied, a write); returns the unsubscribe. */
  onCustomersChanged(listener: () => void): () => void;
}

/** What caller id needs of the softphone: its call events and its link path. */
export interface CallerIdPhone {
  onCall(listener: CallListener): () => void;
  linkCustomer(callId: string, customerId: string): unknown;
}

/** The hand-offs offered to this agent (`main/handoffs/`): a transferred call names its customer by them. */
export interface CallerHandoffs {
  /** Synchronous, before the call rings: the hand-off a new inbound call carries, or one the hub must be asked for. */
  match(call: CallView): HandoffMatch;
  /** The hand-off a call's header names; null when the hub has none for this agent. Rejects when the hub cannot be reached. */
  fetch(handoffId: string): Promise<Handoff | null>;
  /** The transferred call was answered. */
  answered(handoffId: string): void;
}

export interface CallerIdOptions {
  readonly phone: CallerIdPhone;
  readonly data: CallerData;
  /** Without it calls are identified by number only. */
  readonly handoffs?: CallerHandoffs;
  /** Sends `calls.caller`. */
  readonly emit: (caller: CallerIdentified) => void;
}
