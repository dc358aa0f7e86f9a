import { createLogger } from '../log.ts';
import type { CallMachine } from './calls.ts';
import type { MediaAttachment, MediaBridge } from './media-bridge.ts';

const log = createLogger('softphone');

/** A page that does not come back within this long: end its calls rather than leave the customer in silence. */
const MEDIA_GRACE_MS = 30_000;

/**
 * Media recovery: the signalling lives in main, so a call outlives its page and its connection.
 * When a new page's engine attaches, every established call is renegotiated (re-INVITE with an
 * ICE restart). When the connection to the SIP server comes back, every dialog is repaired with
 * a re-INVITE over the new connection, so the proxy routes the far end's BYE to us again. Calls
 * that no page comes back for are hung up properly.
 */
export class MediaRecovery {
  readonly #calls: CallMachine;
  readonly #bridge: MediaBridge;
  readonly #changed: () => void;
  #graceTimer: NodeJS.Timeout | undefined;

  constructor(options: { readonly calls: CallMachine; readonly bridge: MediaBridge; readonly changed: () => void }) {
    this.#calls = options.calls;
    this.#bridge = options.bridge;
    this.#changed = options.changed;
    this.#bridge.onAttachment((attachment) => this.#onMediaAttachment(attachment));
  }

  dispose(): void {
    clearTimeout(this.#graceTimer);
  }

  /** The connection to the SIP server is gone: live calls are recovering until repaired. */
  connectionLost(): void {
    for (const record of this.#calls.records()) if (record.view.state === 'active') this.#calls.patch(record, { recovering: true });
  }

  /** After a reconnect: re-INVITE every established call over the new connection. */
  repairDialogs(): void {
    for (const record of this.#calls.records()) {
      if (record.view.state !== 'active' || !record.view.recovering) continue;
      if (!this.#bridge.attached) continue; // the engine's attach will renegotiate
      this.#calls
        .renegotiate(record, {})
        .then(() => this.#calls.patch(record, { recovering: false }))
        .catch((error: unknown) => {
          log.warn(`dialog repair failed for ${record.view.id}: ${String(error)}`);
          void this.#calls.end(record, 'failed');
        });
    }
  }

  #onMediaAttachment(attachment: MediaAttachment): void {
    const calls = this.#calls;
    if (attachment.kind === 'detached') {
      for (const record of calls.records()) if (record.view.state === 'active') calls.patch(record, { recovering: true });
      clearTimeout(this.#graceTimer);
      if ([...calls.records()].some((record) => record.view.state !== 'ended')) {
        this.#graceTimer = setTimeout(() => this.#endOrphanedCalls(), MEDIA_GRACE_MS);
        this.#graceTimer.unref();
      }
      this.#changed();
      return;
    }
    clearTimeout(this.#graceTimer);
    for (const record of calls.records()) {
      if (record.view.state !== 'active') continue;
      if (attachment.kind === 'resumed') {
        calls.patch(record, { recovering: false });
        continue;
      }
      // A new page: its engine has no peer connection for this call. The next offer comes from
      // a fresh one (new ICE credentials, new DTLS fingerprint), so restart ICE.
      calls.sdh(record)?.forgetPendingOffer();
      record.firstPacketAt = null;
      calls
        .renegotiate(record, { iceRestart: true })
        .then(async () => {
          if (record.view.muted) await calls.sdh(record)?.mute(true);
          calls.patch(record, { recovering: false });
        })
        .catch((error: unknown) => {
          log.warn(`could not renegotiate ${record.view.id} after the page came back: ${String(error)}`);
          void calls.end(record, 'failed');
        });
    }
    this.#changed();
  }

  /** No page came back to carry the audio: hang up properly instead of leaving the far end in silence. */
  #endOrphanedCalls(): void {
    if (this.#bridge.attached) return;
    for (const record of this.#calls.records()) if (record.view.state !== 'ended') void this.#calls.end(record, 'failed');
  }
}
