package org.millrace.srt.listener;

import java.net.InetAddress;
import java.util.Optional;

import org.millrace.srt.handshake.HandshakeRate;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.handshake.SourceCounts;

/**
 * One listener's per-source limits ({@link SrtListenerLimits}): pending handshakes, open connections and the pace of
 * new handshakes of each source, except the sources the limits exempt (a trusted UDP front). Confined to the
 * listener's event loop.
 */
final class SourceQuotas {
    private static final int TRACKED_SOURCES = 4096;
    private final SrtListenerLimits limits;
    private final SourceCounts pending = new SourceCounts();
    private final SourceCounts connections = new SourceCounts();
    private final HandshakeRate rate;

    SourceQuotas(SrtListenerLimits limits) {
        this.limits = limits;
        this.rate = new HandshakeRate(limits.handshakesPerSecondPerSource(),
                Math.max(1, (int) (2 * limits.handshakesPerSecondPerSource())), TRACKED_SOURCES);
    }

    /**
     * Why a new handshake from {@code address} is refused now, if it is: BACKLOG when its source has its share of
     * pending handshakes or asks faster than its pace, OVERLOAD when it holds its share of connections.
     */
    Optional<RejectReason> refusal(InetAddress address, long nowMicros) {
        if (limits.unlimitedSources().test(address)) {
            return Optional.empty();
        }
        if (pending.count(address) >= limits.pendingPerSource()) {
            return Optional.of(RejectReason.BACKLOG);
        }
        if (connections.count(address) >= limits.connectionsPerSource()) {
            return Optional.of(RejectReason.OVERLOAD);
        }
        if (!rate.tryAcquire(address, nowMicros)) {
            return Optional.of(RejectReason.BACKLOG);
        }
        return Optional.empty();
    }

    /** Whether one more connection from {@code address} fits (others may have got in while it was pending). */
    boolean connectionFits(InetAddress address) {
        return limits.unlimitedSources().test(address) || connections.count(address) < limits.connectionsPerSource();
    }

    void pendingStarted(InetAddress address) {
        pending.increment(address);
    }

    void pendingEnded(InetAddress address) {
        pending.decrement(address);
    }

    void connectionOpened(InetAddress address) {
        connections.increment(address);
    }

    void connectionClosed(InetAddress address) {
        connections.decrement(address);
    }
}
