import { describe, expect, it } from 'vitest';
import { behindLiveLabel, edgeLatency, isOnTarget, JUMP_COOLDOWN_MS, LIVE_HLS_CONFIG, shouldJumpToLive, type LiveState } from './liveSync';

// What the server's LL-HLS gives: PART-HOLD-BACK 1 s, 2 s segments.
const live: LiveState = { latency: 1.2, targetLatency: 1, targetDuration: 2, following: true, playing: true,
  sinceLastJumpMs: Infinity };

describe('keeping to the live edge', () => {
  it('runs hls.js in low-latency mode with a modest catch-up and no seek of DVR viewers', () => {
    expect(LIVE_HLS_CONFIG.lowLatencyMode).toBe(true);
    expect(LIVE_HLS_CONFIG.maxLiveSyncPlaybackRate).toBeGreaterThanOrEqual(1.1);
    expect(LIVE_HLS_CONFIG.maxLiveSyncPlaybackRate).toBeLessThanOrEqual(1.2);
    // Either would override the server's PART-HOLD-BACK, or (the max) seek a DVR viewer back to live.
    for (const key of ['liveSyncDuration', 'liveSyncDurationCount', 'liveMaxLatencyDuration', 'liveMaxLatencyDurationCount']) {
      expect(LIVE_HLS_CONFIG).not.toHaveProperty(key);
    }
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
