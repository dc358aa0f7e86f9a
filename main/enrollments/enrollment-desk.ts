import QRCode from 'qrcode';
import type { z } from 'zod';
import { EndAccessResponse, OverflowAgents, OverflowEnrollment, UnsentReports } from '../../common/hub/access.ts';
import type { AgentProfile } from '../../common/hub/api.ts';
import type { EnrollmentCreateRequest, EnrollmentCreated, QrModules } from '../../common/contract/enrollments.ts';
import { LoketError } from '../../common/errors.ts';
import { fromHub } from '../data/hub-fallback.ts';

/** What the desk needs of the hub session: an authenticated request and who is signed in. */
export interface EnrollmentHubPort {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
  agent(): AgentProfile | null;
}

/**
 * The team lead's overflow agents: hub reads and writes, never cached (who may enrol, end or
 * revoke is the hub's to decide, office by office; its refusal reaches the page as `hub.refused`
 * with the hub's code, like the board's). Answers are parsed with the hub's own schemas.
 */
export class EnrollmentDesk {
  readonly #hub: EnrollmentHubPort;

  constructor(hub: EnrollmentHubPort) {
    this.#hub = hub;
  }

  async list(): Promise<OverflowAgents> {
    return OverflowAgents.parse(await this.#ask(() => this.#hub.request('GET', '/overflow-agents')));
  }

  async create(request: z.output<typeof EnrollmentCreateRequest>): Promise<EnrollmentCreated> {
    const officeId = request.officeId ?? this.#hub.agent()?.officeId;
    if (!officeId) throw new LoketError('hub.notSignedIn', {});
    const made = OverflowEnrollment.parse(await this.#ask(() => this.#hub.request('POST', '/enrollments/overflow', { ...request, officeId })));
    return { ...made, qr: qrOf(made.link) };
  }

  async endAccess(agentId: string): Promise<z.output<typeof EndAccessResponse>> {
    return EndAccessResponse.parse(await this.#ask(() => this.#hub.request('POST', `/overflow-agents/${encodeURIComponent(agentId)}/end-access`, {})));
  }

  async unsent(agentId: string): Promise<UnsentReports> {
    return UnsentReports.parse(await this.#ask(() => this.#hub.request('GET', `/overflow-agents/${encodeURIComponent(agentId)}/unsent`)));
  }

  async revokeDevice(deviceId: string): Promise<{ ok: true }> {
    await this.#ask(() => this.#hub.request('POST', `/devices/${encodeURIComponent(deviceId)}/revoke`));
    return { ok: true };
  }

  #ask(call: () => Promise<unknown>): Promise<unknown> {
    // Required: without the hub there is nothing to show or change (no local copy is kept).
    return fromHub(call, true, () => undefined);
  }
}

/**
 * The link as QR modules for the page to draw as an SVG (a data: URL image would need the CSP
 * opened). Error correction M: a phone camera reads it off a laptop screen at arm's length.
 */
export function qrOf(text: string): QrModules {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  let modules = '';
  for (const dark of data) modules += dark ? '1' : '0';
  return { size, modules };
}
