package org.millrace.gateway;

import java.time.Duration;

import org.millrace.hls.LowLatency;

/**
 * How the gateway follows live playlists in memory for LL-HLS: the segment target and DVR window the transcoder
 * writes with (so its copy keeps the same segments), the LL-HLS parameters it renders, and the bounds on what it
 * keeps: streams followed, renditions per stream, requests held open in all and per client address.
 *
 * @param idleAfter a stream nobody asked for in this long is no longer followed (its bus consumer and playlists go)
 */
public record LiveEdgeSettings(Duration segmentTarget, Duration window, LowLatency lowLatency, int maxStreams,
                               int maxRenditions, int maxHeld, int maxHeldPerAddress, Duration idleAfter) {
    /** The transcoder's defaults: 2 s segments, a 2 h DVR window, 1/3 s parts listed for 3 segments, skip after 12 s. */
    public static final Duration SEGMENT_TARGET = Duration.ofSeconds(2);
    public static final Duration WINDOW = Duration.ofHours(2);
    public static final LowLatency LOW_LATENCY = new LowLatency(Duration.ofMillis(333), 3,
            SEGMENT_TARGET.multipliedBy(6));

    public LiveEdgeSettings {
        if (maxStreams < 1 || maxRenditions < 1 || maxHeld < 1 || maxHeldPerAddress < 1 || idleAfter.isNegative()) {
            throw new IllegalArgumentException("live edge bounds must be positive");
        }
    }

    /**
     * The transcoder's defaults; at most 100 streams followed (a 2 h playlist of five renditions is a few MB), 10,000
     * requests held, 32 per client address (a player holds one or two; viewers behind one NAT share an address).
     */
    public static LiveEdgeSettings defaults() {
        return new LiveEdgeSettings(SEGMENT_TARGET, WINDOW, LOW_LATENCY, 100, 16, 10_000, 32, Duration.ofSeconds(60));
    }

    /** How long a blocking request waits for its part: three target durations (RFC 8216bis 6.2.5.2), then a 503. */
    public Duration holdTimeout() {
        return segmentTarget.multipliedBy(3);
    }

    public LiveEdgeSettings withBounds(int streams, int held, int heldPerAddress) {
        return new LiveEdgeSettings(segmentTarget, window, lowLatency, streams, maxRenditions, held, heldPerAddress,
                idleAfter);
    }

    public LiveEdgeSettings withSegmentTarget(Duration target) {
        return new LiveEdgeSettings(target, window, new LowLatency(lowLatency.partTarget(), lowLatency.partSegments(),
                target.multipliedBy(6)), maxStreams, maxRenditions, maxHeld, maxHeldPerAddress, idleAfter);
    }

    /** With the part target the transcoder cuts with (MILLRACE_HLS_PART_MS). */
    public LiveEdgeSettings withPartTarget(Duration partTarget) {
        return new LiveEdgeSettings(segmentTarget, window, new LowLatency(partTarget, lowLatency.partSegments(),
                lowLatency.canSkipUntil()), maxStreams, maxRenditions, maxHeld, maxHeldPerAddress, idleAfter);
    }

    public LiveEdgeSettings withIdleAfter(Duration idle) {
        return new LiveEdgeSettings(segmentTarget, window, lowLatency, maxStreams, maxRenditions, maxHeld,
                maxHeldPerAddress, idle);
    }
}
