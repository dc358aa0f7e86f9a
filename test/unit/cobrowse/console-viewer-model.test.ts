import { describe, expect, it } from 'vitest';
import type { CobrowseStatus } from '../../../common/contract/cobrowse.ts';
import { FrameAssembler, stampArrival } from '../../../renderer/cobrowse-view/frames.ts';
import { keyToSend } from '../../../renderer/cobrowse-view/overlay.ts';
import { codeTimeLeft, endReasonKey, formatCountdown, groupCode, nextControlAnswer, spellCode } from '../../../renderer/features/cobrowse/cobrowse-model.ts';
import { COBROWSE_END_REASONS } from '../../../common/cobrowse/protocol.ts';
import en from '../../../locales/en/cobrowse.json';

// The console's co-browse decisions that need no page: how the code reads, the control answers,
// the end reasons' words, and the viewer's reading of the customer's frames and the agent's keys.

const status = (over: Partial<CobrowseStatus> = {}): CobrowseStatus => ({
  sessionId: '00000000-0000-4000-8000-000000000001',
  customerId: '00000000-0000-4000-8000-000000000002',
  state: 'live',
  control: 'off',
  code: null,
  codeExpiresAt: null,
  page: null,
  reason: null,
  ...over,
});

describe('the code the agent reads out', () => {
  it('is shown in two groups of three and spelled digit by digit for screen readers', () => {
    expect(groupCode('048213')).toBe('048 213');
    expect(spellCode('048213')).toBe('0 4 8 2 1 3');
  });

  it('counts down to its expiry and stops at zero', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(codeTimeLeft('2026-12-06T10:09:30Z', now)).toBe(570_000);
    expect(formatCountdown(570_000)).toBe('9:30');
    expect(formatCountdown(1_200)).toBe('0:02');
    expect(codeTimeLeft('2026-12-06T09:59:00Z', now)).toBe(0);
    expect(codeTimeLeft(null, now)).toBeNull();
  });
});

describe("the customer's answer to control", () => {
  it('is "refused" when the hub says denied, "taken back" when control went from on to off, and cleared by a new request or grant', () => {
    const asked = status({ control: 'requested' });
    expect(nextControlAnswer(status(), asked, null)).toBeNull();
    expect(nextControlAnswer(asked, status({ reason: 'denied' }), null)).toBe('refused');
    const on = status({ control: 'on' });
    expect(nextControlAnswer(asked, on, 'refused')).toBeNull();
    expect(nextControlAnswer(on, status(), null)).toBe('takenBack');
    // A page change later keeps the answer on screen until the agent asks again.
    expect(nextControlAnswer(status(), status({ page: { url: 'https://shop.example/cart', title: 'Cart' } }), 'takenBack')).toBe('takenBack');
  });

  it('starts afresh for another session', () => {
    const other = status({ sessionId: '00000000-0000-4000-8000-000000000009' });
    expect(nextControlAnswer(status({ control: 'on' }), other, 'takenBack')).toBeNull();
  });
});

describe('why a session ended', () => {
  it('has words for every end reason the hub gives, and a general sentence for one it may add later', () => {
    for (const reason of COBROWSE_END_REASONS) {
      const key = endReasonKey(reason);
      expect(key).toBe(`cobrowse:reason.${reason}`);
      expect(en.reason[reason]).toBeTruthy();
    }
    expect(endReasonKey('something_new')).toBe('cobrowse:reason.unknown');
    expect(endReasonKey(null)).toBe('cobrowse:reason.unknown');
    expect(endReasonKey('toString')).toBe('cobrowse:reason.unknown');
  });
});

describe("the viewer's reading of the customer's frames", () => {
  const meta = { type: 4, timestamp: 1, data: { href: 'https://shop.example/', width: 1280, height: 800 } };
  const full = { type: 2, timestamp: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { left: 0, top: 0 } } };

  it('takes the events of an ev frame and skips what is not one', () => {
    const frames = new FrameAssembler();
    expect(frames.take(JSON.stringify({ t: 'ev', e: [meta, full, { no: 'type' }, null] }))).toEqual([meta, full]);
    expect(frames.take('not json')).toEqual([]);
    expect(frames.take(JSON.stringify({ t: 'state', state: 'live' }))).toEqual([]);
    expect(frames.take(JSON.stringify([1, 2]))).toEqual([]);
  });

  it('puts a split frame together whatever order its parts come in, once, and ignores a repeated part', () => {
    const frames = new FrameAssembler();
    const text = JSON.stringify({ t: 'ev', e: [meta, full] });
    const cut = [text.slice(0, 10), text.slice(10, 40), text.slice(40)];
    const part = (i: number) => JSON.stringify({ t: 'part', id: 'a1', i, n: 3, d: cut[i] });
    expect(frames.take(part(2))).toEqual([]);
    expect(frames.take(part(0))).toEqual([]);
    expect(frames.take(part(0))).toEqual([]);
    expect(frames.take(part(1))).toEqual([meta, full]);
    // Done: the same id again starts a new frame, it does not replay the old one.
    expect(frames.take(part(1))).toEqual([]);
  });

  it('forgets half-received frames once many newer ones started, and refuses impossible part numbers', () => {
    const frames = new FrameAssembler();
    const text = JSON.stringify({ t: 'ev', e: [meta] });
    const first = (id: string) => JSON.stringify({ t: 'part', id, i: 0, n: 2, d: text.slice(0, 5) });
    const second = (id: string) => JSON.stringify({ t: 'part', id, i: 1, n: 2, d: text.slice(5) });
    frames.take(first('old'));
    for (let n = 0; n < 20; n += 1) frames.take(first(`newer-${n}`));
    expect(frames.take(second('old'))).toEqual([]);
    expect(frames.take(second('newer-19'))).toEqual([meta]);
    expect(frames.take(JSON.stringify({ t: 'part', id: 'x', i: 3, n: 2, d: 'x' }))).toEqual([]);
    expect(frames.take(JSON.stringify({ t: 'part', id: 'x', i: -1, n: 2, d: 'x' }))).toEqual([]);
  });

  it("stamps events with the viewer's arrival time, keeping a pointer path's own offsets", () => {
    const move = { type: 3, timestamp: 5, data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: -20 }] } };
    const [stamped] = stampArrival([move], 1_000_000);
    expect(stamped).toEqual({ ...move, timestamp: 1_000_000 });
    expect(move.timestamp).toBe(5);
  });
});

describe("the keys the agent's view passes on while in control", () => {
  const key = (k: string, extra: Partial<KeyboardEvent> = {}) => keyToSend({ key: k, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...extra });

  it('passes one printable character (an emoji too) and Backspace, Enter and Tab', () => {
    expect(['a', 'Z', '7', ' ', 'é', '😀', 'Backspace', 'Enter', 'Tab'].map((k) => key(k))).toEqual(['a', 'Z', '7', ' ', 'é', '😀', 'Backspace', 'Enter', 'Tab']);
  });

  it('keeps named keys, shortcuts and composition to the console', () => {
    expect(['ArrowLeft', 'Shift', 'F5', 'Escape', 'Delete'].map((k) => key(k))).toEqual([null, null, null, null, null]);
    expect(key('c', { ctrlKey: true })).toBeNull();
    expect(key('v', { metaKey: true })).toBeNull();
    expect(key('1', { altKey: true })).toBeNull();
    expect(key('a', { isComposing: true })).toBeNull();
  });
});
