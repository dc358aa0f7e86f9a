import type { Invitation, Inviter } from 'sip.js';
import { v7 as uuidv7 } from 'uuid';
import type { CallEndReason, CallView } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import { MediaFailedError } from './media-bridge.ts';

/** One call the softphone tracks: what the renderer sees (`view`) and what only main needs. */
export interface CallRecord {
  view: CallView;
  readonly session: Invitation | Inviter;
  /** Why it ended, when we ended it (else the far end did). */
  localEnd: CallEndReason | null;
  /** One re-INVITE at a time per dialog (sip.js refuses overlapping ones). */
  renegotiation: Promise<void>;
  lastStats: { packetsReceived: number; packetsLost: number } | undefined;
  firstPacketAt: number | null;
  /** The attended transfer's consult call, while it lasts. */
  consultCallId: string | null;
  /** The far end accepted our REFER: its hang-up now means the transfer went through. */
  referAccepted: boolean;
  /** A consult call placed for a hand-off ("Transfer to expert"): completing carries the same id. */
  handoffId?: string | undefined;
}

export function reasonFromStatus(status: number): CallEndReason {
  if (status === 486 || status === 600) return 'busy';
  if (status === 404 || status === 604) return 'notFound';
  if (status === 480) return 'unavailable';
  if (status === 408) return 'noAnswer';
  if (status === 487) return 'cancelled';
  if (status === 603) return 'declined';
  return 'failed';
}

/** A failure from the media engine as the agent should read it. */
export function mediaError(error: unknown): LoketError {
  if (error instanceof LoketError) return error;
  if (error instanceof MediaFailedError && /NotAllowed|NotFound|NotReadable|Overconstrained/.test(error.reason)) {
    return new LoketError('phone.microphoneBlocked', { reason: error.reason });
  }
  if (error instanceof MediaFailedError) return new LoketError('phone.callFailed', { status: 0 });
  return new LoketError('phone.noMedia');
}

/** A call as the renderer first sees it: ringing (inbound) or dialing (outbound), no customer yet. */
export function newCallView(session: Invitation | Inviter, direction: 'inbound' | 'outbound', number: string, name: string | null, now: number): CallView {
  return {
    id: session.id,
    direction,
    state: direction === 'inbound' ? 'ringing' : 'dialing',
    remoteNumber: number,
    remoteName: name,
    sipCallId: session.request.callId,
    startedAt: now,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    held: false,
    muted: false,
    recovering: false,
    consultFor: null,
    transfer: null,
    transfers: 0,
    quality: null,
    interactionId: uuidv7(),
    customerId: null,
  };
}
