// The rows the seed writes and how each table's columns travel (see insert.ts).
import { TableWriter } from './insert.ts';

export interface OfficeRow {
  id: string;
  code: string;
  name: string;
  country: string;
  timezone: string;
}

export interface AgentRow {
  id: string;
  officeId: string;
  email: string;
  displayName: string;
  role: string;
  /** Array literal, e.g. '{nl,en}'. */
  languages: string;
  passwordHash: string | null;
  sipExtension: string | null;
  /** Array literal, e.g. '{payments,returns}'. */
  skills: string;
  accessExpiresAt: number | null;
  disabledAt: number | null;
  createdAt: number;
}

export interface CustomerRow {
  id: string;
  name: string;
  language: string;
  country: string;
  segment: string;
  officeId: string;
  address: string;
  createdAt: number;
  updatedAt: number;
}

export interface PhoneRow {
  customerId: string;
  e164: string;
  kind: 'mobile' | 'landline';
}

export interface EmailRow {
  customerId: string;
  email: string;
}

export interface OrderRow {
  id: string;
  customerId: string;
  number: string;
  currency: string;
  totalCents: number;
  status: string;
  placedAt: number;
}

export interface OrderEventRow {
  id: string;
  orderId: string;
  status: string;
  occurredAt: number;
  trackingRef: string | null;
}

export interface CartRow {
  id: string;
  customerId: string;
  status: 'abandoned' | 'recovered';
  valueCents: number;
  currency: string;
  occurredAt: number;
}

export interface InteractionRow {
  id: string;
  customerId: string;
  agentId: string | null;
  channel: string;
  direction: string;
  startedAt: number;
  endedAt: number | null;
  /** Array literal of reason codes. */
  reasons: string;
  outcome: string | null;
  firstContactFix: boolean | null;
  transfers: number;
  note: string | null;
  orderId: string | null;
}

export interface FeedbackRow {
  id: string;
  customerId: string;
  kind: 'nps' | 'csat' | 'review';
  score: number;
  comment: string | null;
  occurredAt: number;
}

export interface EscalationRow {
  id: string;
  customerId: string;
  interactionId: string | null;
  createdBy: string;
  queue: string;
  assignedTo: string | null;
  status: 'open' | 'claimed' | 'resolved';
  priority: 'urgent' | 'high' | 'normal' | 'low';
  summary: string;
  resolution: string | null;
  outcome: string | null;
  createdAt: number;
  slaDueAt: number;
  claimedAt: number | null;
  resolvedAt: number | null;
}

export interface CallbackRow {
  id: string;
  customerId: string;
  createdBy: string;
  assignedTo: string | null;
  dueAt: number;
  status: 'open' | 'done' | 'cancelled';
  phone: string;
  note: string | null;
  createdAt: number;
}

export interface ReasonCodeRow {
  code: string;
  labels: string;
  sort: number;
}

export interface PresenceRow {
  agentId: string;
  status: string;
  since: number;
}

/** What the seed marks its own writes with (interaction, escalation, callback `request_hash`). */
export const SEED_REQUEST_HASH = 'seed';

export function officeWriter() {
  return new TableWriter<OfficeRow>('office', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'country', type: 'text', value: (r) => r.country },
    { name: 'timezone', type: 'text', value: (r) => r.timezone },
  ]);
}

export function agentWriter() {
  return new TableWriter<AgentRow>('agent', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'office_id', type: 'uuid', value: (r) => r.officeId },
    { name: 'email', type: 'text', value: (r) => r.email },
    { name: 'display_name', type: 'text', value: (r) => r.displayName },
    { name: 'role', type: 'dict', value: (r) => r.role },
    { name: 'languages', type: 'text[]', value: (r) => r.languages },
    { name: 'password_hash', type: 'dict', value: (r) => r.passwordHash },
    { name: 'sip_extension', type: 'text', value: (r) => r.sipExtension },
    { name: 'skills', type: 'text[]', value: (r) => r.skills },
    { name: 'access_expires_at', type: 'time', value: (r) => r.accessExpiresAt },
    { name: 'disabled_at', type: 'time', value: (r) => r.disabledAt },
    { name: 'created_at', type: 'time', value: (r) => r.createdAt },
  ]);
}

export function reasonCodeWriter() {
  return new TableWriter<ReasonCodeRow>('reason_code', [
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'labels', type: 'jsonb', value: (r) => r.labels },
    { name: 'sort', type: 'int', value: (r) => r.sort },
  ]);
}

export function presenceWriter() {
  return new TableWriter<PresenceRow>('presence', [
    { name: 'agent_id', type: 'uuid', value: (r) => r.agentId },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'since', type: 'time', value: (r) => r.since },
  ]);
}

export function customerWriter() {
  return new TableWriter<CustomerRow>('customer', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'language', type: 'dict', value: (r) => r.language },
    { name: 'country', type: 'dict', value: (r) => r.country },
    { name: 'segment', type: 'dict', value: (r) => r.segment },
    { name: 'office_id', type: 'dict', of: 'uuid', value: (r) => r.officeId },
    { name: 'address', type: 'jsonb', value: (r) => r.address },
    // The demo shop bills where it delivers.
    { name: 'billing_address', derived: (ref) => ref('address') },
    { name: 'created_at', type: 'time', value: (r) => r.createdAt },
    { name: 'updated_at', type: 'time', value: (r) => r.updatedAt },
  ]);
}

export function phoneWriter() {
  return new TableWriter<PhoneRow>('customer_phone', [
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'e164', type: 'text', value: (r) => r.e164 },
    { name: 'kind', type: 'dict', value: (r) => r.kind },
  ]);
}

export function emailWriter() {
  return new TableWriter<EmailRow>('customer_email', [
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'email', type: 'text', value: (r) => r.email },
  ]);
}

export function orderWriter() {
  return new TableWriter<OrderRow>('shop_order', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'number', type: 'text', value: (r) => r.number },
    { name: 'currency', type: 'dict', value: (r) => r.currency },
    { name: 'total_cents', type: 'bigint', value: (r) => r.totalCents },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'placed_at', type: 'time', value: (r) => r.placedAt },
  ]);
}

export function orderEventWriter() {
  return new TableWriter<OrderEventRow>('order_event', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'order_id', type: 'uuid', value: (r) => r.orderId },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'occurred_at', type: 'time', value: (r) => r.occurredAt },
    { name: 'tracking_ref', type: 'text', value: (r) => r.trackingRef },
  ]);
}

export function cartWriter() {
  return new TableWriter<CartRow>('cart', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'value_cents', type: 'bigint', value: (r) => r.valueCents },
    { name: 'currency', type: 'dict', value: (r) => r.currency },
    { name: 'occurred_at', type: 'time', value: (r) => r.occurredAt },
  ]);
}

export function interactionWriter() {
  return new TableWriter<InteractionRow>('interaction', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'agent_id', type: 'dict', of: 'uuid', value: (r) => r.agentId },
    { name: 'channel', type: 'dict', value: (r) => r.channel },
    { name: 'direction', type: 'dict', value: (r) => r.direction },
    { name: 'started_at', type: 'time', value: (r) => r.startedAt },
    { name: 'ended_at', type: 'time', value: (r) => r.endedAt },
    { name: 'reasons', type: 'dict[]', value: (r) => r.reasons },
    { name: 'outcome', type: 'dict', value: (r) => r.outcome },
    { name: 'first_contact_fix', type: 'bool', value: (r) => r.firstContactFix },
    { name: 'transfers', type: 'int', value: (r) => r.transfers },
    { name: 'note', type: 'dict', value: (r) => r.note },
    { name: 'order_id', type: 'uuid', value: (r) => r.orderId },
    // The PBX's call id, derived from the interaction's id (opaque to everyone but the PBX).
    { name: 'sip_call_id', derived: (ref) => `case when ${ref('channel')} = 'phone' then replace(${ref('id')}::text, '-', '') || '@pbx.shop.example' end` },
    { name: 'request_hash', type: 'dict', value: () => SEED_REQUEST_HASH },
    // A record is created when the contact starts and last touched when it ends.
    { name: 'created_at', derived: (ref) => ref('started_at') },
    { name: 'updated_at', derived: (ref) => `coalesce(${ref('ended_at')}, ${ref('started_at')})` },
  ]);
}

export function feedbackWriter() {
  return new TableWriter<FeedbackRow>('feedback', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'kind', type: 'dict', value: (r) => r.kind },
    { name: 'score', type: 'int', value: (r) => r.score },
    { name: 'comment', type: 'dict', value: (r) => r.comment },
    { name: 'occurred_at', type: 'time', value: (r) => r.occurredAt },
  ]);
}

export function escalationWriter() {
  return new TableWriter<EscalationRow>('escalation', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'interaction_id', type: 'uuid', value: (r) => r.interactionId },
    { name: 'created_by', type: 'uuid', value: (r) => r.createdBy },
    { name: 'queue', type: 'dict', value: (r) => r.queue },
    { name: 'assigned_to', type: 'uuid', value: (r) => r.assignedTo },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'summary', type: 'text', value: (r) => r.summary },
    { name: 'resolution', type: 'text', value: (r) => r.resolution },
    { name: 'priority', type: 'dict', value: (r) => r.priority },
    { name: 'outcome', type: 'dict', value: (r) => r.outcome },
    { name: 'request_hash', type: 'dict', value: () => SEED_REQUEST_HASH },
    { name: 'created_at', type: 'time', value: (r) => r.createdAt },
    { name: 'sla_due_at', type: 'time', value: (r) => r.slaDueAt },
    { name: 'claimed_at', type: 'time', value: (r) => r.claimedAt },
    { name: 'resolved_at', type: 'time', value: (r) => r.resolvedAt },
  ]);
}

export function callbackWriter() {
  return new TableWriter<CallbackRow>('callback', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'created_by', type: 'uuid', value: (r) => r.createdBy },
    { name: 'assigned_to', type: 'uuid', value: (r) => r.assignedTo },
    { name: 'due_at', type: 'time', value: (r) => r.dueAt },
    { name: 'status', type: 'dict', value: (r) => r.status },
    { name: 'phone', type: 'text', value: (r) => r.phone },
    { name: 'note', type: 'text', value: (r) => r.note },
    { name: 'request_hash', type: 'dict', value: () => SEED_REQUEST_HASH },
    { name: 'created_at', type: 'time', value: (r) => r.createdAt },
  ]);
}
