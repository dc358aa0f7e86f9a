import type { UiCommand } from '../../common/contract/contract.ts';
import type { LinkOpenResponse } from '../../common/contract/desktop.ts';
import { parseLink } from '../../common/links/parse-link.ts';
import { createLogger } from '../log.ts';

const log = createLogger('links');

export interface LinkPorts {
  /** The access life cycle takes an enrollment link (its progress reaches the page as `access.changed`). */
  enroll(link: string): Promise<unknown>;
  /** Tells the page: the number for the dial pad, or why a link was refused. */
  command(command: UiCommand): void;
}

/**
 * `links.open`: every link from outside (OS protocol handler, second start, the web shell's
 * `?link=`) lands here. A phone link puts its number in the dial pad — the agent still presses
 * Call — and a refused link is told to the page, which says why; nothing is dialled from here.
 */
export async function openLink(url: string, ports: LinkPorts): Promise<LinkOpenResponse> {
  const link = parseLink(url);
  if (!link.ok) {
    // The reason only: the link itself may carry a code or a number that does not belong in a log.
    log.warn('refused a link', link.reason, link.detail ?? '');
    ports.command({ command: 'linkRefused', reason: link.reason });
    return { ok: false, reason: link.reason };
  }
  if (link.kind === 'dial') {
    ports.command({ command: 'dial', number: link.number });
    return { ok: true, kind: 'dial' };
  }
  await ports.enroll(url.trim());
  return { ok: true, kind: 'enroll' };
}
