// How the live player keeps near the live edge: the hls.js settings for low-latency HLS, when to jump rather than
// catch up, and how far behind live the viewer is, in words.
import { formatTime } from './controls';

/**
 * hls.js settings of the live player, chosen for ≤ 2 s glass to glass against Millrace's LL-HLS (parts of 1/3 s,
 * PART-HOLD-BACK 1 s, blocking reload, delta updates):
 * - `lowLatencyMode`: parts, blocking playlist reload (`_HLS_msn`/`_HLS_part`), `_HLS_skip` delta updates and the
 *   preload hint. The target latency is then the server's PART-HOLD-BACK (1 s: three parts), or its HOLD-BACK on a
 *   classic playlist. No `liveSyncDuration`: it would override both, and a classic client needs its 3 segments.
 * - `maxLiveSyncPlaybackRate` 1.15: behind the target (after a stall, a slow start), play up to 15 % faster until
 *   back on it. Chromium keeps the pitch; nothing jumps. hls.js only does so within one target duration of the
 *   target, so a DVR viewer is never hurried.
 * - `liveSyncOnStallIncrease` 0.5: each stall moves the target half a second back (hls.js caps it at one target
 *   duration). The default (1 s) would leave a viewer with one hiccup 2 s behind for the rest of the stream.
 * - `liveMaxLatencyDurationCount` stays Infinity: hls.js would otherwise seek anyone further back than that,
 *   DVR viewers included, to the live edge. The player jumps itself, and only while it follows live
 *   ({@link shouldJumpToLive}).
 * - `backBufferLength` 90: a J or ← back into what was just played needs no download.
 */
export const LIVE_HLS_CONFIG = {
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1.15,
  liveSyncOnStallIncrease: 0.5,
  backBufferLength: 90,
} as const;

/** A recording: no live edge to keep to. */
export const VOD_HLS_CONFIG = { lowLatencyMode: false, backBufferLength: 90 } as const;

/** Within this much of the target latency a viewer is on the live edge (and follows it again, if they had left). */
export const ON_TARGET_SLACK_SECONDS = 0.5;

/** The least time between two jumps to live: a jump needs a moment to land and buffer before latency means much. */
export const JUMP_COOLDOWN_MS = 10_000;

export interface LiveState {
  /** Seconds behind the live edge (hls.js's latency: the playlist's edge, aged since it was loaded). */
  latency: number;
  /** Where hls.js aims to be (PART-HOLD-BACK, or HOLD-BACK, plus what stalls added), in seconds. */
  targetLatency: number;
  /** The playlist's EXT-X-TARGETDURATION, in seconds. */
  targetDuration: number;
  /** The viewer is watching live (not a DVR position they chose, not paused). */
  following: boolean;
  playing: boolean;
  /** Milliseconds since the last jump to live. */
  sinceLastJumpMs: number;
}

/**
 * Whether to seek to the live edge now: only while following live and playing, and only when too far behind for
 * the playback-rate catch-up, which hls.js applies up to one target duration past twice the target latency (the
 * player would otherwise stay that far behind).
 */
export function shouldJumpToLive(s: LiveState): boolean {
  if (!s.following || !s.playing || s.sinceLastJumpMs < JUMP_COOLDOWN_MS) return false;
  if (!(s.latency > 0) || !(s.targetLatency > 0)) return false;
  return s.latency - s.targetLatency >= s.targetLatency + s.targetDuration;
}

/** What the latency needs of hls.js's latest live playlist: its edge (parts included) and age, in seconds. */
export interface LiveEdge { live: boolean; edge: number; age: number }

/**
 * Seconds from `currentTime` to the live edge: the playlist's edge, aged since it last advanced (hls.js's own
 * formula). Measured at the playhead now: hls.js's `latency` is the value of its last timeupdate, which right after
 * a seek still says where the viewer was. Null when not live or unknown.
 */
export function edgeLatency(details: LiveEdge | null | undefined, currentTime: number): number | null {
  if (!details || !details.live || !(details.edge > 0)) return null;
  return Math.max(0, details.edge + details.age - currentTime);
}

/** A viewer who has come back onto the target latency follows live again. */
export function isOnTarget(latency: number, targetLatency: number): boolean {
  return latency > 0 && targetLatency > 0 && latency <= targetLatency + ON_TARGET_SLACK_SECONDS;
}

/** "1.8 s behind live", "14 s behind live", "2:05 behind live"; null while unknown. */
export function behindLiveLabel(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 10) return `${seconds.toFixed(1)} s behind live`;
  if (seconds < 60) return `${Math.round(seconds)} s behind live`;
  return `${formatTime(Math.round(seconds))} behind live`;
}
