package org.millrace.ingest.streams;

import java.time.Duration;

/**
 * Tunables of the streams service.
 *
 * @param reconnectGrace      how long a dropped publisher may come back into the same session
 * @param viewerWindow        a viewer counts while its last heartbeat is this recent
 * @param maxViewersPerStream memory bound of the viewer counter per stream
 * @param maxTrackedStreams   memory bound of the viewer counter across streams
 */
public record StreamsSettings(Duration reconnectGrace, Duration viewerWindow, int maxViewersPerStream,
                              int maxTrackedStreams) {
    /** OBS reconnects after a few seconds by default; 30 s covers a few attempts on a bad link. */
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(30);

    public StreamsSettings {
        if (reconnectGrace.isNegative() || reconnectGrace.isZero()) {
            throw new IllegalArgumentException("reconnect grace must be positive");
        }
        if (viewerWindow.isNegative() || viewerWindow.isZero()) {
            throw new IllegalArgumentException("viewer window must be positive");
        }
        if (maxViewersPerStream < 1 || maxTrackedStreams < 1) {
            throw new IllegalArgumentException("viewer bounds must be positive");
        }
    }

    public static StreamsSettings defaults() {
        return new StreamsSettings(DEFAULT_RECONNECT_GRACE, Duration.ofSeconds(30), 100_000, 10_000);
    }

    /** The defaults with the operator's reconnect grace ({@code MILLRACE_RECONNECT_GRACE_SECONDS}). */
    public static StreamsSettings from(org.millrace.core.config.MillraceConfig config) {
        return defaults().withReconnectGrace(config.reconnectGrace());
    }

    public StreamsSettings withReconnectGrace(Duration grace) {
        return new StreamsSettings(grace, viewerWindow, maxViewersPerStream, maxTrackedStreams);
    }
}
