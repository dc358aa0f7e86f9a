// Windows of what baresip received, aligned with the test's clock: sndfile writes every packet it
// decodes into the call's *-dec.wav as it goes, so the bytes a recording grows by between two
// moments are the audio baresip decoded between them (to about a packet, 20 ms).
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { POLL_MS } from './wait.ts';
import { analyseWav, pcmLevels, wavLayout, type AudioLevels } from './wav.ts';

export interface ReceivedAudio extends AudioLevels {
  /** The recording analysed (a *-dec.wav in the rig's recordings folder). */
  readonly file: string;
}

/**
 * Levels of the audio baresip received in its newest call. sndfile writes, per call,
 * dump-<local time YYYY-MM-DD-HH-MM-SS>-dec.wav (decoded = received) and -enc.wav (sent), as
 * 16-bit PCM at the codec's rate (48 kHz stereo for Opus). Two calls starting in the same
 * second share a name, so this is meant for one call at a time.
 */
export async function newestReceivedAudio(dir: string): Promise<ReceivedAudio> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('-dec.wav'));
  if (names.length === 0) throw new Error(`baresip has recorded no call yet (${dir} is empty)`);
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(path.join(dir, name))).mtimeMs })));
  const newest = dated.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name)).at(-1)!;
  const file = path.join(dir, newest.name);
  return { file, ...analyseWav(await readFile(file)) };
}

/**
 * A point in a received-audio recording that is being written: what baresip decodes after it is
 * a window of its own, aligned with the test's clock (sndfile writes each packet as it is decoded).
 */
export interface RecordingMark {
  readonly file: string;
  /** Byte offset in the file, at a frame boundary. */
  readonly offset: number;
  /** Date.now() when the mark was taken. */
  readonly at: number;
}

/** The levels of one window of a recording, and the mark where the next window starts. */
export interface ReceivedWindow {
  readonly audio: ReceivedAudio;
  readonly next: RecordingMark;
}

/** The largest WAV header sndfile writes is well below this (RIFF, fmt, maybe PEAK, data). */
const WAV_HEAD_BYTES = 4_096;

/**
 * Marks the end of the newest received-audio recording in `dir` once it grows while this waits:
 * the call going on now (a new call's file may not exist yet right after the call was set up).
 * Throws if it does not grow within `timeoutMs`.
 */
export async function markGrowingRecording(dir: string, timeoutMs: number): Promise<RecordingMark> {
  const sizes = async () => {
    const names = (await readdir(dir)).filter((name) => name.endsWith('-dec.wav'));
    return new Map(await Promise.all(names.map(async (name) => [name, (await stat(path.join(dir, name))).size] as const)));
  };
  const before = await sizes();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await delay(POLL_MS * 4);
    const now = await sizes();
    // Only the newest call's file (names carry the call's start time): after a call is handed on,
    // the old call's file can still grow by its last packets while the new call's starts.
    const newest = [...now].sort(([a], [b]) => a.localeCompare(b)).at(-1);
    const growing = newest && newest[1] > (before.get(newest[0]) ?? WAV_HEAD_BYTES) ? newest : undefined;
    if (growing) {
      const file = path.join(dir, growing[0]);
      return { file, offset: (await readWindow(file, AT_END)).end, at: Date.now() };
    }
    if (Date.now() > deadline) throw new Error(`baresip receives no audio: no recording in ${dir} grew in ${timeoutMs} ms`);
    for (const [name, size] of now) before.set(name, size);
  }
}

/** Levels of what was recorded since `mark` (0 seconds if nothing), and the mark for the next window. */
export async function recordingSince(mark: RecordingMark): Promise<ReceivedWindow> {
  const at = Date.now();
  const window = await readWindow(mark.file, mark.offset);
  return { audio: { file: mark.file, ...window.levels }, next: { file: mark.file, offset: window.end, at } };
}

/** `readWindow` from the recording's current end (nothing read: the mark of where it stands). */
const AT_END = Number.MAX_SAFE_INTEGER;

/** The samples of a recording being written, from byte `from` (at least the data's start) to its end. */
async function readWindow(file: string, from: number): Promise<{ levels: ReturnType<typeof pcmLevels>; end: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(WAV_HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const layout = wavLayout(head, size, true);
    // Shorter than the mark: a call starting in the same second as the last one got its file
    // name and the file was written anew, so everything in it is after the mark.
    const start = from === AT_END ? layout.dataEnd : from > layout.dataEnd ? layout.dataStart : Math.max(from, layout.dataStart);
    const pcm = Buffer.alloc(layout.dataEnd - start);
    if (pcm.length > 0) await handle.read(pcm, 0, pcm.length, start);
    return { levels: pcmLevels(pcm, layout.sampleRate, layout.channels), end: layout.dataEnd };
  } finally {
    await handle.close();
  }
}
