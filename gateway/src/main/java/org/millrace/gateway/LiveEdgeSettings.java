package org.millrace.gateway;

import java.time.Duration;
import org.millrace.core.config.LiveHlsSettings;
import org.millrace.hls.LowLatency;

/**
 * How the gateway follows live playlists in memory for LL-HLS: the playlists' shape (core's {@link LiveHlsSettings},
 * the one the transcoder writes with, so the gateway's copy keeps the same segments and renders the same parts), and
 * the bounds on what it keeps: streams followed, renditions per stream, requests held open in all and per address.
 *
 * @param idleAfter a stream nobody asked for in this long is no longer followed (its bus consumer and playlists go)
 */
public record LiveEdgeSettings(
        LiveHlsSettings liveHls,
        int maxStreams,
        int maxRenditions,
        int maxHeld,
        int maxHeldPerAddress,
        Duration idleAfter) {
    public LiveEdgeSettings {
        if (maxStreams < 1 || maxRenditions < 1 || maxHeld < 1 || maxHeldPerAddress < 1 || idleAfter.isNegative()) {
            throw new IllegalArgumentException("live edge bounds must be positive");
        }
    }

    /**
     * Default playlists; at most 100 streams followed (a 2 h playlist of five renditions is a few MB), 10,000 requests
     * held, 512 per client address: an LL viewer holds two (video and audio playlists), and a whole office or campus
     * behind one NAT shares an address (32 failed the 17th viewer: hls.js does not retry a 429); connections per
     * address are bounded on their own (MILLRACE_HTTP_CONNECTIONS_PER_ADDRESS).
     */
    public static LiveEdgeSettings defaults() {
        return new LiveEdgeSettings(LiveHlsSettings.defaults(), 100, 16, 10_000, 512, Duration.ofSeconds(60));
    }

    public Duration segmentTarget() {
        return liveHls.segmentTarget();
    }

    public Duration window() {
        return liveHls.dvrWindow();
    }

    public LowLatency lowLatency() {
        return liveHls.lowLatency();
    }

    /** How long a blocking request waits for its part: three target durations (RFC 8216bis 6.2.5.2), then a 503. */
    public Duration holdTimeout() {
        return segmentTarget().multipliedBy(3);
    }

    public LiveEdgeSettings withBounds(int streams, int held, int heldPerAddress) {
        return new LiveEdgeSettings(liveHls, streams, maxRenditions, held, heldPerAddress, idleAfter);
    }

    /** With the playlists' shape as configured (MILLRACE_HLS_PART_MS). */
    public LiveEdgeSettings withLiveHls(LiveHlsSettings hls) {
        return new LiveEdgeSettings(hls, maxStreams, maxRenditions, maxHeld, maxHeldPerAddress, idleAfter);
    }

    public LiveEdgeSettings withIdleAfter(Duration idle) {
        return new LiveEdgeSettings(liveHls, maxStreams, maxRenditions, maxHeld, maxHeldPerAddress, idle);
    }
}
