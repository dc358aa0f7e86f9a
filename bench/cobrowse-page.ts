import type { Frame, Page } from 'playwright-core';
import { replay, viewerFrame } from '../test/support/cobrowse-console.ts';

// The co-browse bench's marks in the pages. The shop page stamps a DOM change (its time taken
// just before the change); the console's viewer document watches rrweb's replay iframe and its
// cursor and notes, per stamp or cursor position, the time of a task queued from the next
// animation frame after it appeared (the frame that paints it). Times are
// `performance.timeOrigin + performance.now()`: one clock for both pages of this machine.
// (No named functions inside evaluate: tsx would wrap them in a helper the page lacks; the
// watch is a script string for that reason.)

/** Writes `stamp` into the shop page's `#bench-stamp`; resolves with the time just before. */
export function stampInShop(page: Page, stamp: string): Promise<number> {
  return page.evaluate((text) => {
    const element = document.getElementById('bench-stamp');
    if (!element) throw new Error('no #bench-stamp on the shop page');
    const at = performance.timeOrigin + performance.now();
    element.textContent = text;
    return at;
  }, stamp);
}

/**
 * Installs the watch in the viewer document (again after every reload): a MutationObserver on
 * the replay iframe's document (re-attached each frame should the replayer swap it) and one on
 * the replayer's cursor element.
 */
export async function installViewerWatch(viewer: Frame): Promise<void> {
  await viewer.evaluate(VIEWER_WATCH);
}

// A string: tsx names the arrow functions of a function body with a helper the page lacks.
const VIEWER_WATCH = `(() => {
  const state = { stamp: new Map(), pointer: new Map(), arrived: new Map() };
  window.benchWatch = state;
  // When the frame carrying a stamp reached the viewer document (before the replayer applied it).
  window.addEventListener('message', (event) => {
    const data = event.data && typeof event.data.data === 'string' ? event.data.data : '';
    for (const match of data.matchAll(/dom-[0-9]+/g)) if (!state.arrived.has(match[0])) state.arrived.set(match[0], performance.timeOrigin + performance.now());
  }, true);
  const note = (kind, key) => {
    if (state[kind].has(key)) return;
    state[kind].set(key, -1);
    requestAnimationFrame(() => setTimeout(() => state[kind].set(key, performance.timeOrigin + performance.now()), 0));
  };
  let watchedDoc = null;
  let watchedMouse = null;
  let docObserver = null;
  let mouseObserver = null;
  const attach = () => {
    const frame = document.querySelector('.replay:not(.replay--building) .replayer-wrapper iframe');
    const doc = frame ? frame.contentDocument : null;
    if (doc && doc !== watchedDoc) {
      watchedDoc = doc;
      if (docObserver) docObserver.disconnect();
      docObserver = new MutationObserver(() => {
        const element = doc.getElementById('bench-stamp');
        if (element && element.textContent) note('stamp', element.textContent);
      });
      docObserver.observe(doc, { subtree: true, childList: true, characterData: true });
    }
    const mouse = document.querySelector('.replay:not(.replay--building) .replayer-mouse');
    if (mouse && mouse !== watchedMouse) {
      watchedMouse = mouse;
      if (mouseObserver) mouseObserver.disconnect();
      mouseObserver = new MutationObserver(() => note('pointer', Math.round(parseFloat(mouse.style.left)) + ',' + Math.round(parseFloat(mouse.style.top))));
      mouseObserver.observe(mouse, { attributes: true, attributeFilter: ['style'] });
    }
    requestAnimationFrame(attach);
  };
  attach();
})()`;

/**
 * Resolves with the time of the shop page's mousemove event at (x, y) (the event's own time);
 * `mouseMoveListening` resolves once the page listens for it.
 */
export function mouseMoveSeen(page: Page, x: number, y: number): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const listener = (event) => {
      if (event.clientX !== ${x} || event.clientY !== ${y}) return;
      window.removeEventListener('mousemove', listener, true);
      resolve(performance.timeOrigin + event.timeStamp);
    };
    window.addEventListener('mousemove', listener, true);
    window.benchListening = true;
  })`) as Promise<number>;
}

export async function mouseMoveListening(page: Page): Promise<void> {
  await page.waitForFunction('window.benchListening === true');
  await page.evaluate('window.benchListening = false');
}

/** Resolves with the time the viewer painted `key` (a stamp's text, or "x,y" of the cursor). */
export async function cobrowseWatch(viewer: Frame, kind: 'stamp' | 'pointer' | 'arrived', key: string): Promise<number> {
  const handle = await viewer.waitForFunction(
    ([k, wanted]) => {
      const state = (window as unknown as { benchWatch?: Record<string, Map<string, number>> }).benchWatch;
      const at = state?.[k]?.get(wanted) ?? -1;
      return at > 0 ? at : false;
    },
    [kind, key] as const,
    { timeout: 15_000 },
  );
  return Number(await handle.jsonValue());
}

/** After the console page (re)loaded: the viewer shows the customer's page (the stamp element is painted). */
export async function latePaint(page: Page): Promise<Frame> {
  await replay(page).locator('#bench-stamp').waitFor({ timeout: 15_000 });
  return viewerFrame(page);
}
