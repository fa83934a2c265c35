// How the live player keeps near the live edge: the hls.js settings for low-latency HLS, when to jump rather than
// catch up, and how far behind live the viewer is, in words.
import { formatTime } from './controls';

/**
 * hls.js settings of the live player, chosen for ≤ 2 s glass to glass against Millrace's LL-HLS (parts of 0.2 s,
 * PART-HOLD-BACK 0.6 s, blocking reload, delta updates):
 * - `lowLatencyMode`: parts, blocking playlist reload (`_HLS_msn`/`_HLS_part`), `_HLS_skip` delta updates and the
 *   preload hint. The target latency is then the server's PART-HOLD-BACK, or its HOLD-BACK on a classic playlist.
 *   No `liveSyncDuration`: it would override both, and a classic client needs its 3 segments.
 * - `maxLiveSyncPlaybackRate` 1: hls.js's own catch-up stays off, the player runs its own ({@link catchUpRate}).
 *   hls.js only speeds up with more than 1 s buffered ahead, so at a 0.6 s target it stops about 0.5 s short of it.
 * - `liveSyncOnStallIncrease` 0.2 (one part): hls.js moves its target this much back at each stall. The default,
 *   1 s, on a 0.6 s target, turned two start-up stalls into 2.6 s for the rest of the stream; the player also gives
 *   the target back after a steady while ({@link restoredTarget}).
 * - `liveMaxLatencyDurationCount` stays Infinity: hls.js would otherwise seek anyone further back than that,
 *   DVR viewers included, to the live edge. The player jumps itself, and only while it follows live
 *   ({@link shouldJumpToLive}).
 * - `backBufferLength` 90: a J or ← back into what was just played needs no download.
 * - `playlistLoadPolicy`: hls.js gives a blocking playlist reload only max(3 parts, 0.8 target duration) (0.8 s at
 *   the server's default 1 s segments) before it times out, and with its defaults (2 retries) fails for good after a
 *   few seconds without a new part: a publisher reconnecting (OBS waits a few seconds; the session goes on for
 *   30 s) killed the player. Timeouts are retried {@link PLAYLIST_TIMEOUT_RETRIES} times (× 0.8 s ≈ the reconnect
 *   grace); errors (a 503 after the server's hold) 10 times, backing off to 8 s. hls.js counts a retry from the last
 *   playlist that loaded.
 */
export const PLAYLIST_TIMEOUT_RETRIES = 40;

export const LIVE_HLS_CONFIG = {
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1,
  liveSyncOnStallIncrease: 0.2,
  backBufferLength: 90,
  playlistLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 10_000,
      maxLoadTimeMs: 20_000,
      timeoutRetry: { maxNumRetry: PLAYLIST_TIMEOUT_RETRIES, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 10, retryDelayMs: 1000, maxRetryDelayMs: 8000 },
    },
  },
} as const;

/** A recording: no live edge to keep to. */
export const VOD_HLS_CONFIG = { lowLatencyMode: false, backBufferLength: 90 } as const;

/** Within this much of the target latency a viewer is on the live edge (and follows it again, if they had left). */
export const ON_TARGET_SLACK_SECONDS = 0.5;

/** The least time between two jumps to live: a jump needs a moment to land and buffer before latency means much. */
export const JUMP_COOLDOWN_MS = 10_000;

/** The fastest catch-up: 10 % faster than real time, which Chromium plays without a pitch change nor a visible jump. */
export const MAX_CATCH_UP_RATE = 1.1;

/** Catching up starts this far behind the target, and stops once back within {@link CATCH_UP_STOP_SECONDS}. */
export const CATCH_UP_START_SECONDS = 0.15;
export const CATCH_UP_STOP_SECONDS = 0.05;

/**
 * The least buffered ahead of the playhead that catching up may eat into (seconds): one part arrives every 0.2 s, so
 * with less than this a faster playhead would run dry and stall, which costs more than it gains.
 */
export const CATCH_UP_MIN_BUFFER_SECONDS = 0.3;

/**
 * How long after the first frame the player may still settle onto the target with one seek: hls.js starts at the
 * target, but the edge moves on while the first part downloads and decodes, so a viewer starts up to a second or two
 * behind, which a 10 % catch-up would take 10–20 s to win back.
 */
export const START_SETTLE_MS = 3_000;

/** How long a viewer plays on target without a stall before the target those stalls added is given back. */
export const STEADY_MS = 15_000;

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

export interface CatchUp {
  latency: number;
  targetLatency: number;
  targetDuration: number;
  /** Seconds buffered ahead of the playhead. */
  forwardBuffer: number;
  following: boolean;
  playing: boolean;
  /** The playback rate now (catching up goes on until back within CATCH_UP_STOP_SECONDS). */
  rate: number;
}

/**
 * The playback rate that brings a viewer who follows live back onto the target latency: 1 + a tenth of the distance,
 * in steps of 0.05, at most {@link MAX_CATCH_UP_RATE}; 1 while the buffer ahead is short (speeding up would stall),
 * for a DVR viewer or one too far behind for it (the player jumps instead: {@link shouldJumpToLive}).
 */
export function catchUpRate(s: CatchUp): number {
  const distance = s.latency - s.targetLatency;
  if (!s.following || !s.playing || !(distance > 0) || !(s.targetLatency > 0)) return 1;
  if (distance >= s.targetLatency + s.targetDuration) return 1;
  if (s.forwardBuffer < CATCH_UP_MIN_BUFFER_SECONDS) return 1;
  if (distance < (s.rate > 1 ? CATCH_UP_STOP_SECONDS : CATCH_UP_START_SECONDS)) return 1;
  const rate = Math.ceil((1 + distance / 10) * 20) / 20;
  return Math.min(MAX_CATCH_UP_RATE, rate);
}

/**
 * Whether to seek onto the target once, right after playback starts: only in the first {@link START_SETTLE_MS}, while
 * following live, more than half a second behind the target, and when the position is already buffered (the seek
 * then shows the next frame at once instead of stalling).
 */
export function shouldSettleAtStart(
  sincePlayingMs: number,
  latency: number,
  targetLatency: number,
  following: boolean,
  positionBuffered: boolean,
): boolean {
  return following && positionBuffered && sincePlayingMs <= START_SETTLE_MS && latency - targetLatency > 0.5;
}

/**
 * The target latency to give back to hls.js after stalls moved it (hls.js adds `liveSyncOnStallIncrease` per stall
 * and never takes it back): the playlist's own hold-back, once the viewer has played {@link STEADY_MS} on target
 * without a stall. Null: leave it.
 */
export function restoredTarget(
  targetLatency: number,
  holdBack: number,
  sinceStallMs: number,
  onTarget: boolean,
): number | null {
  if (!(holdBack > 0) || !(targetLatency > holdBack + 0.01)) return null;
  return onTarget && sinceStallMs >= STEADY_MS ? holdBack : null;
}

/** What the latency needs of hls.js's latest live playlist: its edge (parts included) and age, in seconds. */
export interface LiveEdge {
  live: boolean;
  edge: number;
  age: number;
}

/**
 * Seconds from `currentTime` to the live edge: the playlist's edge, aged since it last advanced (hls.js's own
 * formula). Measured at the playhead now: hls.js's `latency` is the value of its last timeupdate, which right after
 * a seek still says where the viewer was. Null when not live or unknown.
 */
export function edgeLatency(details: LiveEdge | null | undefined, currentTime: number): number | null {
  if (!details || !details.live || !(details.edge > 0)) return null;
  return Math.max(0, details.edge + details.age - currentTime);
}

/** Seconds buffered ahead of `currentTime` in the buffered range that holds it (0 when none does). */
export function forwardBuffer(
  ranges: { length: number; start(i: number): number; end(i: number): number },
  currentTime: number,
): number {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= currentTime + 0.1 && currentTime < ranges.end(i)) return ranges.end(i) - currentTime;
  }
  return 0;
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
