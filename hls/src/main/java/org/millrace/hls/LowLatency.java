package org.millrace.hls;

import java.time.Duration;

/**
 * How a live playlist does LL-HLS: the part target (EXT-X-PART-INF), how many complete segments keep their parts
 * listed after the segment being written, and the delta-update horizon (CAN-SKIP-UNTIL, rendered as at least six
 * target durations; null: no delta updates). PART-HOLD-BACK is three part targets, HOLD-BACK three target durations.
 */
public record LowLatency(Duration partTarget, int partSegments, Duration canSkipUntil) {
    public LowLatency {
        if (partTarget.toMillis() < 100 || partSegments < 1) {
            throw new IllegalArgumentException("partTarget " + partTarget + ", partSegments " + partSegments);
        }
    }
}
