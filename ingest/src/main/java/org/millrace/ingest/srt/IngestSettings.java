package org.millrace.ingest.srt;

import java.time.Duration;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.TrustedProxies;
import org.millrace.srt.listener.SrtListenerConfig;

/**
 * Tunables of the SRT ingest.
 *
 * @param listener     the SRT listener (host, UDP port, receive latency, idle timeout, limits)
 * @param sinkQueue    payloads (about 1316 bytes each) buffered per publisher while the live sink is busy; beyond
 *                     that bytes are dropped and counted
 * @param busTimeout   how long to wait for the streams service (below the listener's 3 s accept timeout, so a
 *                     caller gets a rejection rather than a hang)
 * @param dataIdleTimeout a publisher that stays connected (keep-alives) but sends no media for this long is dropped
 * @param capacity     publishers this node transcodes at once ({@code MILLRACE_INGEST_CAPACITY}); one more is
 *                     refused at the handshake ({@code ingest_full}) rather than slowing everyone down
 */
public record IngestSettings(
        SrtListenerConfig listener, int sinkQueue, Duration busTimeout, Duration dataIdleTimeout, int capacity) {
    /** What {@link #on} admits: no practical limit (tests and tools; a server takes its configured capacity). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public IngestSettings {
        if (sinkQueue < 16) {
            throw new IllegalArgumentException("sink queue must hold at least 16 payloads");
        }
        if (busTimeout.compareTo(listener.acceptTimeout()) >= 0) {
            throw new IllegalArgumentException("the bus timeout must be shorter than the accept timeout");
        }
        if (dataIdleTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("the data idle timeout must be at least 100 ms");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("the ingest capacity must be at least 1 publisher");
        }
    }

    /**
     * All interfaces, the configured SRT port (UDP 8890 by default), 120 ms latency, 5 s idle timeout, the
     * configured capacity. The per-source limits do not apply to the trusted proxies ({@code MILLRACE_TRUSTED_PROXIES}):
     * behind the UDP front (nginx/srt-front.conf.template) every caller arrives from the front's address, and the
     * front limits sessions per real source itself.
     */
    public static IngestSettings from(MillraceConfig config) {
        IngestSettings defaults = on("0.0.0.0", config.srtPort()).withCapacity(config.ingestCapacity());
        TrustedProxies front = config.trustedProxies();
        return front.isEmpty()
                ? defaults
                : defaults.withListener(defaults.listener()
                        .withLimits(defaults.listener()
                                .limits()
                                .withUnlimitedSources(address -> front.trusts(address.getHostAddress()))));
    }

    public static IngestSettings on(String host, int port) {
        return new IngestSettings(
                SrtListenerConfig.defaults(host, port),
                8192,
                Duration.ofMillis(2500),
                Duration.ofSeconds(10),
                UNLIMITED);
    }

    public IngestSettings withListener(SrtListenerConfig newListener) {
        return new IngestSettings(newListener, sinkQueue, busTimeout, dataIdleTimeout, capacity);
    }

    public IngestSettings withDataIdleTimeout(Duration timeout) {
        return new IngestSettings(listener, sinkQueue, busTimeout, timeout, capacity);
    }

    public IngestSettings withCapacity(int publishers) {
        return new IngestSettings(listener, sinkQueue, busTimeout, dataIdleTimeout, publishers);
    }
}
