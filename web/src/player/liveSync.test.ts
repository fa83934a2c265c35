import { describe, expect, it } from 'vitest';
import {
  behindLiveLabel,
  catchUpRate,
  type CatchUp,
  edgeLatency,
  forwardBuffer,
  isOnTarget,
  JUMP_COOLDOWN_MS,
  LIVE_HLS_CONFIG,
  MAX_CATCH_UP_RATE,
  restoredTarget,
  shouldJumpToLive,
  shouldSettleAtStart,
  START_SETTLE_MS,
  STEADY_MS,
  type LiveState,
} from './liveSync';

// What the server's LL-HLS gives: PART-HOLD-BACK 1 s, 2 s segments.
const live: LiveState = {
  latency: 1.2,
  targetLatency: 1,
  targetDuration: 2,
  following: true,
  playing: true,
  sinceLastJumpMs: Infinity,
};

describe('keeping to the live edge', () => {
  it('runs hls.js in low-latency mode with its own catch-up off, a one-part stall step and no seek of DVR viewers', () => {
    expect(LIVE_HLS_CONFIG.lowLatencyMode).toBe(true);
    // hls.js speeds up only with > 1 s buffered: at a 0.6 s target it would stop 0.5 s short; the player does it.
    expect(LIVE_HLS_CONFIG.maxLiveSyncPlaybackRate).toBe(1);
    expect(LIVE_HLS_CONFIG.liveSyncOnStallIncrease).toBeLessThanOrEqual(0.2);
    // Either would override the server's PART-HOLD-BACK, or (the max) seek a DVR viewer back to live.
    for (const key of [
      'liveSyncDuration',
      'liveSyncDurationCount',
      'liveMaxLatencyDuration',
      'liveMaxLatencyDurationCount',
    ]) {
      expect(LIVE_HLS_CONFIG).not.toHaveProperty(key);
    }
  });

  it('keeps retrying blocking playlist reloads through a publisher reconnect', () => {
    // hls.js times a blocking reload out after 0.8 s on 1 s segments; its default 2 retries died within seconds.
    const policy = LIVE_HLS_CONFIG.playlistLoadPolicy.default;
    expect(policy.timeoutRetry.maxNumRetry * 0.8).toBeGreaterThanOrEqual(30);
    expect(policy.timeoutRetry.retryDelayMs).toBe(0);
    expect(policy.errorRetry.maxNumRetry).toBeGreaterThanOrEqual(10);
  });

  it('leaves a small lag to the playback-rate catch-up', () => {
    expect(shouldJumpToLive({ ...live, latency: 1.5 })).toBe(false);
    // hls.js catches up while latency - target < target + target duration: 1 + 1 + 2 = 4 s.
    expect(shouldJumpToLive({ ...live, latency: 3.9 })).toBe(false);
  });

  it('jumps when too far behind to catch up, while following live', () => {
    expect(shouldJumpToLive({ ...live, latency: 4.0 })).toBe(true);
    expect(shouldJumpToLive({ ...live, latency: 30 })).toBe(true);
    // Classic playlists: target 3 segments (6 s), so 14 s behind is the first jump.
    expect(shouldJumpToLive({ ...live, latency: 13.9, targetLatency: 6 })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 14, targetLatency: 6 })).toBe(true);
  });

  it('never jumps a viewer who chose a DVR position or paused, nor twice in a row', () => {
    expect(shouldJumpToLive({ ...live, latency: 600, following: false })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 600, playing: false })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 600, sinceLastJumpMs: JUMP_COOLDOWN_MS - 1 })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 600, sinceLastJumpMs: JUMP_COOLDOWN_MS })).toBe(true);
  });

  it('does nothing while the latency is unknown', () => {
    expect(shouldJumpToLive({ ...live, latency: 0 })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 30, targetLatency: NaN })).toBe(false);
    expect(shouldJumpToLive({ ...live, latency: 30, targetDuration: NaN })).toBe(false);
  });

  it('knows a viewer back on the target', () => {
    expect(isOnTarget(1.4, 1)).toBe(true);
    expect(isOnTarget(1.6, 1)).toBe(false);
    expect(isOnTarget(0, 1)).toBe(false);
    expect(isOnTarget(1, NaN)).toBe(false);
  });

  it('says how far behind live in words', () => {
    expect(behindLiveLabel(1.84)).toBe('1.8 s behind live');
    expect(behindLiveLabel(0)).toBe('0.0 s behind live');
    expect(behindLiveLabel(14.4)).toBe('14 s behind live');
    expect(behindLiveLabel(125)).toBe('2:05 behind live');
    expect(behindLiveLabel(3723)).toBe('1:02:03 behind live');
    expect(behindLiveLabel(NaN)).toBeNull();
    expect(behindLiveLabel(-1)).toBeNull();
  });

  it('measures the latency at the playhead now, from the playlist edge aged since it advanced', () => {
    const details = { live: true, edge: 300, age: 0.4 };
    expect(edgeLatency(details, 299.4)).toBeCloseTo(1.0);
    // Right after a seek 20 s back: 21 s behind, whatever hls.js said at its last timeupdate.
    expect(edgeLatency(details, 279.4)).toBeCloseTo(21.0);
    const seekedBack = { ...live, latency: edgeLatency(details, 279.4)!, following: false };
    expect(isOnTarget(seekedBack.latency, seekedBack.targetLatency)).toBe(false);
    expect(edgeLatency({ ...details, live: false }, 299)).toBeNull(); // a recording, or an ended live playlist
    expect(edgeLatency(null, 10)).toBeNull();
    expect(edgeLatency({ live: true, edge: 0, age: 0 }, 0)).toBeNull(); // nothing loaded yet
  });
});

// PART-HOLD-BACK 0.6 s (three 0.2 s parts), 2 s segments.
const behind: CatchUp = {
  latency: 1.6,
  targetLatency: 0.6,
  targetDuration: 2,
  forwardBuffer: 1.2,
  following: true,
  playing: true,
  rate: 1,
};

describe('catching up with live by playback rate', () => {
  it('speeds up modestly, more the further behind, never past the maximum', () => {
    expect(catchUpRate(behind)).toBe(1.1);
    expect(catchUpRate({ ...behind, latency: 0.9 })).toBe(1.05);
    expect(catchUpRate({ ...behind, latency: 3.0 })).toBe(MAX_CATCH_UP_RATE);
    expect(MAX_CATCH_UP_RATE).toBeLessThanOrEqual(1.15);
  });

  it('starts a little behind the target and goes on until nearly on it', () => {
    expect(catchUpRate({ ...behind, latency: 0.7 })).toBe(1); // 0.1 s behind: not yet
    expect(catchUpRate({ ...behind, latency: 0.7, rate: 1.05 })).toBe(1.05); // already catching up: on
    expect(catchUpRate({ ...behind, latency: 0.64, rate: 1.05 })).toBe(1); // within 0.05 s: done
    expect(catchUpRate({ ...behind, latency: 0.5 })).toBe(1); // ahead of the target
  });

  it('does not eat into a short buffer', () => {
    expect(catchUpRate({ ...behind, forwardBuffer: 0.29 })).toBe(1);
    expect(catchUpRate({ ...behind, forwardBuffer: 0.3 })).toBe(1.1);
  });

  it('never hurries a DVR viewer, a paused one, one too far behind (the player jumps), or on unknown figures', () => {
    expect(catchUpRate({ ...behind, following: false })).toBe(1);
    expect(catchUpRate({ ...behind, playing: false })).toBe(1);
    expect(catchUpRate({ ...behind, latency: 0.6 + 0.6 + 2 })).toBe(1);
    expect(catchUpRate({ ...behind, targetLatency: NaN })).toBe(1);
    expect(catchUpRate({ ...behind, latency: NaN })).toBe(1);
  });

  it('measures the buffer ahead in the range that holds the playhead', () => {
    const ranges = (...r: [number, number][]) => ({
      length: r.length,
      start: (i: number) => r[i][0],
      end: (i: number) => r[i][1],
    });
    expect(forwardBuffer(ranges([10, 20], [30, 40]), 12)).toBe(8);
    expect(forwardBuffer(ranges([10, 20], [30, 40]), 29.95)).toBeCloseTo(10.05); // about to enter it
    expect(forwardBuffer(ranges([10, 20]), 25)).toBe(0);
    expect(forwardBuffer(ranges(), 0)).toBe(0);
  });
});

describe('giving back the target that stalls took', () => {
  it('restores the hold-back after a steady while on target', () => {
    expect(restoredTarget(1.0, 0.6, STEADY_MS, true)).toBe(0.6);
  });

  it('waits while stalls are recent or the viewer is off target, and leaves an unmoved target alone', () => {
    expect(restoredTarget(1.0, 0.6, STEADY_MS - 1, true)).toBeNull();
    expect(restoredTarget(1.0, 0.6, STEADY_MS, false)).toBeNull();
    expect(restoredTarget(0.6, 0.6, STEADY_MS, true)).toBeNull();
    expect(restoredTarget(1.0, 0, STEADY_MS, true)).toBeNull(); // no hold-back known
  });
});

describe('settling onto the target at start-up', () => {
  it('seeks once onto the target when the start left the viewer behind and the position is buffered', () => {
    expect(shouldSettleAtStart(500, 2.2, 0.6, true, true)).toBe(true);
    expect(shouldSettleAtStart(START_SETTLE_MS, 1.2, 0.6, true, true)).toBe(true);
  });

  it('leaves a viewer near the target, one who chose a position, a later lag, or a position not yet buffered', () => {
    expect(shouldSettleAtStart(500, 1.0, 0.6, true, true)).toBe(false);
    expect(shouldSettleAtStart(500, 2.2, 0.6, false, true)).toBe(false);
    expect(shouldSettleAtStart(START_SETTLE_MS + 1, 2.2, 0.6, true, true)).toBe(false);
    expect(shouldSettleAtStart(500, 2.2, 0.6, true, false)).toBe(false);
  });
});
