// Pure control logic of the player: the DVR window and the live edge, seeking inside it, volume, and the quality
// menu built from hls.js's levels.

export interface Window {
  start: number;
  end: number;
}
export interface Level {
  height: number;
  bitrate: number;
}
export interface QualityOption {
  value: number;
  label: string;
} // value -1 = Auto (hls.js's own choice)

/** How close to the end of the seekable window still counts as "live". */
export const LIVE_TOLERANCE_SECONDS = 8;

/** The seekable window from a media element's TimeRanges-like value, or null when nothing is seekable yet. */
export function seekableWindow(ranges: {
  length: number;
  start(i: number): number;
  end(i: number): number;
}): Window | null {
  if (ranges.length === 0) return null;
  return { start: ranges.start(0), end: ranges.end(ranges.length - 1) };
}

export function isAtLiveEdge(currentTime: number, window: Window | null): boolean {
  return window !== null && window.end - currentTime <= LIVE_TOLERANCE_SECONDS;
}

/** A seek target kept inside the window (a little before its end, where segments exist). */
export function clampSeek(target: number, window: Window | null, duration: number): number {
  if (window) return Math.min(Math.max(target, window.start), Math.max(window.start, window.end - 1));
  return Math.min(Math.max(target, 0), Number.isFinite(duration) ? duration : target);
}

export function clampVolume(volume: number): number {
  return Math.round(Math.min(1, Math.max(0, volume)) * 100) / 100;
}

/** Auto, then one entry per height (the best bitrate of that height), highest first. */
export function qualityOptions(levels: Level[]): QualityOption[] {
  const best = new Map<number, { index: number; bitrate: number }>();
  levels.forEach((level, index) => {
    const seen = best.get(level.height);
    if (!seen || level.bitrate > seen.bitrate) best.set(level.height, { index, bitrate: level.bitrate });
  });
  const rungs = [...best.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([height, { index }]) => ({ value: index, label: `${height}p` }));
  return [{ value: -1, label: 'Auto' }, ...rungs];
}

/** "1:02:03" or "2:03". */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
