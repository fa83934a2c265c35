import { describe, expect, it } from 'vitest';
import { clampSeek, clampVolume, formatTime, isAtLiveEdge, qualityOptions, seekableWindow } from './controls';

const ranges = (...r: [number, number][]) => ({
  length: r.length,
  start: (i: number) => r[i][0],
  end: (i: number) => r[i][1],
});

describe('player controls', () => {
  it('reads the DVR window and knows the live edge', () => {
    const w = seekableWindow(ranges([100, 160], [160, 400]));
    expect(w).toEqual({ start: 100, end: 400 });
    expect(isAtLiveEdge(395, w)).toBe(true);
    expect(isAtLiveEdge(380, w)).toBe(false);
    expect(seekableWindow(ranges())).toBeNull();
    expect(isAtLiveEdge(10, null)).toBe(false);
  });

  it('keeps seeks inside the window or the duration', () => {
    const w = { start: 100, end: 400 };
    expect(clampSeek(50, w, Infinity)).toBe(100);
    expect(clampSeek(500, w, Infinity)).toBe(399);
    expect(clampSeek(380, w, Infinity)).toBe(380);
    expect(clampSeek(-3, null, 30)).toBe(0);
    expect(clampSeek(45, null, 30)).toBe(30);
  });

  it('bounds the volume', () => {
    expect(clampVolume(1.05)).toBe(1);
    expect(clampVolume(-0.1)).toBe(0);
    expect(clampVolume(0.3 + 0.1)).toBe(0.4);
  });

  it('offers Auto and one entry per height, highest first', () => {
    const options = qualityOptions([
      { height: 360, bitrate: 800_000 },
      { height: 720, bitrate: 2_500_000 },
      { height: 480, bitrate: 1_400_000 },
      { height: 720, bitrate: 3_000_000 },
    ]);
    expect(options).toEqual([
      { value: -1, label: 'Auto' },
      { value: 3, label: '720p' },
      { value: 2, label: '480p' },
      { value: 0, label: '360p' },
    ]);
  });

  it('formats times', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65)).toBe('1:05');
    expect(formatTime(3723)).toBe('1:02:03');
    expect(formatTime(NaN)).toBe('0:00');
  });
});
