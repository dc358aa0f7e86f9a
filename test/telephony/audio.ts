import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { BaresipPhone, RecordingMark } from '../rig/rig.ts';
import { waitUntil } from '../rig/wait.ts';
import { mediaOf, type MediaFigures } from './console-world.ts';

// "Audio both ways", measured as what each end DECODED, not as bytes on the wire: a muted
// microphone or a silent source still sends packets (Opus codes silence in a few bytes each, a
// quiet noise in as many as speech). So a window of a call passes when
// - customer → agent: the agent's page played out the far end's audio at a level above silence
//   (inbound-rtp: sqrt(Δ totalAudioEnergy / Δ totalSamplesDuration), the getStats definition of
//   the audio level over a span);
// - agent → customer: the customer's phone decoded the agent's audio above silence: baresip's
//   recording of what it received, cut at the window's start and end (RMS of those samples); or,
//   when the customer is another console, that page's level as above. One exception, forced by
//   baresip 1.0: once the console has put baresip's call on hold, baresip records nothing more
//   that it receives (the hold re-INVITE restarts its player and flushes the receive filter chain,
//   which its aufilt_setup() only rebuilds when the send chain is empty too, so the recorder is
//   gone for the rest of the call). For such a call (`{ phone, heldBefore: true }`) this direction
//   is measured as: the level of the microphone the page sends (media-source) is above silence
//   AND baresip receives RTP at the full rate (its RTCP receive count, `audio_debug` "rcvd=").
// - both ends use the codec the rig negotiates, exactly.

/**
 * What every call on the rig negotiates, on every leg: the consoles offer Opus first, baresip
 * offers opus/48000/2, PCMU, PCMA, and rtpengine relays Opus as it is (it only bridges ICE and
 * DTLS-SRTP to plain RTP; no transcoding flags in the rig's Kamailio config).
 */
export const RIG_CODEC = 'opus/48000/2';

/**
 * Levels (full scale 1) a window must exceed. The rig's sources: baresip plays a 440 Hz tone at
 * 0.24 of full scale, which a page decodes at ~0.22; Chromium's fake microphone beeps 20 ms at
 * full scale twice a second, which baresip's recording has at ~0.09–0.11 RMS per second and the
 * page's media-source at ~0.5 (Chromium's levels follow the peaks). Silence (a muted microphone,
 * a silent source, no packets) reads 0.000; a quiet noise at about −50 dBFS, 0.003–0.007.
 */
export const MIN_LEVEL = { page: 0.05, baresip: 0.02 } as const;

/** A window shorter than this may hold no beep of Chromium's fake microphone (one every 500 ms). */
const MIN_WINDOW_MS = 600;

/**
 * The customer's end of a call: the rig's phone (`heldBefore`: the console has held this call at
 * some point, see the top of this file), or a console playing the customer.
 */
export type FarEnd = { readonly phone: BaresipPhone; readonly heldBefore?: boolean } | { readonly page: Page; readonly callId: string };

/** One window of a call, as both ends decoded it. */
export interface AudioWindow {
  readonly ms: number;
  /** customer → agent: the agent's page's decoded level and the seconds it played out. */
  readonly agent: { readonly level: number; readonly seconds: number; readonly packets: number; readonly codec: string; readonly bytesSent: number };
  /**
   * agent → customer: the far end's decoded level and the seconds it decoded; for a held baresip
   * call, the page's microphone level and the seconds of RTP baresip received (`measured`).
   */
  readonly customer: { readonly level: number; readonly seconds: number; readonly codec: string; readonly measured: 'decoded' | 'sent level + RTP received' };
}

/**
 * What the peers did around a failed window (rtpengine's and baresip's recent log lines), so a
 * failure in a run nobody watched can still be explained. Set by the world a test file starts.
 */
let explainFailure: (() => Promise<string>) | null = null;

export function explainAudioFailuresWith(explain: (() => Promise<string>) | null): void {
  explainFailure = explain;
}

async function failureContext(): Promise<string> {
  if (!explainFailure) return '';
  try {
    return `\n${await explainFailure()}`;
  } catch (error) {
    return `\n(no peer logs: ${String(error)})`;
  }
}

/** Reads consecutive windows of a call: each read covers the time since the previous one. */
export interface AudioMeter {
  /** Date.now() when the meter started. */
  readonly startedAt: number;
  read(): Promise<AudioWindow>;
}

type PageSnapshot = MediaFigures & { readonly at: number };

async function pageSnapshot(page: Page, callId: string, who: string): Promise<PageSnapshot> {
  const figures = await mediaOf(page, callId);
  if (!figures) throw new Error(`${who}'s page has no media for call ${callId}`);
  return { ...figures, at: Date.now() };
}

/** The page's decoded level between two snapshots; 0 when nothing was played out. */
function pageLevel(before: PageSnapshot, after: PageSnapshot): { level: number; seconds: number; packets: number } {
  // Totals of one peer connection (a reloaded page starts new ones): a window never spans two.
  const seconds = after.samplesDuration - before.samplesDuration;
  const energy = after.audioEnergy - before.audioEnergy;
  return { level: seconds > 0 && energy > 0 ? Math.sqrt(energy / seconds) : 0, seconds: Math.max(0, seconds), packets: after.packetsReceived - before.packetsReceived };
}

/** "opus/48000/2" from a page's getStats codec; both directions must agree. */
function pageCodec(figures: MediaFigures): string {
  const name = (codec: MediaFigures['receiveCodec']) => (codec ? `${codec.mimeType.replace(/^audio\//i, '').toLowerCase()}/${codec.clockRate}/${codec.channels}` : 'none');
  const receive = name(figures.receiveCodec);
  const send = name(figures.sendCodec);
  return receive === send ? receive : `receives ${receive}, sends ${send}`;
}

/** "opus/48000/2" from baresip's `audio_debug` ("tx: encode: opus 48000Hz/2ch", "rx: decode: …") for its current call. */
export async function baresipCodec(phone: BaresipPhone): Promise<string> {
  const text = await phone.command('audio_debug');
  const codec = (direction: string) => {
    const match = new RegExp(`${direction}:\\s+\\w+code: (\\S+) (\\d+)Hz/(\\d+)ch`).exec(text);
    return match ? `${match[1]!.toLowerCase()}/${match[2]}/${match[3]}` : 'none';
  };
  const sends = codec('tx');
  const receives = codec('rx');
  return sends === receives ? sends : `receives ${receives}, sends ${sends}`;
}

/** Packets baresip has received in its current call (RTCP receive counts in `audio_debug`). */
async function baresipPacketsReceived(phone: BaresipPhone): Promise<number> {
  const text = await phone.command('audio_debug');
  return [...text.matchAll(/\brcvd=(\d+)/g)].reduce((total, match) => total + Number(match[1]), 0);
}

/** The level of the microphone the page sends (media-source) between two snapshots. */
function microphoneLevel(before: PageSnapshot, after: PageSnapshot): number {
  if (!before.microphone || !after.microphone) return 0;
  const seconds = after.microphone.samplesDuration - before.microphone.samplesDuration;
  const energy = after.microphone.audioEnergy - before.microphone.audioEnergy;
  return seconds > 0 && energy > 0 ? Math.sqrt(energy / seconds) : 0;
}

/** RTP packets of the rig's Opus calls: 20 ms each. */
const PACKET_SECONDS = 0.02;

/**
 * How long media may take to start after a call was answered or repaired: the page's connection
 * (ICE, then the DTLS handshake) and the first packets. Well under a second on an idle machine.
 * Once, on a CI run that shares two cores between the whole suite, Chromium, Kamailio, rtpengine
 * and baresip, baresip had received nothing 5.4 s after the answer, and the meter (which then
 * waited 5 s) failed the call.
 */
const MEDIA_CONNECT_TIMEOUT_MS = 20_000;

/**
 * Waits until the page's connection for the call is up and the far end's audio has reached the
 * page (a packet received): the meter's windows judge the audio, not how long ICE and DTLS took.
 * A failure names the states it was stuck in. (Towards baresip, the meter's first mark waits as
 * long for its recording to grow.)
 */
async function mediaFlowing(page: Page, callId: string, who: string): Promise<void> {
  let last: MediaFigures | null = null;
  await waitUntil(
    async () => {
      last = await mediaOf(page, callId);
      return last?.connectionState === 'connected' && last.packetsReceived > 0;
    },
    { timeoutMs: MEDIA_CONNECT_TIMEOUT_MS, what: `${who}'s media for call ${callId}` },
  ).catch(async (error: unknown) => {
    const state = last
      ? `connection ${last.connectionState}, ICE ${last.iceConnectionState}, signalling ${last.signalingState}, gathering ${last.iceGatheringState}, candidates local ${last.localCandidates} / remote ${last.remoteCandidates}, ${last.packetsReceived} packets received`
      : 'no media in the page';
    throw new Error(`${error instanceof Error ? error.message : String(error)} (${state})${await failureContext()}`, { cause: error });
  });
}

/** Starts measuring a call between an agent's page and the customer's end, once its media flows. */
export async function startAudioMeter(agentPage: Page, callId: string, far: FarEnd): Promise<AudioMeter> {
  await mediaFlowing(agentPage, callId, 'the agent');
  if (!('phone' in far)) await mediaFlowing(far.page, far.callId, 'the customer');
  const farMark = async (): Promise<PageSnapshot | RecordingMark | number> => {
    if (!('phone' in far)) return pageSnapshot(far.page, far.callId, 'the customer');
    return far.heldBefore ? baresipPacketsReceived(far.phone) : far.phone.markReceivedAudio(MEDIA_CONNECT_TIMEOUT_MS);
  };
  let farBefore = await farMark().catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}${await failureContext()}`, { cause: error });
  });
  let agentBefore = await pageSnapshot(agentPage, callId, 'the agent');
  const startedAt = Date.now();
  return {
    startedAt,
    async read() {
      const agentAfter = await pageSnapshot(agentPage, callId, 'the agent');
      const agent = { ...pageLevel(agentBefore, agentAfter), codec: pageCodec(agentAfter), bytesSent: agentAfter.bytesSent - agentBefore.bytesSent };
      let customer: AudioWindow['customer'];
      if (!('phone' in far)) {
        const farAfter = await pageSnapshot(far.page, far.callId, 'the customer');
        const { level, seconds } = pageLevel(farBefore as PageSnapshot, farAfter);
        farBefore = farAfter;
        customer = { level, seconds, codec: pageCodec(farAfter), measured: 'decoded' };
      } else if (far.heldBefore) {
        const packets = await baresipPacketsReceived(far.phone);
        const seconds = (packets - (farBefore as number)) * PACKET_SECONDS;
        farBefore = packets;
        customer = { level: microphoneLevel(agentBefore, agentAfter), seconds, codec: await baresipCodec(far.phone), measured: 'sent level + RTP received' };
      } else {
        const window = await far.phone.receivedAudioSince(farBefore as RecordingMark);
        farBefore = window.next;
        customer = { level: window.audio.rms, seconds: window.audio.seconds, codec: await baresipCodec(far.phone), measured: 'decoded' };
      }
      const ms = agentAfter.at - agentBefore.at;
      agentBefore = agentAfter;
      return { ms, agent, customer };
    },
  };
}

/** What is wrong with a window (empty when audio went both ways above silence, with the rig's codec). */
export function audioProblems(window: AudioWindow, far: FarEnd): string[] {
  const problems: string[] = [];
  const floor = { agent: MIN_LEVEL.page, customer: 'phone' in far && !far.heldBefore ? MIN_LEVEL.baresip : MIN_LEVEL.page };
  const half = window.ms / 2000;
  if (window.ms < MIN_WINDOW_MS) problems.push(`window of ${window.ms} ms is too short to judge (< ${MIN_WINDOW_MS} ms)`);
  for (const side of ['agent', 'customer'] as const) {
    const heard = window[side];
    const way = side === 'agent' ? 'customer → agent' : 'agent → customer';
    const measured = side === 'customer' ? window.customer.measured : 'decoded';
    if (!(heard.level > floor[side])) problems.push(`${way}: ${measured === 'decoded' ? 'decoded' : 'sent'} level ${heard.level.toFixed(4)} (needs > ${floor[side]})`);
    if (!(heard.seconds >= half)) problems.push(`${way}: ${heard.seconds.toFixed(2)} s of audio ${measured === 'decoded' ? 'decoded' : 'received'} in ${window.ms} ms`);
    if (heard.codec !== RIG_CODEC) problems.push(`${way}: codec ${heard.codec}, expected ${RIG_CODEC}`);
  }
  return problems;
}

/**
 * Asserts that audio goes both ways over the next `ms` (see the top of this file) and returns
 * the figures. `far`: the customer's end, `{ phone: world.rig.baresip }` or another console.
 */
export async function expectAudioBothWays(agentPage: Page, callId: string, far: FarEnd, ms = 1_500): Promise<AudioWindow> {
  const meter = await startAudioMeter(agentPage, callId, far);
  await sleepUntil(meter.startedAt + ms);
  const window = await meter.read();
  const problems = audioProblems(window, far);
  // A string, so a failure prints every problem and the figures in full.
  expect(problems.join('; '), `audio both ways over ${ms} ms: ${JSON.stringify(window)}${problems.length > 0 ? await failureContext() : ''}`).toBe('');
  return window;
}

/** Every second's window of a span, and the lowest levels among them. */
export interface AudioSeconds {
  readonly windows: AudioWindow[];
  /** Windows with audio both ways, of all. */
  readonly good: number;
  readonly minAgentLevel: number;
  readonly minCustomerLevel: number;
}

/**
 * Measures audio both ways in consecutive one-second windows until `until()` returns true
 * (checked after each window), and asserts every window; at most `maxSeconds` windows.
 */
export async function expectAudioEverySecond(
  agentPage: Page,
  callId: string,
  far: FarEnd,
  until: (elapsedMs: number) => boolean | Promise<boolean>,
  maxSeconds: number,
): Promise<AudioSeconds> {
  const meter = await startAudioMeter(agentPage, callId, far);
  const windows: AudioWindow[] = [];
  const failures: string[] = [];
  let readAt = meter.startedAt;
  for (let second = 1; second <= maxSeconds; second++) {
    // Windows back to back on the meter's clock: a slow read shortens the next wait, not the span —
    // but never below a judgeable window: after a read that took most of a second (a busy
    // machine), the next window still runs a full second from that read's end.
    await sleepUntil(Math.max(meter.startedAt + second * 1_000, readAt + 1_000));
    const window = await meter.read();
    readAt = Date.now();
    windows.push(window);
    const problems = audioProblems(window, far);
    if (problems.length > 0) failures.push(`second ${second}: ${problems.join('; ')}`);
    if (await until(Date.now() - meter.startedAt)) break;
  }
  expect(failures.join('\n'), `audio both ways, every second (${windows.length} s)${failures.length > 0 ? await failureContext() : ''}`).toBe('');
  return {
    windows,
    good: windows.length - failures.length,
    minAgentLevel: Math.min(...windows.map((w) => w.agent.level)),
    minCustomerLevel: Math.min(...windows.map((w) => w.customer.level)),
  };
}

/** For a hardening row: how many seconds went both ways ("10/10 s"). */
export function describeSeconds(seconds: AudioSeconds): string {
  return `${seconds.good}/${seconds.windows.length} s`;
}

/** For a hardening row: the lowest levels of any second ("min level agent 0.221 / customer 0.093"). */
export function describeLevels(seconds: AudioSeconds): string {
  return `min level agent ${seconds.minAgentLevel.toFixed(3)} / customer ${seconds.minCustomerLevel.toFixed(3)}`;
}

// Measuring a window of time is the point here (not waiting for a condition).
function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}
