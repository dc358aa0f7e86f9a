import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

// Folders made here and not yet removed, shared by every copy of this module in the test worker
// (vitest loads it afresh per test file). When the worker exits, what is left is removed: a hook
// that timed out or a test that threw before its cleanup must not leave consoles' data (cache,
// key files, settings) in the OS temp dir. Each test still removes its own folders: this is the net.
const LEFT = Symbol.for('loket.test.tempDirs');
const registry = globalThis as typeof globalThis & { [LEFT]?: Set<string> };

function leftFolders(): Set<string> {
  let folders = registry[LEFT];
  if (!folders) {
    const created = new Set<string>();
    folders = created;
    registry[LEFT] = created;
    process.once('exit', () => {
      for (const dir of created) rmSync(dir, { recursive: true, force: true });
    });
  }
  return folders;
}

/** A fresh folder under the OS temp dir, removed by the returned cleanup (or when the test worker exits). */
export async function tempDir(prefix = 'loket-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const folders = leftFolders();
  folders.add(dir);
  return {
    dir,
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true });
      folders.delete(dir);
    },
  };
}

/**
 * For a test file whose tests each make folders: returns a maker of fresh folders, all removed
 * after each test. Call it at the file's top level (it registers an `afterEach`).
 */
export function tempDirsPerTest(prefix?: string): () => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return async () => {
    const temp = await tempDir(prefix);
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
}
