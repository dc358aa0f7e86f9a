import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

// `LOKET_BENCH_PROFILE=1`: a CPU profile of the console page during the last call of the screen
// pop or ringing case; `=all`: over every timed round (all the page's work in them, per round:
// the call's aftermath too, not only its way to the screen). The renderer bundle is minified, so
// each sample is mapped back through its source map to the function, file and line it came from,
// and to the nearest caller in the console's own code.

export const PROFILE = process.env.LOKET_BENCH_PROFILE === '1' || process.env.LOKET_BENCH_PROFILE === 'all';
export const PROFILE_ALL = process.env.LOKET_BENCH_PROFILE === 'all';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a profile node's code came from: original function, file and line (node_modules shortened to the package). */
async function originOf(node: ProfileNode, rendererDir: string, maps: Map<string, Promise<TraceMap | null>>): Promise<{ fn: string; file: string }> {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const asset = /\/assets\/([^/?#]+\.js)/.exec(url)?.[1];
  if (!asset) return { fn: functionName || '(anonymous)', file: functionName.startsWith('(') ? functionName : url.split('/').pop() || '(native)' };
  let map = maps.get(asset);
  if (!map) {
    map = readFile(path.join(rendererDir, 'assets', `${asset}.map`), 'utf8').then(
      (text) => new TraceMap(text),
      () => null,
    );
    maps.set(asset, map);
  }
  const traced = await map;
  const position = traced ? originalPositionFor(traced, { line: lineNumber + 1, column: columnNumber }) : null;
  if (!position?.source) return { fn: functionName || '(anonymous)', file: asset };
  const source = position.source.replace(/^(\.\.\/)+/, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source);
  const file = inPackage ? `${inPackage[1]}/${inPackage[2]?.split('/').pop()}` : source;
  return { fn: `${position.name ?? (functionName || '(anonymous)')} ${file}:${position.line}`, file: inPackage ? (inPackage[1] ?? file) : file };
}

/**
 * Starts the page's profiler; `stop` prints the heaviest functions and files by self time, per
 * round over `rounds`. `rendererDir` holds the bundle's source maps.
 */
export async function startPageProfile(page: Page, rendererDir: string): Promise<{ stop(rounds?: number): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop(rounds = 1) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      await cdp.detach();
      const self = new Map<number, number>();
      profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
      const maps = new Map<string, Promise<TraceMap | null>>();
      const origins = new Map<number, { fn: string; file: string }>();
      for (const node of profile.nodes) origins.set(node.id, await originOf(node, rendererDir, maps));
      const parents = new Map<number, number>();
      for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
      /** The nearest frame on the stack in the console's own code (renderer/, common/): whose work a library's time is. */
      const ours = (id: number): string => {
        for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
          const origin = origins.get(at);
          if (origin && /^(renderer|common)\//.test(origin.file)) return origin.fn;
        }
        return origins.get(id)?.fn ?? '?';
      };
      const byFunction = new Map<string, number>();
      const byFile = new Map<string, number>();
      const byOurs = new Map<string, number>();
      let total = 0;
      for (const node of profile.nodes) {
        const us = self.get(node.id) ?? 0;
        if (us === 0 || node.callFrame.functionName === '(idle)') continue;
        const { fn, file } = origins.get(node.id)!;
        byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
        byFile.set(file, (byFile.get(file) ?? 0) + us);
        const caller = ours(node.id);
        byOurs.set(caller, (byOurs.get(caller) ?? 0) + us);
        total += us;
      }
      const top = (entries: Map<string, number>, count: number) =>
        [...entries.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, count)
          .map(([name, us]) => `      ${(us / 1000 / rounds).toFixed(2).padStart(7)}  ${name}`);
      const scope = rounds > 1 ? `per round, over ${rounds} rounds` : 'the last call';
      console.log(`    page CPU profile (self time, ms, ${scope}; ${(total / 1000 / rounds).toFixed(1)} ms busy):`);
      console.log(
        ['    by file or package:', ...top(byFile, 12), '    by function:', ...top(byFunction, 25), "    by the nearest caller in the console's own code:", ...top(byOurs, 20)].join('\n'),
      );
    },
  };
}
