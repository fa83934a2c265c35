package org.millrace.streams;

import java.time.Duration;
import org.millrace.core.config.MillraceConfig;

/**
 * Tunables of the streams service.
 *
 * @param reconnectGrace          how long a dropped publisher may come back into the same session
 * @param maxPublishersPerAccount streams one account may have live at once
 * @param viewers                 the live viewer counter's window and memory bounds
 */
public record StreamsSettings(Duration reconnectGrace, int maxPublishersPerAccount, ViewerLimits viewers) {
    /** OBS reconnects after a few seconds by default; 30 s covers a few attempts on a bad link. */
    public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(30);
    /** A streamer with a main and a backup feed, a few cameras: more is a script or a leaked account. */
    public static final int DEFAULT_MAX_PUBLISHERS_PER_ACCOUNT = 5;

    /**
     * @param window      a viewer counts while its last heartbeat is this recent
     * @param perStream   viewers tracked per stream
     * @param streams     streams tracked at once
     * @param total       viewers tracked across all streams
     * @param perAddress  viewers one client address (an IPv6 /64) counts for, per stream: made-up viewer ids from
     *                    one address add nothing past it (as anonymous VOD views are capped per address)
     */
    public record ViewerLimits(Duration window, int perStream, int streams, int total, int perAddress) {
        public ViewerLimits {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("viewer window must be positive");
            }
            if (perStream < 1 || streams < 1 || total < 1 || perAddress < 1) {
                throw new IllegalArgumentException("viewer bounds must be positive");
            }
        }

        /** 30 s window; 5 viewers per address; at most 250,000 viewers tracked (about 60 MB). */
        public static ViewerLimits defaults() {
            return new ViewerLimits(Duration.ofSeconds(30), 100_000, 10_000, 250_000, 5);
        }
    }

    public StreamsSettings {
        if (reconnectGrace.isNegative() || reconnectGrace.isZero()) {
            throw new IllegalArgumentException("reconnect grace must be positive");
        }
        if (maxPublishersPerAccount < 1) {
            throw new IllegalArgumentException("publishers per account must be positive");
        }
    }

    public static StreamsSettings defaults() {
        return new StreamsSettings(
                DEFAULT_RECONNECT_GRACE, DEFAULT_MAX_PUBLISHERS_PER_ACCOUNT, ViewerLimits.defaults());
    }

    /**
     * The defaults with the operator's reconnect grace ({@code MILLRACE_RECONNECT_GRACE_SECONDS}) and publisher cap
     * ({@code MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT}).
     */
    public static StreamsSettings from(MillraceConfig config) {
        return defaults()
                .withReconnectGrace(config.reconnectGrace())
                .withMaxPublishersPerAccount(config.maxPublishersPerAccount());
    }

    public StreamsSettings withReconnectGrace(Duration grace) {
        return new StreamsSettings(grace, maxPublishersPerAccount, viewers);
    }

    public StreamsSettings withMaxPublishersPerAccount(int max) {
        return new StreamsSettings(reconnectGrace, max, viewers);
    }
}
