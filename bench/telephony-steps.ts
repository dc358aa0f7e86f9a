import WebSocket from 'ws';
import type { MediaBridge } from '../main/telephony/media-bridge.ts';

// Where the time of the telephony benchmark's calls goes: each media step main asks of the
// page (`media.command` → `media.result`, by sip.js session id = call id) and, for a SIP
// server's return, when the server itself first serves a WebSocket. Printed as medians.

export interface MediaStep {
  readonly op: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Records every media step main sends the page, per call. The bridge's own `call` is wrapped
 * (a benchmark may look inside; the product never does this). Returns the steps and the undo.
 */
export function recordMediaSteps(bridge: MediaBridge): { steps: Map<string, MediaStep[]>; stop(): void } {
  const steps = new Map<string, MediaStep[]>();
  const original = bridge.call.bind(bridge);
  bridge.call = (callId, command, timeoutMs) => {
    const start = Date.now();
    const done = () => {
      const list = steps.get(callId) ?? [];
      list.push({ op: command.op, start, end: Date.now() });
      steps.set(callId, list);
    };
    const result = original(callId, command, timeoutMs);
    result.then(done, done);
    return result;
  };
  return {
    steps,
    stop: () => {
      bridge.call = original;
    },
  };
}

const median = (values: readonly number[]): number => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
};

/** One answered call's steps relative to the click: when each media step ended, and the first packet. */
export interface AnswerRound {
  readonly steps: readonly MediaStep[];
  readonly clickedAt: number;
  readonly firstPacketAt: number;
  /** The page's peer connection state marks (`PEER_STATE_LISTENER`), wall-clock ms. */
  readonly peer?: Record<string, number>;
}

export function printAnswerSteps(rounds: readonly AnswerRound[]): void {
  const end = (round: AnswerRound, op: string) => {
    const step = round.steps.find((s) => s.op === op);
    return step ? step.end - round.clickedAt : Number.NaN;
  };
  const start = (round: AnswerRound, op: string) => {
    const step = round.steps.find((s) => s.op === op);
    return step ? step.start - round.clickedAt : Number.NaN;
  };
  const at = (pick: (round: AnswerRound) => number) => Math.round(median(rounds.map(pick)));
  console.log(
    `    answer, where the time goes (median ms after the click; negative = before it): media prepared while ringing ${at((r) => end(r, 'prepare'))}, ` +
      `answer reaches main (setRemote sent) +${at((r) => start(r, 'setRemote'))}, offer applied +${at((r) => end(r, 'setRemote'))}, ` +
      `answer created and applied with its candidates = 200 OK sent +${at((r) => (r.steps.some((step) => step.op === 'describe') ? end(r, 'describe') : end(r, 'setLocal')))}, ` +
      `ICE connected +${at((r) => (r.peer?.['ice-connected'] ?? Number.NaN) - r.clickedAt)}, DTLS connected +${at((r) => (r.peer?.['pc-connected'] ?? Number.NaN) - r.clickedAt)}, ` +
      `first packet +${at((r) => r.firstPacketAt - r.clickedAt)}`,
  );
}

/** When the server at `url` completes a WebSocket handshake (`sip` subprotocol); retried until it does. */
export async function firstWebSocketAnswer(url: string, timeoutMs = 10_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const at = await new Promise<number | null>((resolve) => {
      const socket = new WebSocket(url, 'sip');
      socket.once('open', () => {
        resolve(Date.now());
        socket.terminate();
      });
      socket.once('error', () => resolve(null));
    });
    if (at !== null) return at;
    if (Date.now() > end) throw new Error(`${url} never answered a WebSocket handshake`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export function printRegistrationSteps(rounds: readonly { readonly servedAfter: number; readonly registeredAfter: number }[]): void {
  const at = (pick: (round: (typeof rounds)[number]) => number) => Math.round(median(rounds.map(pick)));
  console.log(
    `    Kamailio back, where the time goes (median ms after its port accepts): its first WebSocket handshake answered +${at((r) => r.servedAfter)} ` +
      `(the server getting ready), registered +${at((r) => r.registeredAfter)}`,
  );
}

/**
 * An init script for the console page: notes when each peer connection's ICE and DTLS states
 * change (`window.__pcMarks`, wall-clock ms), so a round can say whether the time after the
 * 200 OK went to ICE checks, the DTLS handshake or the first RTP packet. A string, not a
 * function: tsx would add its `__name` helper to a function, which the page lacks.
 */
export const PEER_STATE_LISTENER = `
  (function () {
    var Native = window.RTCPeerConnection;
    if (!Native) return;
    window.__pcMarks = [];
    window.RTCPeerConnection = function (configuration) {
      var pc = new Native(configuration);
      var marks = { created: Date.now() };
      window.__pcMarks.push(marks);
      pc.addEventListener('iceconnectionstatechange', function () { marks['ice-' + pc.iceConnectionState] = marks['ice-' + pc.iceConnectionState] || Date.now(); });
      pc.addEventListener('connectionstatechange', function () { marks['pc-' + pc.connectionState] = marks['pc-' + pc.connectionState] || Date.now(); });
      pc.addEventListener('icegatheringstatechange', function () { marks['gathering-' + pc.iceGatheringState] = marks['gathering-' + pc.iceGatheringState] || Date.now(); });
      pc.addEventListener('icecandidate', function (event) {
        if (!event.candidate) return;
        var kind = 'candidate-' + (event.candidate.protocol || '?') + '-' + (event.candidate.type || '?');
        marks[kind] = marks[kind] || Date.now();
      });
      pc.addEventListener('track', function (event) {
        marks['track' + (event.track.muted ? '-muted' : '-unmuted')] = marks['track' + (event.track.muted ? '-muted' : '-unmuted')] || Date.now();
        event.track.addEventListener('unmute', function () { marks['track-unmute'] = marks['track-unmute'] || Date.now(); });
      });
      pc.addEventListener('signalingstatechange', function () { marks['sig-' + pc.signalingState] = marks['sig-' + pc.signalingState] || Date.now(); });
      return pc;
    };
    window.RTCPeerConnection.prototype = Native.prototype;
  })();
`;

/** The newest peer connection's state marks in the page (see PEER_STATE_LISTENER). */
export async function lastPeerMarks(page: { evaluate(script: string): Promise<unknown> }): Promise<Record<string, number>> {
  return ((await page.evaluate('(window.__pcMarks || []).slice(-1)[0] || {}')) as Record<string, number>) ?? {};
}

export function describeMarks(marks: Record<string, number>, since: number): string {
  return Object.entries(marks)
    .sort((a, b) => a[1] - b[1])
    .map(([name, at]) => `${name} +${at - since}`)
    .join(', ');
}

/** The page's load as wall-clock marks: navigation timing and the page's own `loket:` performance marks. */
export async function pageLoadMarks(page: { evaluate(script: string): Promise<unknown> }): Promise<Record<string, number>> {
  return (await page.evaluate(`(function () {
    var origin = performance.timeOrigin, marks = { 'nav-start': Math.round(origin) };
    var nav = performance.getEntriesByType('navigation')[0];
    if (nav) {
      marks['html-received'] = Math.round(origin + nav.responseEnd);
      marks['dom-interactive'] = Math.round(origin + nav.domInteractive);
    }
    performance.getEntriesByType('resource').forEach(function (entry) {
      if (/\\.js$/.test(entry.name)) marks['script-received ' + entry.name.split('/').pop()] = Math.round(origin + entry.responseEnd);
    });
    performance.getEntriesByType('mark').forEach(function (mark) {
      if (mark.name.indexOf('loket:') === 0) marks[mark.name] = Math.round(origin + mark.startTime);
    });
    return marks;
  })()`)) as Record<string, number>;
}
