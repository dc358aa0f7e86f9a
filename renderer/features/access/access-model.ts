import type { AccessStatus, UnsentItem } from '../../../common/contract/access.ts';
import { enrollLinkOf, normaliseEnrollCode } from '../../../common/links/enroll-link.ts';

/** What the first screen's field holds: a whole link, a bare code (then the hub's address is asked), or nothing yet. */
export type PastedText = { kind: 'empty' } | { kind: 'code'; code: string } | { kind: 'link'; link: string };

/** Reads the pasted text: a valid code alone asks for the hub's address; anything else is sent as a link (main checks it). */
export function readPasted(text: string): PastedText {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const code = normaliseEnrollCode(trimmed);
  if (code && !trimmed.includes(':')) return { kind: 'code', code };
  return { kind: 'link', link: trimmed };
}

/**
 * The link to enrol with, from the field and (for a bare code) the hub's address. A hub address
 * without a scheme is read as https; main's link check refuses anything unsafe with a reason.
 */
export function linkToEnrol(pasted: PastedText, hubAddress: string): string | null {
  if (pasted.kind === 'link') return pasted.link;
  if (pasted.kind === 'empty') return null;
  const address = hubAddress.trim().replace(/\/+$/, '');
  if (address === '') return null;
  return enrollLinkOf(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`, pasted.code);
}

/** Which screen the gate shows instead of the console; null: the console (perhaps with a banner). */
export type GateScreen = 'first' | 'enrolling' | 'ready' | 'ended';

export function gateScreen(status: AccessStatus | null, lookingAround = false): GateScreen | 'loading' | null {
  if (!status) return 'loading';
  switch (status.state) {
    case 'none':
      // Nothing to see without a hub but the empty console; Settings → Hub still signs in.
      return lookingAround ? null : 'first';
    case 'failed':
      return 'first';
    case 'enrolling':
      return 'enrolling';
    case 'ready':
      return 'ready';
    case 'ended':
      return 'ended';
    case 'active':
    case 'ending':
      return null;
  }
}

/** The unsent items as plain text to copy and hand to the team lead (one block per item). */
export function unsentAsText(items: readonly UnsentItem[], describe: (item: UnsentItem) => string): string {
  return items.map((item) => [describe(item), item.text ?? ''].filter((line) => line !== '').join('\n')).join('\n\n');
}
