import { describe, expect, it } from 'vitest';
import { FROZEN_MS, FrozenPlayhead, MAX_NUDGES, type PlayheadSample } from './frozenPlayhead';

const frozen = (now: number, extra: Partial<PlayheadSample> = {}): PlayheadSample => ({
  now,
  currentTime: 10.68,
  paused: false,
  seeking: false,
  readyState: 2,
  bufferedAhead: 39,
  ...extra,
});

describe('a playhead frozen inside buffered media', () => {
  it('is nudged once it stood still for the frozen time, then again only after as long', () => {
    const w = new FrozenPlayhead();
    expect(w.look(frozen(0))).toBe(false);
    expect(w.look(frozen(FROZEN_MS - 1))).toBe(false);
    expect(w.look(frozen(FROZEN_MS))).toBe(true);
    expect(w.look(frozen(FROZEN_MS + 500))).toBe(false);
    expect(w.look(frozen(2 * FROZEN_MS))).toBe(true);
    expect(w.total).toBe(2);
  });

  it('gives up after a few nudges, and starts over once the playhead moved', () => {
    const w = new FrozenPlayhead();
    let now = 0;
    w.look(frozen(now));
    let nudged = 0;
    for (let i = 0; i < 20; i++) if (w.look(frozen((now += FROZEN_MS)))) nudged++;
    expect(nudged).toBe(MAX_NUDGES);
    w.look(frozen((now += 100), { currentTime: 11 }));
    expect(w.look(frozen((now += FROZEN_MS), { currentTime: 11 }))).toBe(true);
  });

  it('leaves alone a paused, seeking, playing or starving element', () => {
    for (const extra of [{ paused: true }, { seeking: true }, { readyState: 4 }, { bufferedAhead: 0.5 }]) {
      const w = new FrozenPlayhead();
      w.look(frozen(0, extra));
      expect(w.look(frozen(10 * FROZEN_MS, extra))).toBe(false);
    }
  });

  it('leaves alone a playhead that moves', () => {
    const w = new FrozenPlayhead();
    for (let i = 0; i < 20; i++) expect(w.look(frozen(i * FROZEN_MS, { currentTime: 10 + i * 0.01 }))).toBe(false);
  });
});
