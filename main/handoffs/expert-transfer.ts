import { v7 as uuidv7 } from 'uuid';
import type { TransferToExpertResponse } from '../../common/contract/handoffs.ts';
import { TransferToExpertRequest } from '../../common/contract/handoffs.ts';
import type { CallView } from '../../common/contract/telephony.ts';
import { LoketError } from '../../common/errors.ts';
import { Directory, EscalationItem, type HandoffWrite } from '../../common/hub/escalations.ts';
import { fromHub } from '../data/hub-fallback.ts';
import { createLogger } from '../log.ts';
import type { HandoffHubPort } from './handoff-inbox.ts';

const log = createLogger('handoffs');

/** What "Transfer to expert" needs of the softphone: the call, and its two transfers carrying a hand-off id. */
export interface ExpertTransferPhone {
  call(callId: string): CallView | null;
  transfer(callId: string, target: string, handoffId?: string): Promise<unknown>;
  consult(callId: string, target: string, handoffId?: string): Promise<{ callId: string }>;
}

/**
 * "Transfer to expert": the escalation is created at the hub directly — not through the outbox,
 * since the hand-off must point at an escalation that exists and the call goes to whoever the
 * hub assigns it to — then a hand-off is registered for that colleague (`PUT /handoffs/:id`
 * with the customer's call's SIP Call-ID and number), then the call is transferred to the
 * colleague's extension, blind or attended, carrying the hand-off id (`X-Loket-Handoff`).
 * Without the hub this fails with `hub.unreachable` before anything happens to the call: the
 * page says so and offers the plain transfer.
 */
export class ExpertTransfer {
  readonly #hub: HandoffHubPort;
  readonly #phone: ExpertTransferPhone;

  constructor(hub: HandoffHubPort, phone: ExpertTransferPhone) {
    this.#hub = hub;
    this.#phone = phone;
  }

  async start(input: TransferToExpertRequest): Promise<TransferToExpertResponse> {
    const request = TransferToExpertRequest.parse(input);
    const call = this.#phone.call(request.callId);
    if (!call || call.state === 'ended') throw new LoketError('phone.noCall');
    if (call.state !== 'active') throw new LoketError('phone.wrongState');

    const escalationId = uuidv7();
    const escalation = EscalationItem.parse(
      await this.#send('PUT', `/escalations/${escalationId}`, {
        customerId: request.customerId,
        interactionId: request.interactionId ?? call.interactionId ?? null,
        orderId: request.orderId ?? null,
        queue: request.queue,
        assignTo: request.assignTo ?? null,
        priority: request.priority,
        summary: request.summary,
      }),
    );
    // Nobody of the queue was free (or spoke the customer's language): the escalation waits in
    // the queue, and there is nobody to put the customer through to.
    if (!escalation.assignedTo) throw new LoketError('handoff.noAssignee', { queue: request.queue });
    const target = escalation.assignedTo;
    const { colleagues } = Directory.parse(await this.#send('GET', '/directory'));
    const extension = colleagues.find((colleague) => colleague.id === target.id)?.extension ?? null;
    if (!extension) throw new LoketError('handoff.noExtension', { name: target.name });

    const handoffId = uuidv7();
    const handoff: HandoffWrite = {
      escalationId,
      toAgentId: target.id,
      kind: request.kind,
      callId: call.sipCallId,
      customerNumber: call.remoteNumber.startsWith('+') ? call.remoteNumber : null,
    };
    await this.#send('PUT', `/handoffs/${handoffId}`, handoff);

    const answer = { escalationId, handoffId, target: { agentId: target.id, name: target.name, extension } };
    if (request.kind === 'attended') {
      const consult = await this.#phone.consult(request.callId, extension, handoffId);
      return { ...answer, consultCallId: consult.callId };
    }
    // The REFER completes when the colleague answers: the call panel shows its progress (and a
    // failure), so the form need not wait that long.
    this.#phone.transfer(request.callId, extension, handoffId).catch((error: unknown) => log.warn('the blind transfer to the expert failed', error));
    return { ...answer, consultCallId: null };
  }

  #send(method: string, path: string, body?: unknown): Promise<unknown> {
    return fromHub(() => this.#hub.request(method, path, body), true, () => undefined);
  }
}
