import { describe, expect, it } from 'vitest';
import { SpeedMeter } from './speed';

describe('the speed meter', () => {
  it('measures over the last five seconds, and only once a second is in', () => {
    const m = new SpeedMeter();
    m.add(0, 0);
    m.add(500_000, 500);
    expect(m.speed()).toBeNull();
    m.add(1_000_000, 1_000);
    expect(m.speed()).toBe(1_000_000);
    expect(m.secondsLeft(3_000_000)).toBe(2);
    // A fast start leaves the window: only the last 5 s count.
    for (let t = 2_000; t <= 10_000; t += 1_000) m.add(1_000_000 + (t - 1_000) * 100, t);
    expect(m.speed()).toBeCloseTo(100_000, -2);
  });

  it('starts over when the count goes back (a chunk sent again) or after a pause', () => {
    const m = new SpeedMeter();
    m.add(0, 0);
    m.add(2_000_000, 1_000);
    m.add(1_000_000, 1_500);
    expect(m.speed()).toBeNull();
    m.add(1_500_000, 2_500);
    expect(m.speed()).toBe(500_000);
    m.reset();
    expect(m.speed()).toBeNull();
    expect(m.secondsLeft(10)).toBeNull();
  });

  it('has no time left to tell while stalled', () => {
    const m = new SpeedMeter();
    m.add(100, 0);
    m.add(100, 2_000);
    expect(m.speed()).toBe(0);
    expect(m.secondsLeft(1_000)).toBeNull();
  });
});
