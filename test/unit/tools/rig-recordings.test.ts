import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markGrowingRecording, recordingSince } from '../../rig/recordings.ts';
import { waitUntil } from '../../rig/wait.ts';
import { toneWav } from '../../rig/wav.ts';

// The rig reads baresip's received-audio recordings while baresip writes them. baresip names a
// recording by the second its call started, so a call that follows a transfer within the same
// second opens the first call's file again (truncating it) while the first call still writes,
// and the first call's close then writes its own data size into the shared header. These tests
// write files the way libsndfile does, with two handles on one name, and read them as the rig does.

const RATE = 8_000;
/** 20 ms of 8 kHz mono 16-bit samples: one packet's worth. */
const FRAME_BYTES = (RATE / 50) * 2;
const TONE = toneWav(440, 2, RATE);
const HEADER = TONE.subarray(0, 44);
const SILENCE = Buffer.alloc(FRAME_BYTES);

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A header as libsndfile writes it: at open with no data size yet, at close with the size it wrote. */
function header(dataBytes: number): Buffer {
  const head = Buffer.from(HEADER);
  head.writeUInt32LE(dataBytes === 0 ? 0 : 36 + dataBytes, 4);
  head.writeUInt32LE(dataBytes, 40);
  return head;
}

/** One call's recorder: its own handle and its own write position, as libsndfile keeps them. */
class Recorder {
  private position = 44;
  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<Recorder> {
    const handle = await open(file, 'w'); // O_TRUNC, like sf_open(SFM_WRITE)
    await handle.write(header(0), 0, 44, 0);
    return new Recorder(handle);
  }

  async frames(count: number, frame: (index: number) => Buffer): Promise<void> {
    for (let i = 0; i < count; i++) {
      await this.handle.write(frame(i), 0, FRAME_BYTES, this.position);
      this.position += FRAME_BYTES;
    }
  }

  async close(): Promise<void> {
    await this.handle.write(header(this.position - 44), 0, 44, 0);
    await this.handle.close();
  }
}

const toneFrame = (index: number) => TONE.subarray(44 + (index % 90) * FRAME_BYTES, 44 + ((index % 90) + 1) * FRAME_BYTES);

describe("the rig's received-audio windows", () => {
  it("measure the second call when a same-second call's close has written its size into the shared header", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loket-recordings-'));
    const file = path.join(dir, 'dump-2026-12-07-10-00-01-dec.wav');
    const first = await Recorder.open(file);
    await first.frames(50, () => SILENCE); // 1 s of the first call
    const second = await Recorder.open(file); // same second: the same name, truncated
    await second.frames(5, toneFrame);
    await first.frames(10, () => SILENCE); // the first call's last packets, past the second's position
    await first.close(); // its data size (60 frames) goes into the header both share

    // The second call goes on recording while the rig marks it and reads a window.
    let written = 5;
    let recording = true;
    const writer = (async () => {
      while (recording && written < 600) {
        await second.frames(1, (i) => toneFrame(written + i));
        written++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const mark = await markGrowingRecording(dir, 5_000);
      const markedSize = (await stat(file)).size;
      await waitUntil(async () => (await stat(file)).size >= markedSize + 25 * FRAME_BYTES, { timeoutMs: 5_000, what: 'half a second more recorded' });
      const window = await recordingSince(mark);
      // At least the half second written after the mark, all of it the second call's tone.
      expect(window.audio.seconds).toBeGreaterThanOrEqual(0.5);
      expect(window.audio.rms).toBeGreaterThan(0.15);
      expect(window.next.offset).toBeGreaterThan(mark.offset);
    } finally {
      recording = false;
      await writer;
      await second.close();
    }
  });

  it('read a recording alike while it is written and after its close', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loket-recordings-'));
    const file = path.join(dir, 'dump-2026-12-07-10-00-02-dec.wav');
    const recorder = await Recorder.open(file);
    await recorder.frames(25, toneFrame);
    const mark = { file, offset: 44, at: Date.now() };
    const open = await recordingSince(mark);
    expect(open.audio.seconds).toBeCloseTo(0.5, 5);
    await recorder.close();
    const closed = await recordingSince(mark);
    expect(closed.audio.seconds).toBeCloseTo(0.5, 5);
    expect(closed.audio.rms).toBeGreaterThan(0.15);
  });
});
