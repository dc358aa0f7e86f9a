import type { NotificationAction, NotificationTarget } from '../../common/contract/desktop.ts';

// Which OS notifications the agent gets, decided in one place for both shells. Pure: it takes
// what happened and answers what to show and what to withdraw; the notifier feeds it and the
// shells' ports draw the result. The rules:
// - quiet while on a call, except urgent ones (a second call ringing, an urgent escalation, the
//   end of access); what was held comes after the call if it still matters;
// - never the same notice twice (per id), even after the agent closed it;
// - callbacks falling due close together are grouped: one "3 callbacks due" replaces the earlier;
// - "hub back" replaces "hub lost"; a notice whose news is over (the call stopped ringing) is withdrawn.

export const NOTICE_KINDS = ['incomingCall', 'escalationAssigned', 'callbackDue', 'hubLost', 'hubBack', 'accessEnding'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Callbacks falling due within this long of the last shown one join its group. */
export const CALLBACK_GROUP_WINDOW_MS = 2 * 60_000;

export type NoticeRequest =
  | { readonly kind: 'incomingCall'; readonly callId: string; readonly caller: string }
  | { readonly kind: 'escalationAssigned'; readonly escalationId: string; readonly urgent: boolean; readonly customer: string; readonly summary: string }
  | { readonly kind: 'callbackDue'; readonly callbackId: string; readonly dueAt: string; readonly customerId: string | null; readonly name: string | null; readonly number: string }
  | { readonly kind: 'hubLost' }
  | { readonly kind: 'hubBack' }
  | { readonly kind: 'accessEnding'; readonly endsAt: string };

/** A notice to draw: `requests` are the news it stands for (several for a group). */
export interface Notice {
  readonly id: string;
  readonly kind: NoticeKind;
  readonly urgent: boolean;
  readonly requests: readonly NoticeRequest[];
  readonly target: NotificationTarget | null;
  readonly actions: readonly NotificationAction[];
}

export type NoticeEffect = { readonly type: 'show'; readonly notice: Notice } | { readonly type: 'close'; readonly id: string };

/** The identity of a piece of news: offered twice, it is shown once. */
export function newsKey(request: NoticeRequest): string {
  switch (request.kind) {
    case 'incomingCall':
      return `call:${request.callId}`;
    case 'escalationAssigned':
      return `escalation:${request.escalationId}`;
    case 'callbackDue':
      // A no-answer retry falls due again at a new time: that is news again.
      return `callback:${request.callbackId}@${request.dueAt}`;
    case 'accessEnding':
      return `access:${request.endsAt}`;
    case 'hubLost':
    case 'hubBack':
      return `hub:${request.kind}`;
  }
}

export function isUrgent(request: NoticeRequest): boolean {
  if (request.kind === 'incomingCall' || request.kind === 'accessEnding') return true;
  if (request.kind === 'escalationAssigned') return request.urgent;
  return false;
}

export class NotificationPolicy {
  private readonly seen = new Set<string>();
  /** Shown and not closed, by notice id. */
  private readonly open = new Map<string, Notice>();
  private held: NoticeRequest[] = [];
  private onCall = false;
  private callbackGroup: { readonly id: string; readonly requests: NoticeRequest[]; readonly shownAt: number } | null = null;
  private sequence = 0;

  /** Something happened that may deserve a notice. */
  offer(request: NoticeRequest, now: number): NoticeEffect[] {
    if (request.kind === 'hubLost' || request.kind === 'hubBack') return this.hub(request, now);
    const key = newsKey(request);
    if (this.seen.has(key)) return [];
    this.seen.add(key);
    if (this.onCall && !isUrgent(request)) {
      this.held.push(request);
      return [];
    }
    return this.show(request, now);
  }

  /** The news is over (the call stopped ringing, the access end moved): its notice goes away. */
  withdraw(request: NoticeRequest): NoticeEffect[] {
    const key = newsKey(request);
    this.held = this.held.filter((held) => newsKey(held) !== key);
    const effects: NoticeEffect[] = [];
    for (const notice of [...this.open.values()]) {
      if (!notice.requests.some((shown) => newsKey(shown) === key)) continue;
      effects.push(...this.close(notice.id));
    }
    return effects;
  }

  /** A call started or ended: quiet on a call; what was held comes once the agent is free. */
  setOnCall(onCall: boolean, now: number): NoticeEffect[] {
    if (onCall === this.onCall) return [];
    this.onCall = onCall;
    if (onCall) return [];
    const held = this.held;
    this.held = [];
    return held.flatMap((request) => this.show(request, now));
  }

  /** The agent (or the OS) closed a notice: it is not shown again, and nothing withdraws it twice. */
  dismissed(id: string): void {
    this.open.delete(id);
    if (this.callbackGroup?.id === id) this.callbackGroup = null;
  }

  notice(id: string): Notice | undefined {
    return this.open.get(id);
  }

  /** Every open notice's id (to close them all when the shell goes away). */
  openIds(): string[] {
    return [...this.open.keys()];
  }

  private hub(request: NoticeRequest, now: number): NoticeEffect[] {
    const lost = [...this.open.values()].find((notice) => notice.kind === 'hubLost');
    const heldLost = this.held.some((held) => held.kind === 'hubLost');
    if (request.kind === 'hubLost') {
      if (lost || heldLost) return [];
      // A new outage may follow an earlier "back": that one is stale now.
      const back = [...this.open.values()].filter((notice) => notice.kind === 'hubBack').flatMap((notice) => this.close(notice.id));
      if (this.onCall) {
        this.held.push(request);
        return back;
      }
      return [...back, ...this.show(request, now)];
    }
    // Back before the agent heard it was lost (held during a call): nothing to tell.
    if (heldLost) {
      this.held = this.held.filter((held) => held.kind !== 'hubLost');
      return [];
    }
    if (!lost) return [];
    return [...this.close(lost.id), ...(this.onCall ? [] : this.show(request, now))];
  }

  private show(request: NoticeRequest, now: number): NoticeEffect[] {
    if (request.kind === 'callbackDue') return this.showCallback(request, now);
    const notice: Notice = {
      id: this.nextId(request.kind),
      kind: request.kind,
      urgent: isUrgent(request),
      requests: [request],
      target: targetOf(request),
      actions: request.kind === 'incomingCall' ? ['answer', 'decline'] : [],
    };
    this.open.set(notice.id, notice);
    return [{ type: 'show', notice }];
  }

  private showCallback(request: NoticeRequest, now: number): NoticeEffect[] {
    const group = this.callbackGroup;
    let requests: NoticeRequest[] = [request];
    let shownAt = now;
    const effects: NoticeEffect[] = [];
    if (group && this.open.has(group.id) && now - group.shownAt <= CALLBACK_GROUP_WINDOW_MS) {
      requests = [...group.requests, request];
      shownAt = group.shownAt;
      effects.push(...this.close(group.id));
    }
    const notice: Notice = {
      id: this.nextId('callbackDue'),
      kind: 'callbackDue',
      urgent: false,
      requests,
      // One callback opens its customer; a group opens the list.
      target: requests.length === 1 ? targetOf(request) : { view: 'callbacks' },
      actions: [],
    };
    this.open.set(notice.id, notice);
    this.callbackGroup = { id: notice.id, requests, shownAt };
    return [...effects, { type: 'show', notice }];
  }

  private close(id: string): NoticeEffect[] {
    if (!this.open.delete(id)) return [];
    if (this.callbackGroup?.id === id) this.callbackGroup = null;
    return [{ type: 'close', id }];
  }

  private nextId(kind: NoticeKind): string {
    this.sequence += 1;
    return `${kind}-${this.sequence}`;
  }
}

function targetOf(request: NoticeRequest): NotificationTarget | null {
  switch (request.kind) {
    case 'incomingCall':
      return { view: 'phone', callId: request.callId };
    case 'escalationAssigned':
      return { view: 'escalations', escalationId: request.escalationId };
    case 'callbackDue':
      return request.customerId ? { view: 'customer', customerId: request.customerId } : { view: 'callbacks' };
    default:
      return null;
  }
}
