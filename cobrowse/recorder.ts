// Records the page with rrweb once the customer consented and the hub said `live`, and hands
// the events to the socket as `ev` frames, one per task, split into `part` frames above 60 KB.
import { record } from '@rrweb/record';
import { EDITABLE_SELECTOR, MASK_INPUT_OPTIONS, PRIVATE_SELECTOR, maskValue, scrubEvent, type LooseEvent } from './privacy.ts';

/** A frame's text above this many UTF-8 bytes goes out as `part` frames (the hub allows 64 KB). */
export const SPLIT_ABOVE_BYTES = 60 * 1024;
/** Characters per `part`: even if JSON escaped every one as \u00XX the frame stays under 64 KB. */
const PART_CHARS = 10_000;

export interface Recording {
  /** A fresh full snapshot (an agent joined or rejoined). */
  snapshot(): void;
  stop(): void;
}

export function startRecording(send: (frame: string) => void): Recording {
  let pending: LooseEvent[] = [];
  let scheduled = false;
  let partCounter = 0;
  /** The last value attribute sent per field (privacy.ts: one frame per change, not per key). */
  const sentValues = new Map<number, unknown>();
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = JSON.stringify({ t: 'ev', e: pending });
    pending = [];
    if (new TextEncoder().encode(text).length <= SPLIT_ABOVE_BYTES) {
      send(text);
      return;
    }
    const id = `${Date.now().toString(36)}-${(partCounter += 1)}`;
    const n = Math.ceil(text.length / PART_CHARS);
    for (let i = 0; i < n; i += 1) send(JSON.stringify({ t: 'part', id, i, n, d: text.slice(i * PART_CHARS, (i + 1) * PART_CHARS) }));
  };
  const stopRecorder = record<LooseEvent>({
    emit(event) {
      if (!scrubEvent(event, (id) => record.mirror.getNode(id), sentValues)) return;
      pending.push(event);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    },
    // Every input (hidden and unknown types too), textarea and select: one fixed mask.
    maskInputOptions: MASK_INPUT_OPTIONS as never,
    maskInputFn: maskValue,
    maskTextSelector: EDITABLE_SELECTOR,
    maskTextFn: maskValue,
    blockSelector: PRIVATE_SELECTOR,
    ignoreSelector: PRIVATE_SELECTOR,
    // The cursor follows within ~20 ms (measured: slower sampling trails by half a second).
    // `mousemoveCallback`: rrweb otherwise collects positions for 500 ms before it emits them.
    sampling: { mousemove: 20, mousemoveCallback: 20, scroll: 50 },
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    recordCrossOriginIframes: false,
    recordAfter: 'DOMContentLoaded',
    slimDOMOptions: {
      script: true,
      comment: true,
      headFavicon: true,
      headWhitespace: true,
      headMetaSocial: true,
      headMetaRobots: true,
      headMetaHttpEquiv: true,
      headMetaAuthorship: true,
      headMetaVerification: true,
      headMetaDescKeywords: true,
    },
  });
  return {
    snapshot: () => record.takeFullSnapshot(),
    // Events not yet flushed are dropped: the session is over or its socket is gone.
    stop: () => {
      stopRecorder?.();
      pending = [];
    },
  };
}
