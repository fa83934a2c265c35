package org.millrace.srt.handshake;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One listener's per-source limits: pending handshakes, open connections and the pace of new handshakes of each
 * source, except the sources exempt from them (a trusted UDP front). Confined to the listener's event loop.
 */
public final class SourceQuotas {
    private static final int TRACKED_SOURCES = 4096;
    private final int connectionsPerSource;
    private final int pendingPerSource;
    private final Predicate<InetAddress> unlimited;
    private final SourceCounts pending = new SourceCounts();
    private final SourceCounts connections = new SourceCounts();
    private final HandshakeRate rate;

    /** @param unlimited the sources no limit applies to */
    public SourceQuotas(
            int connectionsPerSource,
            int pendingPerSource,
            double handshakesPerSecondPerSource,
            Predicate<InetAddress> unlimited) {
        this.connectionsPerSource = connectionsPerSource;
        this.pendingPerSource = pendingPerSource;
        this.unlimited = unlimited;
        int burst = Math.max(1, (int) (2 * handshakesPerSecondPerSource));
        this.rate = new HandshakeRate(handshakesPerSecondPerSource, burst, TRACKED_SOURCES);
    }

    /**
     * Why a new handshake from {@code address} is refused now, if it is: BACKLOG when its source has its share of
     * pending handshakes or asks faster than its pace, OVERLOAD when it holds its share of connections.
     */
    public Optional<RejectReason> refusal(InetAddress address, long nowMicros) {
        if (unlimited.test(address)) {
            return Optional.empty();
        }
        if (pending.count(address) >= pendingPerSource) {
            return Optional.of(RejectReason.BACKLOG);
        }
        if (connections.count(address) >= connectionsPerSource) {
            return Optional.of(RejectReason.OVERLOAD);
        }
        if (!rate.tryAcquire(address, nowMicros)) {
            return Optional.of(RejectReason.BACKLOG);
        }
        return Optional.empty();
    }

    /** Whether one more connection from {@code address} fits (others may have got in while it was pending). */
    public boolean connectionFits(InetAddress address) {
        return unlimited.test(address) || connections.count(address) < connectionsPerSource;
    }

    public void pendingStarted(InetAddress address) {
        pending.increment(address);
    }

    public void pendingEnded(InetAddress address) {
        pending.decrement(address);
    }

    public void connectionOpened(InetAddress address) {
        connections.increment(address);
    }

    public void connectionClosed(InetAddress address) {
        connections.decrement(address);
    }
}
