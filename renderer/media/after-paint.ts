/**
 * Runs `work` once the next frame has been painted: what the agent must see first (the ringing
 * banner, the caller's header) is not kept off the screen by work that can wait a frame (the
 * ringtone's audio output, moving focus, the customer's history). A task queued from a
 * `requestAnimationFrame` callback runs after that frame's paint; `setTimeout(…, 0)` alone would
 * run before it. That task has background priority where the browser orders tasks, so it also
 * waits for the page's more urgent work queued meanwhile. A hidden page paints no frames (and gets no animation frames): there the work
 * runs in a task of its own at once. Returns the function that cancels it.
 */
export function afterPaint(work: () => void): () => void {
  let cancelTask: (() => void) | undefined;
  let frame: number | undefined;
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    cancelTask = lowPriorityTask(work);
  } else {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      cancelTask = lowPriorityTask(work);
    });
  }
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    cancelTask?.();
  };
}

/** `afterPaint` as a promise, for work in an async flow that can wait a frame (it never rejects). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterPaint(resolve));
}

interface PostTaskScheduler {
  postTask(work: () => void, options: { priority: 'background'; signal: AbortSignal }): Promise<unknown>;
}

/**
 * A task that yields to the page's other work (input, rendering, the messages from main) where
 * the browser can order tasks by priority (`scheduler.postTask`, Chromium), else a plain task:
 * what waited for the paint is never in a hurry.
 */
function lowPriorityTask(work: () => void): () => void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    const controller = new AbortController();
    scheduler.postTask(work, { priority: 'background', signal: controller.signal }).catch(() => undefined);
    return () => controller.abort();
  }
  const timer = setTimeout(work, 0);
  return () => clearTimeout(timer);
}
