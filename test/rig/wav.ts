// 16-bit PCM WAV files: the tone baresip plays as its microphone, and the analysis of what
// baresip's sndfile module recorded.

/** A 16-bit mono sine tone (integer frequency) as a WAV file (amplitude 8000 of 32767: clearly not silence, no clipping). */
export function toneWav(frequencyHz: number, seconds: number, sampleRate: number): Buffer {
  const samples = sampleRate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  // The waveform repeats exactly every sampleRate / gcd(frequency, sampleRate) samples (200 for
  // 440 Hz at 8 kHz): compute one period and let fill() repeat it, much faster than sample by sample.
  const period = Buffer.alloc((sampleRate / gcd(frequencyHz, sampleRate)) * 2);
  for (let i = 0; i < period.length / 2; i++) {
    period.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate)), i * 2);
  }
  wav.fill(period, 44);
  return wav;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface AudioLevels {
  /** Length of the recording. */
  readonly seconds: number;
  /** Root mean square over all samples and channels, 0 (silence) to 1 (full scale). */
  readonly rms: number;
  /** Largest absolute sample, 0 to 1. */
  readonly peak: number;
  readonly sampleRate: number;
  readonly channels: number;
}

/** Where a 16-bit PCM WAV file's samples are, and their format. */
export interface WavLayout {
  /** Byte offset of the first sample. */
  readonly dataStart: number;
  /** Byte offset just past the last sample (the file's end while it is still being written). */
  readonly dataEnd: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** Bytes per frame (one sample of every channel). */
  readonly blockAlign: number;
}

/**
 * The layout of a 16-bit PCM WAV file of `fileSize` bytes, from its first bytes (`head`, which
 * must reach the data chunk's header). The file may still be being written (libsndfile fills in
 * the sizes in the header only when the call ends), so a data size of 0 or one past the end of
 * the file means "up to the end of the file". `live`: the file is being written now, so its end
 * is the data's end whatever the header says: baresip names a recording by the second its call
 * started, and when a second call opens the same name while the first is still recording (a
 * blind transfer), the first call's close writes its own data size into the header the second
 * call goes on writing under.
 */
export function wavLayout(head: Buffer, fileSize = head.length, live = false): WavLayout {
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; code: number } | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        code: head.readUInt16LE(body),
        channels: head.readUInt16LE(body + 2),
        sampleRate: head.readUInt32LE(body + 4),
        bits: head.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      if (format.code !== 1 || format.bits !== 16) {
        throw new Error(`only 16-bit PCM WAV is supported (format ${format.code}, ${format.bits} bits)`);
      }
      const blockAlign = 2 * format.channels;
      const end = live || size === 0 || body + size > fileSize ? fileSize : body + size;
      return { dataStart: body, dataEnd: end - ((end - body) % blockAlign), sampleRate: format.sampleRate, channels: format.channels, blockAlign };
    }
    offset = body + size + (size % 2); // chunks are padded to an even size
  }
  throw new Error('WAV file without a data chunk');
}

/** Levels of a whole 16-bit PCM WAV file (one that may still be being written, see wavLayout). */
export function analyseWav(wav: Buffer): AudioLevels {
  const layout = wavLayout(wav);
  return pcmLevels(wav.subarray(layout.dataStart, layout.dataEnd), layout.sampleRate, layout.channels);
}

/** Levels of 16-bit little-endian PCM samples, channels interleaved. */
export function pcmLevels(pcm: Buffer, sampleRate: number, channels: number): AudioLevels {
  const count = Math.floor(pcm.length / 2);
  let sumOfSquares = 0;
  let peak = 0;
  for (let i = 0; i < count; i++) {
    const sample = pcm.readInt16LE(i * 2) / 32768;
    sumOfSquares += sample * sample;
    peak = Math.max(peak, Math.abs(sample));
  }
  return {
    seconds: count / channels / sampleRate,
    rms: count === 0 ? 0 : Math.sqrt(sumOfSquares / count),
    peak,
    sampleRate,
    channels,
  };
}
