import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';

// The screen-pop benchmark's eyes in the page: when the caller's header is painted, the marks
// the page sets on the way, and an optional trace of the last call (its CPU profile: page-profile.ts).

/**
 * Starts watching in the page for the header of `customerId`: `window.__painted` resolves with
 * Date.now() once it is in the document and the frame that shows it has been painted. A string,
 * not a function: tsx would add its `__name` helper to a function, which the page lacks.
 */
export async function watchForHeader(page: Page, customerId: string): Promise<void> {
  const selector = JSON.stringify(`[data-testid="customer-header"][data-customer-id="${customerId}"]`);
  await page.evaluate(`
    // Where the time goes: when the ringing banner and the header entered the document.
    window.__popMarks = {};
    var marks = window.__popMarks;
    var banner = new MutationObserver(function () {
      if (marks.banner === undefined && document.querySelector('[data-testid="incoming-call"]')) { marks.banner = Date.now(); banner.disconnect(); }
    });
    banner.observe(document.body, { subtree: true, childList: true });
    window.__painted = new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error('no header for ${customerId} within 10 s')); }, 10000);
      function painted() {
        // rAF runs before the frame's paint; a task queued from it runs after that paint.
        requestAnimationFrame(function () {
          setTimeout(function () { clearTimeout(timer); resolve(Date.now()); }, 0);
        });
      }
      if (document.querySelector(${selector})) return painted();
      var observer = new MutationObserver(function () {
        if (!document.querySelector(${selector})) return;
        observer.disconnect();
        marks.header = Date.now();
        painted();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-customer-id'] });
    });
    undefined;
  `);
}

/**
 * For a round without a customer to wait for (the telephony bench's ringing case): resets the
 * marks and notes when the ringing banner enters the document, so `pageMarks` can say where the
 * time went on the way to it.
 */
export async function watchForBanner(page: Page): Promise<void> {
  await page.evaluate(`
    window.__popMarks = {};
    var marks = window.__popMarks;
    var banner = new MutationObserver(function () {
      if (marks.banner === undefined && document.querySelector('[data-testid="incoming-call"]')) { marks.banner = Date.now(); banner.disconnect(); }
    });
    banner.observe(document.body, { subtree: true, childList: true });
    undefined;
  `);
}

export const headerPaintedAt = (page: Page) => page.evaluate('window.__painted') as Promise<number>;

/** The User Timing marks the page sets on a ringing call's way (see renderer/README.md). */
const PAGE_MARKS = ['loket:caller', 'loket:phone-status', 'loket:screen-pop'] as const;

export type PopMarks = { received?: number; ringing?: number; banner?: number; header?: number } & { [mark in (typeof PAGE_MARKS)[number]]?: number };

/** The page's own User Timing marks of the last ringing call (epoch ms), and the observers' marks. */
export const pageMarks = (page: Page) =>
  page.evaluate(`(function () {
    var marks = Object.assign({}, window.__popMarks);
    var first = Math.min(marks.received || Infinity, marks.ringing || Infinity);
    var since = first === Infinity ? 0 : first - performance.timeOrigin;
    ${JSON.stringify(PAGE_MARKS)}.forEach(function (name) {
      var entry = performance.getEntriesByName(name).filter(function (e) { return e.startTime >= since - 1; })[0];
      if (entry) marks[name] = performance.timeOrigin + entry.startTime;
    });
    performance.clearMarks();
    return marks;
  })()`) as Promise<PopMarks>;

/**
 * For the page's init script: notes when the call's first frames reach the page, before the
 * bridge parses them — its caller (`calls.caller`) and the ringing call (`phone.changed`).
 */
export const FRAME_LISTENER = `
  (function () {
    var Native = window.WebSocket;
    window.WebSocket = function (url, protocols) {
      var socket = new Native(url, protocols);
      socket.addEventListener('message', function (event) {
        var marks = window.__popMarks;
        if (!marks) return;
        var text = String(event.data);
        if (marks.received === undefined && text.indexOf('calls.caller') >= 0) marks.received = Date.now();
        if (marks.ringing === undefined && text.indexOf('phone.changed') >= 0 && text.indexOf('"ringing"') >= 0) marks.ringing = Date.now();
      });
      return socket;
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  })();
`;

/** `LOKET_BENCH_TRACE=1`: the page's main-thread work during the last call by kind (layout, style, paint, script). */
export const TRACE = process.env.LOKET_BENCH_TRACE === '1';
/**
 * `LOKET_BENCH_TRACE_FILE=<file>` (with the trace): also writes the whole trace there, with the
 * page's JavaScript samples and User Timing marks on the same clock, for the Performance panel of
 * Chromium's DevTools (the summary printed says what kind of work it was, not whose).
 */
const TRACE_FILE = process.env.LOKET_BENCH_TRACE_FILE;

export async function startTrace(browser: Browser, page: Page): Promise<() => Promise<void>> {
  const detail = TRACE_FILE ? ['blink.user_timing', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-devtools.timeline.frame'] : [];
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...detail] });
  return async () => {
    const buffer = await browser.stopTracing();
    if (TRACE_FILE) {
      await writeFile(TRACE_FILE, buffer);
      console.log(`    the page's trace of the last call: ${TRACE_FILE}`);
    }
    const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; ts: number; tid: number; args?: { data?: { frame?: string } } }[] }).traceEvents;
    // The renderer's main thread: the one that ran the most "RunTask"s with layouts.
    const byThread = new Map<number, number>();
    for (const e of events) if (e.name === 'Layout' || e.name === 'UpdateLayoutTree') byThread.set(e.tid, (byThread.get(e.tid) ?? 0) + 1);
    const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const total = new Map<string, { ms: number; n: number }>();
    for (const e of events) {
      if (e.tid !== main || e.ph !== 'X' || e.dur === undefined) continue;
      const entry = total.get(e.name) ?? { ms: 0, n: 0 };
      entry.ms += e.dur / 1000;
      entry.n += 1;
      total.set(e.name, entry);
    }
    console.log('    page main thread during the last call (inclusive ms, count):');
    for (const [name, { ms, n }] of [...total.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) console.log(`      ${ms.toFixed(1).padStart(7)}  ${String(n).padStart(4)}×  ${name}`);
  };
}
