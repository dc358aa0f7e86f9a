import { Invitation, SessionState, URI, type Inviter, type Referral } from 'sip.js';
import { HANDOFF_HEADER } from '../handoffs/handoff-match.ts';
import type { Settings } from '../../common/contract/contract.ts';
import { LoketError } from '../../common/errors.ts';
import { createLogger } from '../log.ts';
import type { CallEvent } from './call-events.ts';
import { reasonFromStatus, type CallRecord } from './call-record.ts';
import type { CallMachine } from './calls.ts';
import { callerNumber, parseDialTarget } from './dial-target.ts';
import type { MediaBridge } from './media-bridge.ts';
import type { SipRegistration } from './registration.ts';

const log = createLogger('softphone');

export interface TransfersOptions {
  readonly calls: CallMachine;
  readonly registration: SipRegistration;
  readonly bridge: MediaBridge;
  readonly settings: () => Settings;
}

/**
 * Transfers both ways: blind (REFER) and attended (consult call, then REFER with Replaces) from
 * this console, and a REFER or an INVITE with Replaces that another party sends us.
 */
export class Transfers {
  readonly #options: TransfersOptions;

  constructor(options: TransfersOptions) {
    this.#options = options;
  }

  get #calls(): CallMachine {
    return this.#options.calls;
  }

  /**
   * Blind transfer: REFER the far end to `target`; our leg ends once the transfer took. With a
   * hand-off, its id rides in the Refer-To URI as a header (`?X-Loket-Handoff=…`): a phone that
   * copies URI headers into its INVITE (RFC 3261 §19.1.5) hands it on; one that does not (baresip
   * 1.0) still calls from the customer's number, which the receiving console matches.
   */
  async transfer(callId: string, target: string, handoffId?: string): Promise<void> {
    const record = this.#calls.requireActive(callId);
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    const uri = this.#options.registration.uriFor(parsed.user);
    this.#calls.patch(record, { transfer: { kind: 'blind', target: parsed.display, state: 'trying' } });
    await this.#refer(record, handoffId ? withHeaders(uri, { [HANDOFF_HEADER]: handoffId }) : uri, 'blind', parsed.display);
  }

  /** Attended transfer, step 1: the customer on hold, a consult call to the colleague (with the hand-off's header, if any). */
  async consult(callId: string, target: string, handoffId?: string): Promise<{ callId: string }> {
    const record = this.#calls.requireActive(callId);
    const ua = this.#options.registration.requireRegistered();
    const parsed = parseDialTarget(target, this.#options.settings().dialCountry);
    if (!record.view.held) {
      await this.#calls.renegotiate(record, { hold: true });
      this.#calls.patch(record, { held: true });
    }
    const headers = handoffId ? [`${HANDOFF_HEADER}: ${handoffId}`] : [];
    const consult = this.#calls.place(ua, this.#options.registration.uriFor(parsed.user, parsed.display), parsed.display, record.view.id, headers);
    consult.handoffId = handoffId;
    record.consultCallId = consult.view.id;
    this.#calls.patch(record, { transfer: { kind: 'attended', target: parsed.display, state: 'trying' } });
    return { callId: consult.view.id };
  }

  /**
   * Attended transfer, step 2: REFER the customer to the colleague with Replaces (RFC 3891), so
   * the customer's call takes the consult call's place at the colleague. A customer's phone that
   * does not announce `Supported: replaces` (baresip 1.0, many PSTN gateways) would ring the
   * colleague as a second call and leave the consult call standing: it gets a plain REFER to the
   * colleague instead (with the hand-off header, if any), and the consult call ends once the
   * colleague has the customer.
   */
  async completeTransfer(consultCallId: string): Promise<void> {
    const consult = this.#calls.requireActive(consultCallId);
    const customer = consult.view.consultFor ? this.#calls.get(consult.view.consultFor) : undefined;
    if (!customer || customer.view.state !== 'active') throw new LoketError('phone.noCall');
    const dialog = consult.session.dialog;
    if (!dialog) throw new LoketError('phone.noCall');
    // Refer-To is the colleague's address of record with the consult dialog in Replaces. sip.js's
    // refer(session) would put the colleague's Contact there, which a proxy cannot route as a new
    // call (it only knows registered addresses): the customer's INVITE then fails with 404.
    const colleague = consult.session.remoteIdentity.uri;
    if (!supportsReplaces(customer.session)) {
      const headers: Record<string, string> = consult.handoffId ? { [HANDOFF_HEADER]: consult.handoffId } : {};
      const target = withHeaders(new URI(colleague.scheme, colleague.user ?? '', colleague.host, colleague.port), headers);
      try {
        await this.#refer(customer, target, 'attended', consult.view.remoteNumber);
      } finally {
        // The colleague has the customer now (or the transfer failed): the consult call is done.
        await this.#calls.end(consult, 'transferred').catch(() => undefined);
      }
      return;
    }
    const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
    const target = new ReferToWithHeaders(colleague.scheme, colleague.user ?? '', colleague.host, colleague.port, {}, { Replaces: [replaces] });
    await this.#refer(customer, target, 'attended', consult.view.remoteNumber);
    // The colleague's phone ends the consult dialog itself when it replaces it; if not, we do.
    setTimeout(() => void this.#calls.end(consult, 'transferred'), 2_000).unref();
  }

  /** Attended transfer cancelled: end the consult call, take the customer off hold. */
  async cancelTransfer(consultCallId: string): Promise<void> {
    const consult = this.#calls.requireCall(consultCallId);
    const customer = consult.view.consultFor ? this.#calls.get(consult.view.consultFor) : undefined;
    await this.#calls.end(consult, 'localHangup');
    if (customer && customer.view.state === 'active') {
      customer.consultCallId = null;
      this.#calls.patch(customer, { transfer: null });
      if (customer.view.held) {
        await this.#calls.renegotiate(customer, { hold: false });
        this.#calls.patch(customer, { held: false });
      }
    }
  }

  /** A consult call that ends leaves its customer call waiting on hold: say so, do not resume on our own. */
  onCallEvent(event: CallEvent): void {
    if (event.type !== 'ended' || !event.call.consultFor) return;
    const customer = this.#calls.get(event.call.consultFor);
    if (customer && customer.consultCallId === event.call.id) {
      customer.consultCallId = null;
      if (customer.view.transfer?.state === 'trying') this.#calls.patch(customer, { transfer: null });
    }
  }

  /**
   * The other party transfers us (a colleague's console, or a PBX moving the call): call the
   * Refer-To target as a call of our own — with its Replaces header when the transfer was
   * attended — and let this one go once the new call is up. sip.js reports the new call's
   * progress back to the transferor in NOTIFYs.
   */
  followReferral(record: CallRecord, referral: Referral): void {
    if (!this.#options.registration.userAgent || !this.#options.bridge.attached) {
      void referral.reject().catch(() => undefined);
      return;
    }
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: {} });
        const number = callerNumber(referral.referTo.uri.user, this.#options.settings().dialCountry);
        const next = this.#calls.track(inviter, 'outbound', number, null);
        next.view = { ...next.view, transfers: record.view.transfers + 1 };
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) void this.#calls.end(record, 'transferred');
        });
        this.#calls.started(next);
        return inviter.invite({
          requestDelegate: {
            onReject: (response) => {
              next.localEnd ??= reasonFromStatus(response.message.statusCode ?? 0);
            },
          },
        });
      })
      .catch((error: unknown) => log.warn(`could not follow a transfer: ${String(error)}`));
  }

  /** An INVITE with Replaces for one of our dialogs: a colleague completed an attended transfer to us. */
  acceptReplacement(invitation: Invitation): boolean {
    const replaces = invitation.request.parseHeader('replaces') as { call_id: string; replaces_from_tag: string; replaces_to_tag: string } | undefined;
    if (!replaces) return false;
    const replaced = [...this.#calls.records()].find((record) => record.session.dialog?.callId === replaces.call_id);
    if (!replaced) return false;
    const number = callerNumber(invitation.remoteIdentity.uri.user, this.#options.settings().dialCountry);
    const record = this.#calls.track(invitation, 'inbound', number, invitation.remoteIdentity.displayName || null);
    record.view = { ...record.view, transfers: replaced.view.transfers + 1 };
    this.#calls.started(record);
    invitation
      .accept({ sessionDescriptionHandlerOptions: {} })
      .then(() => this.#calls.end(replaced, 'transferred'))
      .catch((error: unknown) => log.warn(`could not take over the transferred call: ${String(error)}`));
    return true;
  }

  async #refer(record: CallRecord, target: URI, kind: 'blind' | 'attended', display: string): Promise<void> {
    const calls = this.#calls;
    const done = new Promise<void>((resolve, reject) => {
      let accepted = false;
      let settled = false;
      const succeed = () => {
        if (settled) return;
        settled = true;
        record.session.stateChange.removeListener(onState);
        calls.patch(record, { transfer: { kind, target: display, state: 'done' }, transfers: record.view.transfers + 1 });
        resolve();
      };
      const fail = (status: number) => {
        if (settled) return;
        settled = true;
        record.session.stateChange.removeListener(onState);
        calls.patch(record, { transfer: { kind, target: display, state: 'failed' } });
        reject(new LoketError('phone.callFailed', { status }));
      };
      // The transferee may hang up on us as soon as its new call is up, before (or instead of)
      // reporting the 2xx: after an accepted REFER that is the transfer succeeding too.
      const onState = (state: SessionState) => {
        if (state === SessionState.Terminated) (accepted ? succeed : () => fail(0))();
      };
      record.session.stateChange.addListener(onState);
      record.session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              accepted = true;
              record.referAccepted = true;
            },
            onReject: (response) => fail(response.message.statusCode ?? 0),
          },
          // The far end reports the new call's progress as sipfrag NOTIFYs: a final 2xx means it took.
          onNotify: (notification) => {
            void notification.accept().catch(() => undefined);
            const status = /^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body)?.[1];
            const code = status ? Number(status) : 0;
            if (code >= 200 && code < 300) succeed();
            else if (code >= 300) fail(code);
          },
        })
        .catch((error: unknown) => {
          if (settled) return;
          settled = true;
          record.session.stateChange.removeListener(onState);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
    await done;
    await calls.end(record, 'transferred');
  }
}

/** `uri` with URI headers (`?name=value`), angle-bracketed for Refer-To; `uri` itself when there are none. */
function withHeaders(uri: URI, headers: Record<string, string>): URI {
  const entries = Object.entries(headers);
  if (entries.length === 0) return uri;
  const encoded = Object.fromEntries(entries.map(([name, value]) => [name, [encodeURIComponent(value)]]));
  return new ReferToWithHeaders(uri.scheme, uri.user ?? '', uri.host, uri.port, {}, encoded);
}

/**
 * Whether the customer's phone takes an INVITE with Replaces: it said so in the `Supported`
 * header of its INVITE (RFC 3891 §6.1). For a call we placed, sip.js keeps no final response to
 * read; those are our consoles' own calls, which support it.
 */
function supportsReplaces(session: Invitation | Inviter): boolean {
  if (!(session instanceof Invitation)) return true;
  return session.request
    .getHeaders('supported')
    .flatMap((value) => value.split(','))
    .some((tag) => tag.trim().toLowerCase() === 'replaces');
}

/**
 * A Refer-To target with URI headers (`?Replaces=…`): sip.js writes a URI target bare into the
 * Refer-To header, where the `?` must be inside angle brackets to parse (RFC 3261 §20.10).
 */
class ReferToWithHeaders extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}
