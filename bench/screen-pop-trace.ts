import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';

// `LOKET_BENCH_TRACE=all`: one trace of the page over every timed round of the screen pop, and
// per round the page's main-thread CPU time (the trace's thread time, not the wall clock) from
// the task that handled the ringing call to the frame that painted the header. On a machine
// whose cores other work shares, the wall-clock figures move with that work; the CPU the page
// spends is what a change to the page moves, so a before/after compares these.

export const TRACE_ALL = process.env.LOKET_BENCH_TRACE === 'all';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  /** The thread's CPU time in the event (µs). */
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string };
}

export interface RoundCpu {
  /** The task that handled the ringing call (the page's render of the banner and the header). */
  readonly ringingTask: number;
  /** Other tasks after it, before the frame (answers to requests, other events from main). */
  readonly between: number;
  /** The frame's task: animation-frame callbacks, style, layout, paint. */
  readonly frame: number;
  /** Wall clock from the ringing task's start to the end of the frame's paint. */
  readonly wall: number;
}

/**
 * Starts the trace; the function returned stops it and gives each round's figures (in order).
 * With a `file` the trace is also written there, with the page's JavaScript samples (which cost
 * some CPU themselves), for DevTools' Performance panel.
 */
export async function startRoundsTrace(browser: Browser, page: Page, file?: string): Promise<() => Promise<RoundCpu[]>> {
  const samples = file ? ['disabled-by-default-v8.cpu_profiler'] : [];
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', ...samples] });
  return async () => {
    const buffer = await browser.stopTracing();
    if (file) await writeFile(file, buffer);
    return roundsCpu((JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents);
  };
}

/** Per ringing call in the trace (the page's `loket:screen-pop` mark), what its main thread spent until the header's frame was painted. */
export function roundsCpu(events: readonly TraceEvent[]): RoundCpu[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  // Top-level tasks only (a nested RunTask's time is in its parent's).
  const tasks: TraceEvent[] = [];
  for (const e of mine.filter((x) => x.ph === 'X' && x.name === 'RunTask').sort((a, b) => a.ts - b.ts)) {
    const last = tasks.at(-1);
    if (last && e.ts < last.ts + (last.dur ?? 0)) continue;
    tasks.push(e);
  }
  const paints = mine.filter((e) => e.ph === 'X' && e.name === 'Paint').sort((a, b) => a.ts - b.ts);
  const pops = mine.filter((e) => e.name === 'loket:screen-pop').sort((a, b) => a.ts - b.ts);
  const rounds: RoundCpu[] = [];
  for (const pop of pops) {
    const ringing = tasks.find((t) => t.ts <= pop.ts && pop.ts <= t.ts + (t.dur ?? 0));
    if (!ringing) continue;
    const ringingEnd = ringing.ts + (ringing.dur ?? 0);
    const paint = paints.find((p) => p.ts >= ringingEnd);
    if (!paint) continue;
    const frameTask = tasks.find((t) => t.ts <= paint.ts && paint.ts <= t.ts + (t.dur ?? 0));
    const cpu = (t: TraceEvent | undefined) => (t?.tdur ?? 0) / 1000;
    const between = tasks.filter((t) => t.ts >= ringingEnd && (!frameTask || t.ts < frameTask.ts)).reduce((sum, t) => sum + cpu(t), 0);
    rounds.push({ ringingTask: cpu(ringing), between, frame: cpu(frameTask), wall: (paint.ts + (paint.dur ?? 0) - ringing.ts) / 1000 });
  }
  return rounds;
}

/** One line: median and p95 of each part over the rounds. */
export function describeRoundsCpu(rounds: readonly RoundCpu[]): string {
  const stat = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? Number.NaN;
    return `${at(0.5).toFixed(1)} / ${at(0.95).toFixed(1)}`;
  };
  const part = (key: keyof RoundCpu) => stat(rounds.map((r) => r[key]));
  return (
    `page main-thread CPU per ringing call (median / p95 ms, ${rounds.length} rounds): the ringing call's task ${part('ringingTask')}, ` +
    `other tasks before the frame ${part('between')}, the frame ${part('frame')}, together ${stat(rounds.map((r) => r.ringingTask + r.between + r.frame))}; ` +
    `wall clock from that task to the frame's paint ${part('wall')}`
  );
}
