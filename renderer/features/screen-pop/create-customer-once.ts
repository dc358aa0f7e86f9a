import { v7 as uuidv7 } from 'uuid';
import type { LoketClient } from '../../bridge/index.ts';

/** The new-customer form's request (what `customers.create` takes besides the id). */
export interface NewCustomerRequest {
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly language: string;
  readonly country: string;
}

/** What a call's new-customer form sent: a retry reuses the id, and never creates a second customer. */
interface Sent {
  attempt: { id: string; payload: string } | null;
  created: string | null;
}
const sentByCall = new Map<string, Sent>();

function sentForCall(callId: string): Sent {
  let sent = sentByCall.get(callId);
  if (!sent) {
    sent = { attempt: null, created: null };
    sentByCall.set(callId, sent);
  }
  return sent;
}

/**
 * Creates the caller's customer once per call. Created already and only the linking failed: the
 * same customer again. An answer that did not come for the same form: the same id again, so main
 * keeps one customer.
 */
export async function createCustomerOnce(client: LoketClient, callId: string, request: NewCustomerRequest): Promise<{ customerId: string; pending: boolean }> {
  const sent = sentForCall(callId);
  if (sent.created !== null) return { customerId: sent.created, pending: false };
  const payload = JSON.stringify(request);
  const customerId = sent.attempt?.payload === payload ? sent.attempt.id : uuidv7();
  sent.attempt = { id: customerId, payload };
  const { pending } = await client.request('customers.create', { id: customerId, ...request });
  sent.created = customerId;
  return { customerId, pending };
}
