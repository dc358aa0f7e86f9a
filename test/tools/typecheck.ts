// Type-checks each layer against its own tsconfig, so DOM types do not exist in main and Node
// types do not exist in the renderer (a `process` in a component is a compile error).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export const LAYER_CONFIGS = [
  'tsconfig.json',
  'common/tsconfig.json',
  'main/tsconfig.json',
  'preload/tsconfig.json',
  'renderer/tsconfig.json',
  'server/tsconfig.json',
  'test/tsconfig.json',
  'bench/tsconfig.json',
  'demo/tsconfig.json',
  'cobrowse/tsconfig.json',
  'cobrowse/build/tsconfig.json',
];

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let failed = false;
for (const config of LAYER_CONFIGS) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty'], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${config} (${seconds} s)`);
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
