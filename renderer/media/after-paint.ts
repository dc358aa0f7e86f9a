/**
 * Runs `work` once the next frame has been painted: what the agent must see first (the ringing
 * banner, the caller's header) is not kept off the screen by work that can wait a frame (the
 * ringtone's audio output, moving focus, the customer's history). A task queued from a
 * `requestAnimationFrame` callback runs after that frame's paint; `setTimeout(…, 0)` alone would
 * run before it. A hidden page paints no frames (and gets no animation frames): there the work
 * runs in a task of its own at once. Returns the function that cancels it.
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    timer = setTimeout(work, 0);
  } else {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      timer = setTimeout(work, 0);
    });
  }
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
